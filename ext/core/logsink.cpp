#include "core/logsink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sd {

void LogSink::set_path(std::string_view path) {
    if (path == path_) return;
    close();
    path_.assign(path.data(), path.size());
}

void LogSink::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool LogSink::open_file() {
    if (path_.empty()) {
        error_ = "no log file configured (logLocation is empty)";
        return false;
    }
    // 0640: a log may hold what the daemon saw; the umask narrows it further.
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0640);
    if (fd < 0) {
        error_ = "cannot open log file " + path_ + ": " + std::strerror(errno);
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) == 0) {
        dev_ = st.st_dev;
        ino_ = st.st_ino;
    }
    fd_ = fd;
    return true;
}

bool LogSink::reopen() {
    close();
    return open_file();
}

bool LogSink::write(std::string_view line, time_t now) {
    if (fd_ >= 0 && now != checked_) {
        checked_ = now;
        struct stat st;
        if (stat(path_.c_str(), &st) != 0 || st.st_dev != dev_ || st.st_ino != ino_) close();
    }
    if (fd_ < 0 && !open_file()) return false;
    const char *p = line.data();
    size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            error_ = "cannot write to log file " + path_ + ": " + std::strerror(errno);
            return false;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    reported_ = false;
    return true;
}

}  // namespace sd
