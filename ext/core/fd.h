// Descriptors and whole-buffer I/O, shared by every core unit and the glue. Plain C++
// with no Zend types.
//
// One owner per descriptor (UniqueFd closes it once, on every exit path), and one
// loop for "write all of it, resuming after EINTR": the copies of both were where
// early-return paths leaked descriptors and short writes went unnoticed.
#ifndef SD_CORE_FD_H
#define SD_CORE_FD_H

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace sd {

class UniqueFd {
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    UniqueFd(UniqueFd &&o) noexcept : fd_(o.release()) {}
    UniqueFd &operator=(UniqueFd &&o) noexcept
    {
        if (this != &o) reset(o.release());
        return *this;
    }
    ~UniqueFd() { reset(); }

    int get() const { return fd_; }
    bool ok() const { return fd_ >= 0; }
    explicit operator bool() const { return ok(); }
    // Gives the descriptor up without closing it.
    int release()
    {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes the one held (if any) and holds fd. Keeps errno as it was.
    void reset(int fd = -1);
    // Closes now and reports close()'s result: for files whose last write errors only
    // show at close (NFS). 0, or -1 with errno set.
    int close();

private:
    int fd_ = -1;
};

// write(2) until all of it is written, resuming after EINTR. False, errno set, on the
// first failure (a zero-length write counts as one: EIO). Async-signal-safe.
bool write_all(int fd, const void *buf, size_t len);
// send(2) with MSG_NOSIGNAL until all of it is sent, resuming after EINTR.
bool send_all(int fd, const void *buf, size_t len);
// read(2) until EOF, appending to out, at most max bytes in all. False, errno set, on
// an error, or with errno EFBIG when the input is longer than max.
bool read_all(int fd, std::string &out, size_t max);

// The names of a path's components, "/" and empty ones dropped ("/a//b/" gives a, b):
// what a walk that opens one directory at a time (openat(), O_NOFOLLOW) looks up.
std::vector<std::string> path_components(const std::string &path);

// Writes data to path through a temporary file in the same directory, fsync() and
// rename(), so a reader never sees half a file, with exactly `mode` (no umask). Empty
// on success, else why not ("cannot create a file next to P: E", "cannot write P: E").
std::string write_file_atomic(const std::string &path, const std::string &data, mode_t mode);

}  // namespace sd

#endif
