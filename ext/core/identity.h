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
// already are the real and effective ids. When uid is not 0, checks afterwards that
// setuid(0) fails. Returns false with `err` naming the step, the id and strerror; the
// process may then be half-changed and should not go on.
bool drop_privileges(uid_t uid, gid_t gid, std::string &err);

// Lookups through the re-entrant getpw*_r/getgr*_r; "" when there is no entry.
std::string user_name(uid_t uid);
std::string user_home(uid_t uid);
std::string group_name(gid_t gid);

}  // namespace sd

#endif
