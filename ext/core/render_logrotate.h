// The logrotate snippet for the daemon's log file (runLogrotate). Plain C++.
#ifndef SD_CORE_RENDER_LOGROTATE_H
#define SD_CORE_RENDER_LOGROTATE_H

#include <string>

namespace sd {

// A logrotate configuration for one log file: weekly, 4 kept, compressed one rotation
// late (the daemon may write a few more lines to the old file before it handles the
// HUP), missingok, notifempty, create. postrotate never fails the rotation: with a
// systemd unit (unit non-empty, "name.service") it reloads the unit, whose ExecReload
// sends the HUP to its main process, and never reads a pid file; otherwise it sends
// HUP to the pid in pid_file after the init scripts' pidfile_check (pidfile_check_sh())
// and says why when it refuses. Fails when a path is not absolute or holds a control
// character or a double quote (logrotate has no escape for it), or unit is not a
// plain unit name. logrotate reads log_path as a glob: '*', '?' and '[' in it match.
bool render_logrotate(const std::string &log_path, const std::string &pid_file, const std::string &unit,
                      std::string &out, std::string &err);

}  // namespace sd

#endif
