// libFuzzer target for the startup-file renderers of ext/core/render_*.h. Besides
// crashes and sanitizer reports it checks properties that must hold for every input
// (an abort() is a finding):
//  - render_init_script() leaves text without '@' unchanged;
//  - shell_quote() gives one shell word that a POSIX shell reads back as the input;
//  - an init script rendered with ShellWords has no line that a value added: a value
//    holding a newline is refused;
//  - a systemd unit that renders has only section headers, Key=value lines, comments
//    and blank lines (no value can add a directive), and systemd_quote_arg() reads back;
//  - a logrotate snippet that renders has no value-made line either, nor a socket unit;
//  - LISTEN_FDS parsing gives fds 3, 4, ... with distinct keys.
// Build and run: scripts/fuzz.sh.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "core/sdnotify.h"
#include "core/render_init.h"
#include "core/render_logrotate.h"
#include "core/render_socket.h"
#include "core/render_text.h"
#include "core/render_unit.h"

namespace {

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

// Reads one POSIX shell word made of unquoted characters, '...' and \x; false when
// the word would be split or expanded (space, $, `, ", ..., or unbalanced quotes).
bool shell_unquote(const std::string &w, std::string &out) {
    out.clear();
    for (std::size_t i = 0; i < w.size();) {
        char c = w[i];
        if (c == '\'') {
            auto end = w.find('\'', i + 1);
            if (end == std::string::npos) return false;
            out.append(w, i + 1, end - i - 1);
            i = end + 1;
        } else if (c == '\\') {
            if (i + 1 >= w.size() || w[i + 1] == '\n') return false;
            out.push_back(w[i + 1]);
            i += 2;
        } else {
            // What a POSIX shell (or bash) would split, expand or interpret in an
            // unquoted word; '%' is not among them (only fg/kill give it meaning).
            static const std::string special = " \t\n|&;<>()$`\"*?[]#~={}!";
            if (special.find(c) != std::string::npos) return false;
            out.push_back(c);
            ++i;
        }
    }
    return true;
}

// systemd's reading of one ExecStart= word as systemd_quote_arg() writes it.
bool systemd_unquote(const std::string &w, std::string &out) {
    out.clear();
    bool quoted = !w.empty() && w[0] == '"';
    std::size_t i = quoted ? 1 : 0, end = quoted ? w.size() - 1 : w.size();
    if (quoted && (w.size() < 2 || w.back() != '"')) return false;
    for (; i < end; ++i) {
        char c = w[i];
        if ((c == '%' || c == '$') && i + 1 < end && w[i + 1] == c) {
            out.push_back(c);
            ++i;
        } else if (c == '%' || c == '$') {
            return false;  // a lone % is a specifier, a lone $ an expansion
        } else if (quoted && c == '\\') {
            if (i + 1 >= end) return false;
            out.push_back(w[++i]);
        } else if (quoted && c == '"') {
            return false;
        } else if (!quoted && (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '\\' || c == ';')) {
            return false;
        } else {
            out.push_back(c);
        }
    }
    return true;
}

bool only_unit_lines(const std::string &unit) {
    std::size_t pos = 0;
    while (pos < unit.size()) {
        auto nl = unit.find('\n', pos);
        std::string line = unit.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        pos = nl == std::string::npos ? unit.size() : nl + 1;
        if (line.empty() || line[0] == '#' || line[0] == '[') continue;
        auto eq = line.find('=');
        if (eq == std::string::npos || eq == 0) return false;
        for (std::size_t k = 0; k < eq; ++k) {
            char c = line[k];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        }
    }
    return true;
}

std::size_t count_lines(const std::string &s) {
    std::size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider in(data, size);
    std::map<std::string, std::string> vars;
    static const char *const keys[] = {"name", "desc", "bin_file", "bin_name", "pid_file", "chkconfig",
                                       "author_name", "author_email", "php_bin"};
    for (int n = in.ConsumeIntegralInRange(0, 6); n > 0; --n) {
        std::string k = in.ConsumeBool() ? std::string(keys[in.ConsumeIntegralInRange<std::size_t>(0, 8)])
                                         : in.ConsumeRandomLengthString(12);
        vars[k] = in.ConsumeRandomLengthString(64);
    }
    int what = in.ConsumeIntegralInRange(0, 6);
    std::string out, err;

    switch (what) {
        case 0: {  // render_init_script over a fuzzed template
            std::string tpl = in.ConsumeRemainingBytesAsString();
            for (auto q : {sd::InitQuoting::Verbatim, sd::InitQuoting::ShellWords}) {
                bool ok = sd::render_init_script(tpl, vars, q, out, err);
                check(ok || !err.empty(), "render_init_script failed without a reason");
                if (tpl.find('@') == std::string::npos) check(ok && out == tpl, "template without @ changed");
                // Fewer lines is fine: a (fuzzed) key may hold a newline, and its
                // placeholder goes away with it. More would be a value's doing.
                if (ok && q == sd::InitQuoting::ShellWords)
                    check(count_lines(out) <= count_lines(tpl), "a value added a line to an init script");
            }
            break;
        }
        case 1: {  // the built-in templates with fuzzed values
            static const char *const os[] = {"Debian", "Ubuntu", "RedHat", "Fedora", "Arch", "BSD", "Linux"};
            const char *o = os[in.ConsumeIntegralInRange<std::size_t>(0, 6)];
            const char *tpl = sd::builtin_template(o);
            if (!tpl) break;
            bool ok = sd::render_init_script(tpl, vars, sd::InitQuoting::ShellWords, out, err);
            check(ok || !err.empty(), "render_init_script failed without a reason");
            // As above: a fuzzed key holding a newline can match the text between two
            // placeholders and take that newline away; only more lines would be a bug.
            if (ok) check(count_lines(out) <= count_lines(sd::builtin_template(o)), "a value added a line");
            break;
        }
        case 2: {  // shell_quote round trip
            std::string s = in.ConsumeRemainingBytesAsString();
            if (s.find('\0') != std::string::npos) break;  // documented: any byte but NUL
            std::string back;
            check(shell_unquote(sd::shell_quote(s), back) && back == s, "shell_quote() does not read back");
            break;
        }
        case 3: {  // systemd unit
            sd::UnitSpec u;
            u.description = in.ConsumeRandomLengthString(48);
            u.php_bin = in.ConsumeRandomLengthString(32);
            u.script = in.ConsumeRandomLengthString(48);
            u.pid_file = in.ConsumeRandomLengthString(32);
            u.user = in.ConsumeRandomLengthString(12);
            u.group = in.ConsumeRandomLengthString(12);
            u.working_dir = in.ConsumeRandomLengthString(32);
            u.documentation = in.ConsumeRandomLengthString(48);
            u.log_file = in.ConsumeRandomLengthString(32);
            u.watchdog_sec = in.ConsumeIntegral<unsigned>();
            bool ok = sd::render_systemd_unit(u, out, err);
            check(ok == err.empty() && ok == sd::check_unit_spec(u).empty(), "render/check disagree");
            if (ok) check(only_unit_lines(out), "a value added a line to the unit");
            std::string arg = in.ConsumeRemainingBytesAsString(), back;
            bool ctl = false;
            for (unsigned char c : arg) ctl = ctl || c < 0x20 || c == 0x7f;
            if (!ctl) check(systemd_unquote(sd::systemd_quote_arg(arg), back) && back == arg,
                            "systemd_quote_arg() does not read back");
            break;
        }
        case 4: {  // logrotate
            std::string log = in.ConsumeRandomLengthString(64);
            std::string pid = in.ConsumeRemainingBytesAsString();
            bool ok = sd::render_logrotate(log, pid, "", out, err);
            check(ok || !err.empty(), "render_logrotate failed without a reason");
            if (ok) {
                std::string ref;
                std::string e2;
                sd::render_logrotate("/var/log/x.log", "/run/x.pid", "", ref, e2);
                check(count_lines(out) == count_lines(ref), "a path added a line to the logrotate snippet");
            }
            break;
        }
        case 5: {  // socket unit
            std::string desc = in.ConsumeRandomLengthString(32);
            std::string name = in.ConsumeRandomLengthString(16);
            std::string listen = in.ConsumeRemainingBytesAsString();
            bool ok = sd::render_socket_unit(desc, listen, name, out, err);
            check(ok || !err.empty(), "render_socket_unit failed without a reason");
            check(ok || out.empty(), "a refused socket unit left text behind");
            if (ok) check(only_unit_lines(out), "a value added a line to the socket unit");
            break;
        }
        case 6: {  // LISTEN_* parsing
            std::string fds = in.ConsumeRandomLengthString(8);
            std::string pid = in.ConsumeRandomLengthString(8);
            std::string names = in.ConsumeRemainingBytesAsString();
            auto v = sd::listen_fds_from(fds.c_str(), pid.c_str(), names.c_str(), 42);
            for (std::size_t k = 0; k < v.size(); ++k) {
                check(v[k].second == static_cast<int>(3 + k), "listen fds are not 3, 4, ...");
                for (std::size_t j = 0; j < k; ++j) check(v[j].first != v[k].first, "two listen fds share a key");
            }
            break;
        }
    }
    return 0;
}
