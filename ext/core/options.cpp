#include "core/options.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstring>

namespace sd {

namespace {

// Names, types and defaults of PEAR System_Daemon 1.0, then the options this
// extension adds. Order matters only for getOptions().
const OptionDef kOptions[] = {
    {"usePEAR", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    {"usePEARLogInstance", OptKind::LogInstance, StrRule::Any, 0, 0, "boolean|object", "false", nullptr},
    {"useCustomLogHandler", OptKind::LogCallable, StrRule::Any, 0, 0, "boolean|callable", "false", nullptr},
    {"usePsrLogger", OptKind::PsrLogger, StrRule::Any, 0, 0, "boolean|Psr\\Log\\LoggerInterface", "false", nullptr},
    {"authorName", OptKind::String, StrRule::Any, 0, 50, "string/0-50", nullptr, nullptr},
    {"authorEmail", OptKind::String, StrRule::Email, 0, 0, "string/email", nullptr, nullptr},
    // The original warned about names like "knx-tracking.php" (basename of PHP_SELF)
    // and used them; every name that is safe wherever appName ends up is accepted.
    {"appName", OptKind::String, StrRule::AppName, 1, 64, "string/unix", nullptr, nullptr},
    {"appDescription", OptKind::String, StrRule::Any, 0, 0, "string", nullptr, nullptr},
    {"appDir", OptKind::String, StrRule::ExistingDir, 0, 0, "string/existing_dirpath", "@dirname({SERVER.SCRIPT_NAME})",
     nullptr},
    {"appExecutable", OptKind::String, StrRule::ExistingFile, 0, 0, "string/existing_filepath",
     "@basename({SERVER.SCRIPT_NAME})", nullptr},
    {"logVerbosity", OptKind::Number, StrRule::Any, 0, 7, "number/0-7", "6", nullptr},
    {"logLocation", OptKind::String, StrRule::CreatableFile, 0, 0, "string/creatable_filepath",
     "/var/log/{OPTIONS.appName}.log", nullptr},
    {"logPhpErrors", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    {"logFilePosition", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "false", nullptr},
    {"logTrimAppDir", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    {"logLinePosition", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    {"logJournal", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "false", nullptr},
    // The original capped ids at 65000, which refuses nobody/nogroup (65534).
    {"appRunAsUID", OptKind::Number, StrRule::Any, 0, 4294967294.0, "number/0-4294967294", "0", nullptr},
    {"appRunAsGID", OptKind::Number, StrRule::Any, 0, 4294967294.0, "number/0-4294967294", "0", nullptr},
    {"appPidLocation", OptKind::String, StrRule::UnixFilepath, 0, 0, "string/unix_filepath",
     "/var/run/{OPTIONS.appName}/{OPTIONS.appName}.pid", nullptr},
    {"appChkConfig", OptKind::String, StrRule::Any, 0, 0, "string", "- 99 0", nullptr},
    {"appDieOnIdentityCrisis", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    {"appUmask", OptKind::Number, StrRule::Any, 0, 0777, "number/0-0777", "18", nullptr},
    // Seconds a TERM/INT/QUIT leaves the script to notice isDying() and end its loop.
    {"appStopGraceSec", OptKind::Number, StrRule::Any, 0, 86400, "number/0-86400", "10", nullptr},
    {"appDeferReady", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "false", nullptr},
    {"appForeground", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "false", nullptr},
    {"sysMaxExecutionTime", OptKind::Number, StrRule::Any, 0, 2147483647.0, "number", "0", nullptr},
    {"sysMaxInputTime", OptKind::Number, StrRule::Any, -1, 2147483647.0, "number", "0", nullptr},
    {"sysMemoryLimit", OptKind::String, StrRule::MemoryLimit, 0, 0, "string/memory_limit", "128M", nullptr},
    {"runTemplateLocation", OptKind::String, StrRule::ExistingFile, 0, 0, "string/existing_filepath", "false", nullptr},
    {"runAutoRunDir", OptKind::String, StrRule::ExistingDir, 0, 0, "string/existing_dirpath", nullptr, nullptr},
    {"runAutoRunType", OptKind::String, StrRule::Enum, 0, 0, "string/auto|initd|systemd", "auto", "auto|initd|systemd"},
    {"runListenStream", OptKind::String, StrRule::Any, 0, 0, "string", nullptr, nullptr},
    {"runWatchdogSec", OptKind::Number, StrRule::Any, 0, 86400, "number/0-86400", "0", nullptr},
    {"runLogrotate", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "false", nullptr},
    // The processes the daemon started stop with it (false: the script manages them).
    {"appStopChildren", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    // Seconds an image must run before restart() executes the next without waiting.
    {"appMinUptime", OptKind::Number, StrRule::Any, 0, 86400, "number/0-86400", "10", nullptr},
    {"doTicks", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "true", nullptr},
    // Limits checked between iterations: reaching one recycles the daemon. Unset is
    // off, so there is no default.
    {"appMaxMemory", OptKind::String, StrRule::ByteSize, 0, 0, "string/bytes", nullptr, nullptr},
    {"appMaxRunTime", OptKind::Number, StrRule::Any, 1, 315360000, "number/1-315360000", nullptr, nullptr},
    {"appMaxIterations", OptKind::Number, StrRule::Any, 1, 1e12, "number/1-1000000000000", nullptr, nullptr},
    {"appLimitJitter", OptKind::Real, StrRule::Any, 0, 0.5, "number/0-0.5", "0", nullptr},
    {"appLimitAction", OptKind::String, StrRule::Enum, 0, 0, "string/restart|exit", "restart", "restart|exit"},
    {"appIterationWarnSec", OptKind::Real, StrRule::Any, 0.001, 86400, "number/0.001-86400", nullptr, nullptr},
    {"appIterationTimeoutSec", OptKind::Real, StrRule::Any, 0.001, 86400, "number/0.001-86400", nullptr, nullptr},
    // 'pear': the original's lines; 'json': one JSON object a line, for log shippers.
    {"logFormat", OptKind::String, StrRule::Enum, 0, 0, "string/pear|json", "pear", "pear|json"},
    // A file iterate()/isDying() touch at most once per interval: a liveness probe
    // compares its mtime with the clock. Created by the daemon user, after the drop.
    {"appHeartbeatFile", OptKind::String, StrRule::CreatableFile, 0, 0, "string/creatable_filepath", nullptr, nullptr},
    {"appHeartbeatInterval", OptKind::Number, StrRule::Any, 1, 86400, "number/1-86400", "10", nullptr},
    // stats() as JSON (or Prometheus' text format for a .prom name), replaced atomically.
    {"appStatusFile", OptKind::String, StrRule::CreatableFile, 0, 0, "string/creatable_filepath", nullptr, nullptr},
    {"appStatusInterval", OptKind::Number, StrRule::Any, 1, 86400, "number/1-86400", "10", nullptr},
    // N >= 1: start() makes the daemon a master (no user code) supervising N workers,
    // and returns only in the workers. 0 is the single process.
    {"appWorkers", OptKind::Number, StrRule::Any, 0, 1024, "number/0-1024", "0", nullptr},
    // "<app>: master" / "<app>: worker N" in ps. Off by default: tools that watch a
    // daemon by its name (pgrep php, monit's process matching) would lose it.
    {"appProcessTitle", OptKind::Boolean, StrRule::Any, 0, 0, "boolean", "false", nullptr},
};

bool all_of(std::string_view s, bool (*pred)(unsigned char))
{
    for (unsigned char c : s) {
        if (!pred(c)) return false;
    }
    return true;
}

bool is_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

bool is_path_char(unsigned char c)
{
    return std::isalnum(c) || c == '_' || c == '.' || c == '/' || c == '-';
}

bool is_alnum_lower(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// The original's e-mail rule: ^[a-z0-9]+([._-][a-z0-9]+)*@([a-z0-9]+([._-][a-z0-9]+))+$,
// applied case-insensitively here (nobody's address is refused for a capital letter).
bool is_email(std::string_view s)
{
    std::string l(s);
    for (auto &c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = l.find('@');
    if (at == std::string::npos || l.find('@', at + 1) != std::string::npos) return false;
    auto dotted = [](std::string_view part, bool need_sep) {
        if (part.empty()) return false;
        bool prev_sep = true;
        int seps = 0;
        for (unsigned char c : part) {
            if (is_alnum_lower(c)) {
                prev_sep = false;
            } else if (c == '.' || c == '_' || c == '-') {
                if (prev_sep) return false;
                prev_sep = true;
                ++seps;
            } else {
                return false;
            }
        }
        return !prev_sep && (!need_sep || seps > 0);
    };
    return dotted(std::string_view(l).substr(0, at), false) && dotted(std::string_view(l).substr(at + 1), true);
}

}  // namespace

const OptionDef *option_table(std::size_t &count)
{
    count = sizeof(kOptions) / sizeof(kOptions[0]);
    return kOptions;
}

const OptionDef *find_option(std::string_view name)
{
    for (const auto &d : kOptions) {
        if (name == d.name) return &d;
    }
    return nullptr;
}

unsigned long long parse_byte_size(std::string_view s)
{
    std::size_t i = 0;
    unsigned long long n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
        if (n > (~0ull - 9) / 10) return 0;
        n = n * 10 + static_cast<unsigned long long>(s[i] - '0');
        ++i;
    }
    if (i == 0) return 0;
    if (i == s.size()) return n;
    if (i + 1 != s.size()) return 0;
    int shift;
    switch (std::toupper(static_cast<unsigned char>(s[i]))) {
        case 'K': shift = 10; break;
        case 'M': shift = 20; break;
        case 'G': shift = 30; break;
        default: return 0;
    }
    if (n > (~0ull >> shift)) return 0;
    return n << shift;
}

bool is_memory_limit(std::string_view s)
{
    if (s == "-1") return true;
    if (s.empty()) return false;
    std::size_t i = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == 0) return false;
    if (i == s.size()) return true;
    if (i + 1 != s.size()) return false;
    char u = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    return u == 'K' || u == 'M' || u == 'G';
}

std::string check_string(const OptionDef &def, std::string_view v, std::string_view app_dir)
{
    if (v.find('\0') != std::string_view::npos) return "a string without NUL bytes";
    if (def.max > 0 && (v.size() < def.min || v.size() > def.max)) {
        return "a string of " + std::to_string(static_cast<long>(def.min)) + " to " +
               std::to_string(static_cast<long>(def.max)) + " characters";
    }
    struct stat st;
    switch (def.rule) {
        case StrRule::Any: return {};
        case StrRule::Email: return is_email(v) ? std::string() : "an e-mail address like name@example.com";
        case StrRule::AppName:
            return !v.empty() && v[0] != '.' && v[0] != '-' && all_of(v, is_name_char)
                       ? std::string()
                       : "letters, digits, '_', '-' and '.' only, not starting with '.' or '-'";
        case StrRule::UnixFilepath:
            if (v.empty() || v[0] != '/') return "an absolute path, or one relative to the current directory";
            return all_of(v, is_path_char) ? std::string()
                                           : "a path of letters, digits, '_', '.', '-' and '/' only (no spaces)";
        case StrRule::ExistingDir:
            return (stat(std::string(v).c_str(), &st) == 0 && S_ISDIR(st.st_mode)) ? std::string()
                                                                                   : "an existing directory";
        case StrRule::ExistingFile: {
            std::string p(v);
            if (!p.empty() && p[0] != '/' && !app_dir.empty()) p = std::string(app_dir) + "/" + p;
            return (stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode)) ? std::string() : "an existing file";
        }
        case StrRule::CreatableFile: {
            std::string dir = path_dirname(v);
            if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return "a file in an existing directory";
            if (access(dir.c_str(), W_OK) != 0 && access(std::string(v).c_str(), W_OK) != 0) {
                return "a file in a writable directory";
            }
            return {};
        }
        case StrRule::MemoryLimit:
            return is_memory_limit(v) ? std::string() : "a PHP memory quantity like 128M, 1G or -1";
        case StrRule::ByteSize:
            return parse_byte_size(v) > 0 ? std::string()
                                          : "a positive number of bytes, optionally with K, M or G (256M, 1G)";
        case StrRule::Enum: {
            std::string_view c(def.choices ? def.choices : "");
            while (!c.empty()) {
                auto bar = c.find('|');
                if (c.substr(0, bar) == v) return {};
                if (bar == std::string_view::npos) break;
                c.remove_prefix(bar + 1);
            }
            std::string want = "one of: ";
            for (const char *p = def.choices; p && *p; ++p)
                want += (*p == '|') ? std::string(", ") : std::string(1, *p);
            return want;
        }
    }
    return {};
}

std::string path_basename(std::string_view p)
{
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    if (p == "/") return "";
    auto slash = p.rfind('/');
    return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

std::string absolute_path(std::string_view cwd, std::string_view p)
{
    if (!p.empty() && p[0] == '/') return std::string(p);
    std::string joined = std::string(cwd) + "/" + std::string(p);
    std::string out;
    std::size_t i = 0;
    while (i < joined.size()) {
        std::size_t j = joined.find('/', i);
        if (j == std::string::npos) j = joined.size();
        std::string_view seg(joined.data() + i, j - i);
        if (!seg.empty() && seg != ".") {
            out += '/';
            out.append(seg.data(), seg.size());
        }
        i = j + 1;
    }
    return out.empty() ? "/" : out;
}

std::string path_dirname(std::string_view p)
{
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    auto slash = p.rfind('/');
    if (slash == std::string_view::npos) return ".";
    std::string_view d = p.substr(0, slash);
    while (d.size() > 1 && d.back() == '/') d.remove_suffix(1);
    return d.empty() ? "/" : std::string(d);
}

SubstResult substitute_vars(std::string_view in, const VarLookup &lookup)
{
    SubstResult r;
    std::string out;
    out.reserve(in.size());
    // One level deep: a value that itself holds braces is
    // copied as is, so {a} -> "{b}" -> ... can never loop.
    for (std::size_t i = 0; i < in.size();) {
        if (in[i] == '{') {
            auto close = in.find_first_of("{}", i + 1);
            if (close != std::string_view::npos && in[close] == '}' && close > i + 1) {
                std::string_view full = in.substr(i + 1, close - i - 1);
                std::string_view source = "OPTIONS", var = full;
                auto dot = full.find('.');
                if (dot != std::string_view::npos) {
                    source = full.substr(0, dot);
                    var = full.substr(dot + 1);
                }
                std::optional<std::string> val;
                if (source == "OPTIONS" || (source == "SERVER" && var == "SCRIPT_NAME")) val = lookup(source, var);
                if (val) {
                    out += *val;
                } else {
                    if (r.error.empty()) r.error = "{" + std::string(full) + "} cannot be resolved (not set)";
                    out.append(in.substr(i, close - i + 1));
                }
                i = close + 1;
                continue;
            }
        }
        out += in[i++];
    }
    r.value = std::move(out);
    return r;
}

SubstResult substitute(std::string_view in, const VarLookup &lookup)
{
    SubstResult r = substitute_vars(in, lookup);
    std::string out = std::move(r.value);
    // Pass 2: @basename(...) and @dirname(...), as the original's /@([\w_]+)\(([^\)]+)\)/.
    std::string res;
    res.reserve(out.size());
    for (std::size_t i = 0; i < out.size();) {
        if (out[i] == '@') {
            std::size_t j = i + 1;
            while (j < out.size() && (std::isalnum(static_cast<unsigned char>(out[j])) || out[j] == '_')) ++j;
            if (j > i + 1 && j < out.size() && out[j] == '(') {
                auto close = out.find(')', j + 1);
                if (close != std::string::npos && close > j + 1) {
                    std::string fn = out.substr(i + 1, j - i - 1);
                    std::string arg = out.substr(j + 1, close - j - 1);
                    if (fn == "basename") {
                        res += path_basename(arg);
                    } else if (fn == "dirname") {
                        res += path_dirname(arg);
                    } else {
                        if (r.error.empty()) r.error = "@" + fn + "() is not allowed (only @basename() and @dirname())";
                        res.append(out, i, close - i + 1);
                    }
                    i = close + 1;
                    continue;
                }
            }
        }
        res += out[i++];
    }
    r.value = std::move(res);
    return r;
}

}  // namespace sd
