// Who the daemon runs as: the privilege drop and the passwd/group lookups around it.
#ifndef SD_CORE_IDENTITY_H
#define SD_CORE_IDENTITY_H

#include <sys/types.h>

#include <string>

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
// uid's primary group from the passwd database; false when uid has no passwd entry.
bool primary_gid(uid_t uid, gid_t &gid);

}  // namespace sd

#endif
