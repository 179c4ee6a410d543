// The logrotate snippet for the daemon's log file (runLogrotate). Plain C++.
#ifndef SD_CORE_RENDER_LOGROTATE_H
#define SD_CORE_RENDER_LOGROTATE_H

#include <string>

namespace sd {

// A logrotate configuration for one log file: weekly, 4 kept, compressed one rotation
// late (the daemon may write a few more lines to the old file before it handles the
// HUP), missingok, notifempty, create; postrotate sends HUP to the pid in pid_file
// when that file is non-empty and never fails the rotation. Fails when a path is not
// absolute or holds a control character or a double quote (logrotate has no escape
// for it). logrotate reads log_path as a glob: '*', '?' and '[' in it match.
bool render_logrotate(const std::string &log_path, const std::string &pid_file,
                      std::string &out, std::string &err);

}  // namespace sd

#endif
