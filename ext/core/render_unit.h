// The systemd service unit (Type=notify, sandboxed) for a daemon. Plain C++: the Zend
// glue gathers the values into a UnitSpec.
#ifndef SD_CORE_RENDER_UNIT_H
#define SD_CORE_RENDER_UNIT_H

#include <string>
#include <vector>

namespace sd {

struct UnitSpec {
    std::string description;
    std::string php_bin;                // absolute
    std::string script;                 // the daemon's PHP file, passed as PHP's first argument
    std::vector<std::string> php_args;  // PHP's own flags before the script (-n, -c, -d)
    bool run_directly = false;          // ExecStart= is the script itself (its own #! line)
    std::string pid_file;               // absolute; empty = none. Its directory is writable
                                        // (ReadWritePaths=), or a RuntimeDirectory=; there is
                                        // no PIDFile= (see render_systemd_unit())
    std::string log_file;               // absolute; empty = none. Its directory is writable
    std::string user;                   // empty, "root" or "0" = no User= ("nobody" makes
                                        // systemd-analyze verify warn that it is not safe)
    std::string group;                  // empty = no Group= (the user's primary group); "root"
                                        // or "0" = no Group= for a root unit, Group=root else
    std::string working_dir;            // absolute; empty = no WorkingDirectory=
    std::string documentation;          // space-separated http(s):, file:, info: or man: URIs
                                        // (systemd-analyze verify fails a man: page not installed)
    unsigned watchdog_sec = 0;          // 0 = no WatchdogSec=
    std::string socket_unit;            // "name.socket" that passes it its listening sockets:
                                        // Requires= and After= it; empty = none
};

// Why spec cannot make a unit; empty when it can. Refused: a php_bin that is not an
// absolute path (systemd would read a leading '-', '@', '+', '!' or ':' as a flag),
// an empty script, relative or unnormalized paths, control characters or invalid
// UTF-8 anywhere (a newline would let a value add directives), documentation that
// systemd would ignore, user or group names systemd would reject.
std::string check_unit_spec(const UnitSpec &spec);

// A Type=notify service unit for spec. Fails with check_unit_spec()'s reason.
bool render_systemd_unit(const UnitSpec &spec, std::string &out, std::string &err);

}  // namespace sd

#endif
