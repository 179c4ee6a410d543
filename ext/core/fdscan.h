// The descriptors this process has open, as /proc/self/fd lists them: what start()
// closes (the inherited ones), and what a restart must not hand to its new image.
#ifndef SD_CORE_FDSCAN_H
#define SD_CORE_FDSCAN_H

#include <sys/types.h>

#include <functional>
#include <vector>

namespace sd {

// One open descriptor, with the file it named when seen: a number reused for another
// file later is not the same descriptor.
struct OpenFd {
    int fd;
    dev_t dev;
    ino_t ino;
};

// Calls f(fd) for every descriptor open now (the directory's own left out). Nothing
// when /proc is not mounted.
void for_each_open_fd(const std::function<void(int)> &f);

// The descriptors open now from `first` on, with their files.
std::vector<OpenFd> open_fds_from(int first);

// Of the descriptors open now from 3 on, those a new daemon keeps: all but the ones in
// `inherited` that still name the same file, unless a stream of the script uses them
// (`in_use`).
std::vector<int> fds_to_keep(const std::vector<OpenFd> &inherited, const std::vector<int> &in_use);

// Whether fd is open now on the very file it named in `inherited` (a snapshot taken
// before this process opened anything of its own): a number the process reused for
// its own file since is not inherited.
bool still_inherited(int fd, const std::vector<OpenFd> &inherited);

// Marks close-on-exec every descriptor from 3 on that is open on the file at path (the
// PHP CLI keeps its primary script open while it runs, without O_CLOEXEC).
void cloexec_on_file(const char *path);

// Marks every descriptor from `first` on close-on-exec: nothing of this image reaches
// the next one, and a failed exec leaves this process as it was.
void cloexec_from(int first);

}  // namespace sd

#endif
