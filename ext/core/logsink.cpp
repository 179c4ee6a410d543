#include "core/logsink.h"
#include "core/fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace sd {

void LogSink::set_path(std::string_view path)
{
    if (path == path_) return;
    close();
    path_.assign(path.data(), path.size());
}

void LogSink::close()
{
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

namespace {

// Whom a directory, link or file on the log's path may belong to for us to trust it:
// root or our own euid. Any other user (the daemon user after a drop, or nobody in a
// shared directory) could point a root-run daemon at /etc/shadow; Linux's
// fs.protected_symlinks only covers sticky world-writable directories.
bool trusted_owner(uid_t uid)
{
    return uid == 0 || uid == geteuid();
}

// True when no untrusted user can change what the entry named `entry_uid`-owned
// resolves to inside directory `dir`: the directory is trusted and writable by its
// owner alone, or sticky (only an entry's owner may replace it) and the entry is ours.
bool entry_fixed(const struct stat &dir, uid_t entry_uid)
{
    if (trusted_owner(dir.st_uid) && !(dir.st_mode & (S_IWGRP | S_IWOTH))) return true;
    return (dir.st_mode & S_ISVTX) && trusted_owner(dir.st_uid) && trusted_owner(entry_uid);
}

std::string errstr(int e)
{
    return std::strerror(e);
}

// Walks `path` one component at a time through O_PATH descriptors, following links
// ourselves, so no directory on the way can be swapped between our checks and our
// open. Returns a descriptor of the directory that holds the final entry, with the
// entry's name in `leaf`; -1 with `err` set otherwise. A link is followed only when
// its owner is trusted and nothing on the whole path can be changed by an untrusted
// user: whoever can change a directory before or after the link chooses where the
// log ends up.
int open_parent(const std::string &path, std::string &leaf, std::string &err)
{
    std::vector<std::string> todo;  // components still to walk, the next one last
    auto push_path = [&todo](const std::string &p) {
        std::vector<std::string> parts = path_components(p);
        todo.insert(todo.end(), parts.rbegin(), parts.rend());
    };
    UniqueFd cur(::open(path[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!cur) {
        err = "cannot open log file " + path + ": " + errstr(errno);
        return -1;
    }
    push_path(path);
    std::string unsafe;   // the first place an untrusted user could change
    std::string link_at;  // the first link followed
    std::string walked = path[0] == '/' ? "" : ".";
    int links = 0;
    struct stat cst;
    if (fstat(cur.get(), &cst) != 0) {
        err = "cannot stat /: " + errstr(errno);
        return -1;
    }
    if (!trusted_owner(cst.st_uid) || (cst.st_mode & (S_IWGRP | S_IWOTH))) unsafe = walked.empty() ? "/" : walked;
    while (!todo.empty()) {
        std::string c = todo.back();
        todo.pop_back();
        if (c == ".") continue;
        const bool last = todo.empty();
        const std::string here = walked + "/" + c;
        UniqueFd fd(openat(cur.get(), c.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!fd) {
            if (errno == ENOENT && last) {
                // To be created in `cur`: an entry we create is ours, but only where
                // nobody else can create or rename that name first.
                if (unsafe.empty() && !entry_fixed(cst, geteuid())) unsafe = walked.empty() ? "/" : walked;
                leaf = c;
                break;
            }
            err = "cannot open log file " + path + ": " + errstr(errno);
            return -1;
        }
        struct stat st;
        if (fstat(fd.get(), &st) != 0) {
            err = "cannot stat " + here + ": " + errstr(errno);
            return -1;
        }
        if (c != ".." && unsafe.empty() && !entry_fixed(cst, st.st_uid)) unsafe = here;
        if (S_ISLNK(st.st_mode)) {
            if (!trusted_owner(st.st_uid)) {
                err = (last && links == 0 ? "log file " + path : "log file " + path + ": " + here) +
                      " is a symbolic link owned by uid " + std::to_string(static_cast<long>(st.st_uid)) +
                      "; refusing to follow it";
                return -1;
            }
            if (++links > 40) {
                err = "cannot open log file " + path + ": " + errstr(ELOOP);
                return -1;
            }
            char buf[PATH_MAX];
            ssize_t n = readlinkat(fd.get(), "", buf, sizeof buf - 1);
            fd.reset();
            if (n <= 0) {
                err = "cannot read link " + here + ": " + errstr(n < 0 ? errno : ENOENT);
                return -1;
            }
            if (link_at.empty()) link_at = here;
            std::string target(buf, static_cast<size_t>(n));
            push_path(target);
            if (target[0] == '/') {
                UniqueFd root(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
                if (!root || fstat(root.get(), &cst) != 0) {
                    err = "cannot open /: " + errstr(errno);
                    return -1;
                }
                cur = std::move(root);
                walked = "";
                if (unsafe.empty() && (!trusted_owner(cst.st_uid) || (cst.st_mode & (S_IWGRP | S_IWOTH)))) unsafe = "/";
            }
            continue;
        }
        if (last && !S_ISDIR(st.st_mode)) {
            leaf = c;
            break;
        }
        if (!S_ISDIR(st.st_mode)) {
            err = "cannot open log file " + path + ": " + errstr(ENOTDIR);
            return -1;
        }
        if (last) {
            err = "cannot open log file " + path + ": " + errstr(EISDIR);
            return -1;
        }
        cur = std::move(fd);
        cst = st;
        walked = here;
    }
    if (!link_at.empty() && !unsafe.empty()) {
        err = "log file " + path + " leads through the symbolic link " + link_at + ", and " + unsafe +
              " can be changed by a user other than root; refusing to follow it (set logLocation to a path "
              "without links, or make every directory on the way root's and not group or other writable)";
        return -1;
    }
    if (leaf.empty()) {
        err = "log file path " + path + " names no file";
        return -1;
    }
    return cur.release();
}

}  // namespace

bool LogSink::open_file()
{
    created_ = false;
    if (path_.empty()) {
        error_ = "no log file configured (logLocation is empty)";
        return false;
    }
    // 0640: a log may hold what the daemon saw; the umask narrows it further.
    // O_NOFOLLOW: links were resolved by open_parent(); one appearing since is refused.
    // O_NONBLOCK: a FIFO at the path must not hang the daemon (cleared below).
    // O_RDWR where allowed: lines that went into a file deleted under us are read back
    // from it (see recover_from()).
    // Created with O_EXCL, so created_ says truthfully whether this process made the
    // file (only such a file may be handed to another user).
    UniqueFd fd;
    for (int attempt = 0; attempt < 10 && !fd; ++attempt) {
        std::string leaf;
        UniqueFd dir(open_parent(path_, leaf, error_));
        if (!dir) return false;
        int flags = O_RDWR | O_APPEND | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW;
        fd.reset(openat(dir.get(), leaf.c_str(), flags));
        if (!fd && errno == EACCES) {
            flags = (flags & ~O_RDWR) | O_WRONLY;
            fd.reset(openat(dir.get(), leaf.c_str(), flags));
        }
        if (!fd && errno == ENOENT) {
            fd.reset(openat(dir.get(), leaf.c_str(), flags | O_CREAT | O_EXCL, 0640));
            if (fd)
                created_ = true;
            else if (errno == EEXIST)
                continue;  // appeared meanwhile: look again
        }
        int e = errno;
        if (!fd && e == ELOOP) continue;  // became a link meanwhile: walk again
        if (!fd) {
            error_ = "cannot open log file " + path_ + ": " + std::strerror(e);
            return false;
        }
    }
    if (!fd) {
        error_ = "log file " + path_ + " keeps being replaced while being opened; refusing it";
        return false;
    }
    struct stat st;
    if (fstat(fd.get(), &st) != 0) {
        error_ = "cannot stat log file " + path_ + ": " + std::strerror(errno);
        return false;
    }
    // Appending to a disk (/dev/sda) or writing a socket is never what a log location
    // means; /dev/null, a tty or a FIFO can be. A second hard link to a regular file is
    // how a file we must not touch would be slipped in, whoever owns it.
    const char *refuse = nullptr;
    std::string links;
    if (S_ISBLK(st.st_mode))
        refuse = "is a block device";
    else if (S_ISSOCK(st.st_mode))
        refuse = "is a socket";
    else if (S_ISDIR(st.st_mode))
        refuse = "is a directory";
    else if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
        links = "has " + std::to_string(static_cast<long>(st.st_nlink)) + " hard links";
        refuse = links.c_str();
    }
    if (refuse) {
        error_ = "log file " + path_ + " " + refuse + "; refusing to write it";
        return false;
    }
    int fl = fcntl(fd.get(), F_GETFL);
    if (fl >= 0) fcntl(fd.get(), F_SETFL, fl & ~O_NONBLOCK);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    checked_size_ = S_ISREG(st.st_mode) ? st.st_size : 0;
    fd_ = fd.release();
    return true;
}

void LogSink::recover_from(int old_fd, off_t from)
{
    // Only a regular file that no name refers to any more: a renamed file (logrotate)
    // keeps its lines under its new name, and copying them would double them.
    struct stat st;
    if (fd_ < 0 || fstat(old_fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 0 || st.st_size <= from) return;
    char buf[65536];
    for (off_t off = from; off < st.st_size;) {
        ssize_t n = pread(old_fd, buf, sizeof buf, off);
        if (n <= 0) break;  // opened write-only, or gone: nothing more can be saved
        if (!write_all(fd_, buf, static_cast<size_t>(n))) return;
        off += n;
    }
}

namespace {

bool still_named(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && st.st_nlink > 0;
}

}  // namespace

bool LogSink::replace_file()
{
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

void LogSink::drop_tail(size_t len)
{
    struct stat st;
    if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(len)) return;
    while (ftruncate(fd_, st.st_size - static_cast<off_t>(len)) != 0 && errno == EINTR) {
    }
}

bool LogSink::take_warning(std::string &msg)
{
    if (warning_.empty()) return false;
    msg.swap(warning_);
    warning_.clear();
    return true;
}

bool LogSink::reopen()
{
    return replace_file();
}

bool LogSink::write(std::string_view line, time_t now)
{
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
