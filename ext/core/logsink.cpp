#include "core/logsink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

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

namespace {

// Whom a symlink at the log path may belong to for us to follow it: root or our own
// euid (an admin's /var/log/app.log -> /data/app.log). A link planted by any other
// user (the daemon user after a drop, or nobody in a shared directory) could point
// a root-run daemon at /etc/shadow; Linux's fs.protected_symlinks only covers
// sticky world-writable directories.
bool trusted_owner(uid_t uid) { return uid == 0 || uid == geteuid(); }

}  // namespace

bool LogSink::open_file() {
    if (path_.empty()) {
        error_ = "no log file configured (logLocation is empty)";
        return false;
    }
    // 0640: a log may hold what the daemon saw; the umask narrows it further.
    // O_NOFOLLOW first: a link is only followed once its owner is known to be trusted.
    // O_NONBLOCK: a FIFO at the path must not hang the daemon (cleared below).
    // O_RDWR where allowed: lines that went into a file deleted under us are read back
    // from it (see recover_from()).
    int flags = O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
    int fd = ::open(path_.c_str(), flags | O_NOFOLLOW, 0640);
    if (fd < 0 && errno == EACCES) {
        flags = (flags & ~O_RDWR) | O_WRONLY;
        fd = ::open(path_.c_str(), flags | O_NOFOLLOW, 0640);
    }
    if (fd < 0 && errno == ELOOP) {
        struct stat lst;
        if (lstat(path_.c_str(), &lst) != 0 || !S_ISLNK(lst.st_mode)) {
            error_ = "cannot open log file " + path_ + ": " + std::strerror(ELOOP);
            return false;
        }
        if (!trusted_owner(lst.st_uid)) {
            error_ = "log file " + path_ + " is a symbolic link owned by uid " +
                     std::to_string(static_cast<long>(lst.st_uid)) + "; refusing to follow it";
            return false;
        }
        fd = ::open(path_.c_str(), flags, 0640);
        // The link may have been swapped between lstat() and open(): check it again
        // (what it pointed at when we opened it is what we hold).
        struct stat again;
        if (fd >= 0 && (lstat(path_.c_str(), &again) != 0 || again.st_ino != lst.st_ino ||
                        again.st_dev != lst.st_dev || !trusted_owner(again.st_uid))) {
            ::close(fd);
            error_ = "log file " + path_ + " was replaced while being opened; refusing it";
            return false;
        }
    }
    if (fd < 0) {
        error_ = "cannot open log file " + path_ + ": " + std::strerror(errno);
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        error_ = "cannot stat log file " + path_ + ": " + std::strerror(errno);
        ::close(fd);
        return false;
    }
    // Appending to a disk (/dev/sda) or writing a socket is never what a log location
    // means; /dev/null, a tty or a FIFO can be. A second hard link to a regular file
    // that someone else owns is how a file we must not touch would be slipped in.
    const char *refuse = nullptr;
    if (S_ISBLK(st.st_mode)) refuse = "is a block device";
    else if (S_ISSOCK(st.st_mode)) refuse = "is a socket";
    else if (S_ISDIR(st.st_mode)) refuse = "is a directory";
    else if (S_ISREG(st.st_mode) && st.st_nlink > 1 && !trusted_owner(st.st_uid)) refuse = "has several hard links and another owner";
    if (refuse) {
        error_ = "log file " + path_ + " " + refuse + "; refusing to write it";
        ::close(fd);
        return false;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    checked_size_ = S_ISREG(st.st_mode) ? st.st_size : 0;
    fd_ = fd;
    return true;
}

void LogSink::recover_from(int old_fd, off_t from) {
    // Only a regular file that no name refers to any more: a renamed file (logrotate)
    // keeps its lines under its new name, and copying them would double them.
    struct stat st;
    if (fd_ < 0 || fstat(old_fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 0 || st.st_size <= from) return;
    char buf[65536];
    for (off_t off = from; off < st.st_size;) {
        ssize_t n = pread(old_fd, buf, sizeof buf, off);
        if (n <= 0) break;  // opened write-only, or gone: nothing more can be saved
        for (ssize_t done = 0; done < n;) {
            ssize_t w = ::write(fd_, buf + done, static_cast<size_t>(n - done));
            if (w < 0) {
                if (errno == EINTR) continue;
                return;
            }
            done += w;
        }
        off += n;
    }
}

namespace {

bool still_named(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 && st.st_nlink > 0;
}

}  // namespace

bool LogSink::replace_file() {
    int old_fd = fd_;
    off_t from = checked_size_;
    fd_ = -1;
    bool ok = open_file();
    if (old_fd >= 0) {
        if (ok) {
            recover_from(old_fd, from);
            // What was just saved counts as checked: a second deletion within the
            // same second must not copy it yet again.
            struct stat st;
            if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) checked_size_ = st.st_size;
            keeping_old_ = false;
        } else if (still_named(old_fd)) {
            // The new file cannot be created (a daemon user that may not create files
            // in the directory; logrotate without "create"): lines go on into the file
            // we have, under its new name, until a later check can open the path. Said
            // once per such streak. (A deleted file is no place for them: nobody would
            // read them there.)
            if (!keeping_old_) {
                keeping_old_ = true;
                warning_ = error_ + "; writing on to the previous log file until it can be opened";
            }
            fd_ = old_fd;
            return true;
        }
        ::close(old_fd);
    }
    return ok;
}

void LogSink::drop_tail(size_t len) {
    struct stat st;
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(len)) return;
    while (ftruncate(fd_, st.st_size - static_cast<off_t>(len)) != 0 && errno == EINTR) {
    }
}

bool LogSink::take_warning(std::string &msg) {
    if (warning_.empty()) return false;
    msg.swap(warning_);
    warning_.clear();
    return true;
}

bool LogSink::reopen() {
    return replace_file();
}

bool LogSink::write(std::string_view line, time_t now) {
    if (fd_ >= 0 && now != checked_) {
        checked_ = now;
        struct stat st;
        if (stat(path_.c_str(), &st) != 0 || st.st_dev != dev_ || st.st_ino != ino_) {
            if (!replace_file()) return false;
        } else {
            checked_size_ = st.st_size;
        }
    }
    if (fd_ < 0) {
        keeping_old_ = false;
        if (!open_file()) return false;
    }
    const char *p = line.data();
    size_t left = line.size();
    size_t done = 0;
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            // A full disk (or a file size limit) took part of the line: it is taken
            // back, so the next line does not start in the middle of this one. Appends
            // only ever add at the end, so the part is the file's last `done` bytes.
            if (done > 0) drop_tail(done);
            error_ = "cannot write to log file " + path_ + ": " + std::strerror(e);
            return false;
        }
        p += n;
        done += static_cast<size_t>(n);
        left -= static_cast<size_t>(n);
    }
    reported_ = false;
    return true;
}

}  // namespace sd
