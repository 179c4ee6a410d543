#include "core/render_unit.h"

#include "core/stats.h"

#include "core/cmdline.h"
#include "core/render_text.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

namespace {

bool valid_user_or_group(std::string_view s)
{
    if (s.empty() || s.size() > 31) return false;
    bool digits = true;
    for (unsigned char c : s) digits = digits && c >= '0' && c <= '9';
    if (digits) {
        // (uid_t)-1 and the 16-bit -1 are "no user" to the kernel and to systemd.
        unsigned long long v = 0;
        for (unsigned char c : s) {
            v = v * 10 + (c - '0');
            if (v >= 4294967295ULL) return false;
        }
        return v != 65535;
    }
    unsigned char first = static_cast<unsigned char>(s[0]);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
    for (unsigned char c : s.substr(1))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return false;
    return true;
}

bool is_root_identity(std::string_view s)
{
    return s.empty() || s == "root" || s == "0";
}

bool valid_doc_uri(std::string_view u)
{
    for (std::string_view scheme : {"http://", "https://", "file:", "info:", "man:"})
        if (u.size() > scheme.size() && u.substr(0, scheme.size()) == scheme) return true;
    return false;
}

std::string parent_dir(const std::string &path)
{
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return "/";
    return path.substr(0, slash);
}

bool under(const std::string &path, const char *dir)
{
    std::size_t n = std::char_traits<char>::length(dir);
    return path.compare(0, n, dir) == 0 && (path.size() == n || path[n] == '/');
}

}  // namespace

std::string check_unit_spec(const UnitSpec &s)
{
    const std::pair<const char *, const std::string *> fields[] = {
        {"description", &s.description},
        {"php_bin", &s.php_bin},
        {"script", &s.script},
        {"pid_file", &s.pid_file},
        {"log_file", &s.log_file},
        {"user", &s.user},
        {"group", &s.group},
        {"working_dir", &s.working_dir},
        {"documentation", &s.documentation},
        {"socket_unit", &s.socket_unit},
    };
    for (const auto &f : fields) {
        if (has_control(*f.second)) return std::string(f.first) + " holds a control character";
        if (!valid_utf8(*f.second)) return std::string(f.first) + " is not valid UTF-8";
        // systemd joins a line ending in a backslash with the next one: the value
        // would swallow the directive after it.
        if (!f.second->empty() && f.second->back() == '\\')
            return std::string(f.first) +
                   " ends in a backslash, which systemd reads as a line continuation: " + *f.second;
    }
    for (const std::string &a : s.php_args) {
        if (has_control(a)) return "php_args holds a control character";
        if (!valid_utf8(a)) return "php_args is not valid UTF-8";
    }
    if (s.run_directly && !normalized_absolute(s.script))
        return "a script run directly must be an absolute, normalized path: " + s.script;
    if (!normalized_absolute(s.php_bin)) return "php_bin must be an absolute, normalized path: " + s.php_bin;
    if (s.script.empty()) return "script is empty";
    if (!s.pid_file.empty() && !normalized_absolute(s.pid_file))
        return "pid_file must be an absolute, normalized path: " + s.pid_file;
    if (!s.log_file.empty() && !normalized_absolute(s.log_file))
        return "log_file must be an absolute, normalized path: " + s.log_file;
    if (!s.working_dir.empty() && !normalized_absolute(s.working_dir))
        return "working_dir must be an absolute, normalized path: " + s.working_dir;
    if (!is_root_identity(s.user) && !valid_user_or_group(s.user)) return "not a valid user name or uid: " + s.user;
    if (!is_root_identity(s.group) && !valid_user_or_group(s.group)) return "not a valid group name or gid: " + s.group;
    std::size_t i = 0;
    const std::string &d = s.documentation;
    while (i < d.size()) {
        std::size_t sp = d.find(' ', i);
        if (sp == std::string::npos) sp = d.size();
        std::string_view uri(d.data() + i, sp - i);
        if (!uri.empty() && !valid_doc_uri(uri))
            return "documentation must be http(s)://, file:, info: or man: URIs: " + std::string(uri);
        i = sp + 1;
    }
    return {};
}

