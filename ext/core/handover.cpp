#include "core/handover.h"

#include "core/fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sd {

HandOver hand_over_file(int fd, uid_t uid, gid_t gid, bool created, std::string &err)
{
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return HandOver::NotNeeded;
    if (st.st_uid == uid && st.st_gid == gid) return HandOver::NotNeeded;
    if (st.st_nlink != 1 || (!created && st.st_uid != uid)) {
        err = std::to_string(st.st_uid);
        return HandOver::NotOurs;
    }
    if (::fchown(fd, uid, gid) != 0) {
        err = std::strerror(errno);
        return HandOver::Failed;
    }
    return HandOver::Done;
}

bool reopen_write_only(int fd, std::string &err)
{
    std::string self = "/proc/self/fd/" + std::to_string(fd);
    UniqueFd w(::open(self.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY));
    struct stat a, b;
    if (w && ::fstat(w.get(), &a) == 0 && ::fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino &&
        ::dup3(w.get(), fd, O_CLOEXEC) == fd) {
        return true;
    }
    err = std::strerror(errno);
    return false;
}

}  // namespace sd
