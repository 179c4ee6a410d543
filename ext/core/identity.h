// Who the daemon runs as: the privilege drop and the passwd/group lookups around it.
#ifndef SD_CORE_IDENTITY_H
#define SD_CORE_IDENTITY_H

#include <sys/types.h>

#include <string>
#include <vector>

namespace sd {

// Becomes uid/gid for good (real, effective and saved ids). Supplementary groups are
// set first (initgroups() for uid's passwd name, or just gid when uid has no passwd
// entry), because root's own supplementary groups would otherwise survive the drop;
// then setgid() while we still may, then setuid(). Does nothing when uid and gid
// already are the real and effective ids. For a uid other than 0 it also empties
// every capability set: the bounding set where CAP_SETPCAP allows it, then ambient,
// inheritable, permitted and effective, with PR_SET_KEEPCAPS off; it then checks
// /proc/self/status (never with a trial setuid(0)). Returns false with `err` naming
// the step, the id and strerror. `still_privileged` is set when the drop itself went
// through but the process could still regain privilege: such a process must not run
// on, whatever the caller's policy for a refused drop.
bool drop_privileges(uid_t uid, gid_t gid, std::string &err, bool &still_privileged);
bool drop_privileges(uid_t uid, gid_t gid, std::string &err);

// True, with the offending /proc/self/status lines in `what`, when this process holds
// any capability in its inheritable, permitted, effective or ambient set.
bool lingering_privileges(std::string &what);

// Lookups through the re-entrant getpw*_r/getgr*_r; "" when there is no entry.
std::string user_name(uid_t uid);
std::string user_home(uid_t uid);
std::string group_name(gid_t gid);
// uid's login shell from the passwd database; "" when there is no entry or no shell.
std::string user_shell(uid_t uid);
// uid's primary group from the passwd database; false when uid has no passwd entry.
bool primary_gid(uid_t uid, gid_t &gid);

// The names in env (NAME=value strings, as environ) of variables that describe the
// login session of whoever started the process, not the process: ssh (SSH_AUTH_SOCK,
// SSH_AGENT_PID, SSH_CLIENT, SSH_CONNECTION, SSH_TTY, SSH_ASKPASS), sudo (SUDO_USER,
// SUDO_UID, SUDO_GID, SUDO_COMMAND, SUDO_HOME), logind and the desktop (XDG_RUNTIME_DIR,
// XDG_SESSION_*, XDG_SEAT, XDG_VTNR, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_CACHE_HOME,
// XDG_STATE_HOME, DBUS_SESSION_BUS_ADDRESS, DISPLAY, WAYLAND_DISPLAY, XAUTHORITY), the
// agents and ticket caches (GPG_AGENT_INFO, KRB5CCNAME), and MAIL. A privilege drop
// removes them: each names a socket, a file or a user of the identity it leaves.
std::vector<std::string> session_vars_in(char *const *env);

}  // namespace sd

#endif