bool render_systemd_unit(const UnitSpec &s, std::string &out, std::string &err)
{
    out.clear();
    err = check_unit_spec(s);
    if (!err.empty()) return false;

    std::string pid_file = s.pid_file;
    // /var/run is a symlink to /run wherever systemd runs, and systemd warns about every
    // unit that still names the legacy path.
    if (pid_file.compare(0, 9, "/var/run/") == 0) pid_file.erase(0, 4);

    out += "[Unit]\n";
    std::string desc = s.description.empty() ? "PHP daemon " + s.script : s.description;
    out += "Description=" + systemd_escape_percent(desc) + "\n";
    if (!s.documentation.empty()) out += "Documentation=" + systemd_escape_percent(s.documentation) + "\n";
    out += "After=network.target\n";
    if (!s.socket_unit.empty()) {
        // Its sockets come from there: started with it, and first.
        out += "Requires=" + s.socket_unit + "\n";
        out += "After=" + s.socket_unit + "\n";
    }
    // A start that can never succeed (a bad option, an unwritable log) is retried five
    // times, then the unit stays "failed" instead of restarting for ever.
    out += "StartLimitIntervalSec=120\n";
    out += "StartLimitBurst=5\n";
    out += "\n[Service]\n";
    // The daemon sees NOTIFY_SOCKET, stays in the foreground and sends READY=1 itself.
    out += "Type=notify\n";
    out += "NotifyAccess=main\n";
    // Log lines go to the journal with their priorities (journalctl -p err), and to a
    // log file only when the script names one (logLocation).
    out += "Environment=SYSTEM_DAEMON_LOG_JOURNAL=1\n";
    out += "ExecStart=";
    std::vector<std::string> cmd = daemon_command(s.php_bin, s.php_args, s.script, s.run_directly);
    for (std::size_t i = 0; i < cmd.size(); ++i) out += (i ? " " : "") + systemd_quote_arg(cmd[i]);
    out += "\n";
    // Through the shell's kill builtin: a minimal system has no /bin/kill (procps).
    out += "ExecReload=/bin/sh -c \"kill -HUP $$MAINPID\"\n";
    // No PIDFile=: systemd knows the main pid from the process it started (and from
    // MAINPID=). With PIDFile= a start that finds the app already running (exit 3)
    // would make systemd adopt that other daemon from the pid file, and remove the
    // file after the failed start.
    std::string pid_dir, log_dir = s.log_file.empty() ? std::string() : parent_dir(s.log_file);
    if (!pid_file.empty()) {
        pid_dir = parent_dir(pid_file);
        // A daemon started as User= cannot create its pid file's directory under /run;
        // systemd creates it for that user. Preserved after stop: another instance
        // (started by hand) may hold its pid file there.
        if (pid_file.compare(0, 5, "/run/") == 0) {
            std::size_t slash = pid_file.find('/', 5);
            if (slash != std::string::npos && slash > 5 && pid_file.find('/', slash + 1) == std::string::npos) {
                out += "RuntimeDirectory=" + systemd_escape_percent(pid_file.substr(5, slash - 5)) + "\n";
                out += "RuntimeDirectoryPreserve=yes\n";
            }
        }
    }
    if (!is_root_identity(s.user)) out += "User=" + s.user + "\n";
    // A daemon user with root's group, asked for explicitly (appRunAsGID => 0), as
    // start() runs it; without Group= systemd would use the user's primary group.
    if (!is_root_identity(s.group) || (!is_root_identity(s.user) && !s.group.empty())) out += "Group=" + s.group + "\n";
    if (!s.working_dir.empty()) out += "WorkingDirectory=" + systemd_escape_percent(s.working_dir) + "\n";
    out += "Restart=on-failure\n";
    // The default 100 ms would spend the start limit in half a second.
    out += "RestartSec=5\n";
    // 3: already running (another instance holds the pid file). Restarting cannot help.
    out += "RestartPreventExitStatus=3\n";
    // A limit reached with appLimitAction 'exit': started again whatever Restart=
    // says, and not counted as a failure.
    out += "RestartForceExitStatus=" + std::to_string(kExitRecycle) + "\n";
    out += "SuccessExitStatus=" + std::to_string(kExitRecycle) + "\n";
    // SIGTERM to the daemon alone, which stops its own children; whatever is left
    // when the timeout ends gets SIGKILL. The same 30 s the init scripts give it.
    out += "KillMode=mixed\n";
    out += "TimeoutStopSec=30\n";
    if (s.watchdog_sec > 0) out += "WatchdogSec=" + std::to_string(s.watchdog_sec) + "\n";

    // "systemd-analyze security" rates this sandbox below 2 (OK).
    out += "\n# Sandbox: loosen with a drop-in (systemctl edit <name>), e.g. ReadWritePaths=/data\n";
    out += "NoNewPrivileges=yes\n";
    out += "CapabilityBoundingSet=\n";
    out += "ProtectSystem=strict\n";
    // '-': a directory that does not exist yet is no reason to refuse the start.
    std::vector<std::string> rw;
    for (const std::string &d : {pid_dir, log_dir})
        if (!d.empty() && d != "/" && std::find(rw.begin(), rw.end(), d) == rw.end()) rw.push_back(d);
    if (!rw.empty()) {
        out += "ReadWritePaths=";
        for (std::size_t i = 0; i < rw.size(); ++i) out += (i ? " -" : "-") + systemd_quote_path(rw[i]);
        out += "\n";
    }
    out += "ProtectHome=read-only\n";
    // A private /tmp would hide files the daemon is told to use there.
    bool uses_tmp = false;
    for (const std::string &p : {pid_file, s.log_file, s.working_dir, s.script})
        uses_tmp = uses_tmp || under(p, "/tmp") || under(p, "/var/tmp");
    if (!uses_tmp) out += "PrivateTmp=yes\n";
    out += "PrivateDevices=yes\n";
    out += "PrivateMounts=yes\n";
    out += "ProtectKernelTunables=yes\n";
    out += "ProtectKernelModules=yes\n";
    out += "ProtectKernelLogs=yes\n";
    out += "ProtectControlGroups=yes\n";
    out += "ProtectClock=yes\n";
    out += "ProtectHostname=yes\n";
    out += "ProtectProc=invisible\n";
    out += "RestrictNamespaces=yes\n";
    out += "RestrictRealtime=yes\n";
    out += "RestrictSUIDSGID=yes\n";
    out += "LockPersonality=yes\n";
    if (!is_root_identity(s.user)) out += "RemoveIPC=yes\n";
    out += "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n";
    out += "SystemCallArchitectures=native\n";
    out += "SystemCallFilter=@system-service\n";
    out += "SystemCallFilter=~@privileged @resources\n";
    // A refused system call fails with EPERM instead of killing the daemon.
    out += "SystemCallErrorNumber=EPERM\n";
    // No MemoryDenyWriteExecute=: PHP's PCRE JIT maps writable, executable memory.
    out += "\n[Install]\n";
    out += "WantedBy=multi-user.target\n";
    return true;
}

}  // namespace sd
