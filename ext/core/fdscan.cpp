#include "core/fdscan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

namespace sd {

void for_each_open_fd(const std::function<void(int)> &f)
{
    DIR *d = ::opendir("/proc/self/fd");
    if (!d) return;
    int self = ::dirfd(d);
    // Collected first: f may close or open descriptors, which would disturb readdir().
    std::vector<int> fds;
    while (struct dirent *e = ::readdir(d)) {
        char *end;
        long fd = std::strtol(e->d_name, &end, 10);
        if (*end || end == e->d_name || fd == self) continue;
        fds.push_back(static_cast<int>(fd));
    }
    ::closedir(d);
    for (int fd : fds) f(fd);
}

std::vector<OpenFd> open_fds_from(int first)
{
    std::vector<OpenFd> out;
    for_each_open_fd([&](int fd) {
        struct stat st;
        if (fd >= first && ::fstat(fd, &st) == 0) out.push_back({fd, st.st_dev, st.st_ino});
    });
    return out;
}

std::vector<int> fds_to_keep(const std::vector<OpenFd> &inherited, const std::vector<int> &in_use)
{
    std::vector<int> keep;
    for_each_open_fd([&](int fd) {
        if (fd < 3) return;
        bool was_inherited = false;
        struct stat st;
        for (const auto &i : inherited) {
            if (i.fd == fd && ::fstat(fd, &st) == 0 && st.st_dev == i.dev && st.st_ino == i.ino) was_inherited = true;
        }
        bool used = std::find(in_use.begin(), in_use.end(), fd) != in_use.end();
        if (!was_inherited || used) keep.push_back(fd);
    });
    return keep;
}

bool still_inherited(int fd, const std::vector<OpenFd> &inherited)
{
    struct stat st;
    if (::fstat(fd, &st) != 0) return false;
    for (const auto &i : inherited)
        if (i.fd == fd && st.st_dev == i.dev && st.st_ino == i.ino) return true;
    return false;
}

void cloexec_on_file(const char *path)
{
    struct stat want;
    if (!path || ::stat(path, &want) != 0) return;
    for_each_open_fd([&want](int fd) {
        struct stat st;
        if (fd < 3 || ::fstat(fd, &st) != 0 || st.st_dev != want.st_dev || st.st_ino != want.st_ino) return;
        int fl = ::fcntl(fd, F_GETFD);
        if (fl >= 0 && !(fl & FD_CLOEXEC)) ::fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
    });
}

void cloexec_from(int first)
{
    for_each_open_fd([first](int fd) {
        if (fd < first) return;
        int fl = ::fcntl(fd, F_GETFD);
        if (fl >= 0 && !(fl & FD_CLOEXEC)) ::fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
    });
}

}  // namespace sd
