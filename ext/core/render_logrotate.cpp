#include "core/render_logrotate.h"

#include "core/render_text.h"

namespace sd {

bool render_logrotate(const std::string &log_path, const std::string &pid_file, std::string &out,
                      std::string &err) {
    out.clear();
    for (const std::string *p : {&log_path, &pid_file}) {
        if (p->empty() || (*p)[0] != '/') {
            err = "not an absolute path: " + *p;
            return false;
        }
        if (has_control(*p) || p->find('"') != std::string::npos) {
            err = "a path for logrotate cannot hold a control character or a double quote: " + *p;
            return false;
        }
    }
    const std::string pid = shell_quote(pid_file);
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
    // Only a root-owned pid file holding one positive pid is believed: the daemon user
    // must not pick what root signals ("-1" would be every process). And only a pid
    // that holds the file open: the daemon can write into it through its descriptor.
    // "Holds it open": a descriptor with the same device and inode, the test's -ef,
    // which POSIX sh (logrotate's /bin/sh) lacks.
    out += "\t\tif [ -f " + pid + " ] && [ ! -L " + pid + " ] && [ \"$(stat -c %u " + pid +
           ")\" = 0 ]; then p=$(cat " + pid + "); case \"$p\" in ''|0*|*[!0-9]*) ;; *) i=$(stat -L -c %d:%i " + pid +
           ") && [ -n \"$i\" ] && for f in /proc/$p/fd/*; do "
           "if [ \"$(stat -L -c %d:%i \"$f\" 2>/dev/null)\" = \"$i\" ]; then kill -HUP \"$p\" 2>/dev/null; break; fi; done ;; esac; fi; true\n";
    out += "\tendscript\n";
    out += "}\n";
    return true;
}

}  // namespace sd
