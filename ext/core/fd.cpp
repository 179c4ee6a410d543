#include "core/fd.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace sd {

void UniqueFd::reset(int fd)
{
    if (fd_ >= 0 && fd_ != fd) {
        int saved = errno;
        ::close(fd_);
        errno = saved;
    }
    fd_ = fd;
}

int UniqueFd::close()
{
    int fd = release();
    return fd >= 0 ? ::close(fd) : 0;
}

namespace {

// The loop write_all() and send_all() share: io(p, n) is one write(2) or send(2).
template <typename Io>
bool all_of_it(const void *buf, size_t len, Io io)
{
    const char *p = static_cast<const char *>(buf);
    while (len > 0) {
        ssize_t n = io(p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) {
            errno = EIO;
            return false;
        }
        p += n;
        len -= static_cast<size_t>(n);
    }
    return true;
}

}  // namespace

bool write_all(int fd, const void *buf, size_t len)
{
    return all_of_it(buf, len, [fd](const char *p, size_t n) { return ::write(fd, p, n); });
}

bool send_all(int fd, const void *buf, size_t len)
{
    return all_of_it(buf, len, [fd](const char *p, size_t n) { return ::send(fd, p, n, MSG_NOSIGNAL); });
}

std::vector<std::string> path_components(const std::string &path)
{
    std::vector<std::string> parts;
    std::string::size_type i = 0;
    while (i <= path.size()) {
        std::string::size_type j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        if (j > i) parts.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    return parts;
}

bool read_all(int fd, std::string &out, size_t max)
{
    char buf[8192];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) return true;
        if (out.size() + static_cast<size_t>(n) > max) {
            errno = EFBIG;
            return false;
        }
        out.append(buf, static_cast<size_t>(n));
    }
}

std::string write_file_atomic(const std::string &path, const std::string &data, mode_t mode)
{
    std::string tmp = path + ".XXXXXX";
    UniqueFd fd(mkostemp(&tmp[0], O_CLOEXEC));
    if (!fd) return "cannot create a file next to " + path + ": " + std::strerror(errno);
    bool ok = write_all(fd.get(), data.data(), data.size()) && fchmod(fd.get(), mode) == 0 && fsync(fd.get()) == 0;
    int saved = errno;
    if (fd.close() != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp.c_str(), path.c_str()) != 0) {
        ok = false;
        saved = errno;
    }
    if (ok) return std::string();
    unlink(tmp.c_str());
    return "cannot write " + path + ": " + std::strerror(saved);
}

}  // namespace sd
