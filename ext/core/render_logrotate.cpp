#include "core/render_logrotate.h"

#include "core/render_init.h"
#include "core/render_text.h"

namespace sd {

bool render_logrotate(const std::string &log_path, const std::string &pid_file, const std::string &unit,
                      std::string &out, std::string &err)
{
    out.clear();
    for (const std::string *p : {&log_path, &pid_file}) {
        if (p == &pid_file && !unit.empty()) continue;
        if (p->empty() || (*p)[0] != '/') {
            err = "not an absolute path: " + *p;
            return false;
        }
        if (has_control(*p) || p->find('"') != std::string::npos) {
            err = "a path for logrotate cannot hold a control character or a double quote: " + *p;
            return false;
        }
    }
    if (!unit.empty() &&
        (unit[0] == '-' || unit.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                  "0123456789:-_.\\@") != std::string::npos)) {
        err = "not a unit name: " + unit;
        return false;
    }
    out += "\"" + log_path + "\" {\n";
    out += "\tweekly\n";
    out += "\trotate 4\n";
    out += "\tcompress\n";
    out += "\tdelaycompress\n";
    out += "\tmissingok\n";
    out += "\tnotifempty\n";
    // Same owner and mode as the rotated file: the daemon may run as another user.
    out += "\tcreate\n";
    out += "\tpostrotate\n";
    // HUP makes the daemon reopen its log; a stopped daemon is no rotation failure.
    if (!unit.empty()) {
        // systemd knows the main pid: no file the daemon user can write (its
        // RuntimeDirectory= is that user's) decides what root signals. reload, not
        // "kill --kill-whom=main", which systemd before 252 does not know.
        out += "\t\tsystemctl reload -- " + shell_quote(unit) + " >/dev/null 2>&1 || true\n";
    } else {
        // Only a pid that pidfile_check believes: see pidfile_check_sh().
        out += "\t\tNAME=" + shell_quote("logrotate " + log_path) + "\n";
        out += "\t\tPIDFILE=" + shell_quote(pid_file) + "\n";
        std::string fn = pidfile_check_sh();
        std::string::size_type i = 0;
        while (i < fn.size()) {
            std::string::size_type nl = fn.find('\n', i);
            std::string line = fn.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
            out += line.empty() ? "\n" : "\t\t" + line + "\n";
            if (nl == std::string::npos) break;
            i = nl + 1;
        }
        out += "\t\tif pidfile_check; then kill -HUP \"$PID\" 2>/dev/null; fi\n";
        out += "\t\ttrue\n";
    }
    out += "\tendscript\n";
    out += "}\n";
    return true;
}

}  // namespace sd
