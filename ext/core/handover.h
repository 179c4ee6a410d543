// Handing a file this process opened (the log) to the identity it is about to take,
// through the descriptor only: a path could lead elsewhere by now.
#ifndef SD_CORE_HANDOVER_H
#define SD_CORE_HANDOVER_H

#include <sys/types.h>

#include <string>

namespace sd {

enum class HandOver {
    NotNeeded,  // not a regular file, or already uid:gid's
    Done,       // fchown()ed to uid:gid
    NotOurs,    // more than one link, or another user's file we did not create: left alone
                // (err holds the owner's uid)
    Failed,     // fchown() failed (err says why)
};

// fchown(fd, uid, gid) only for a regular file with one link that this process
// created (`created`) or that already is uid's: anything else may be a file the new
// identity must not own.
HandOver hand_over_file(int fd, uid_t uid, gid_t gid, bool created, std::string &err);

// Reopens fd write-only (append) under the same number, so the new identity cannot
// read through it what it could not open. False with the reason in err.
bool reopen_write_only(int fd, std::string &err);

}  // namespace sd

#endif
