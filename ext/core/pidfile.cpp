#include "core/pidfile.h"
#include "core/fd.h"
#include "core/rootdir.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <climits>
#include <csignal>
#include <cstring>
#include <ctime>

namespace sd {

namespace {

std::string errstr(int e)
{
    return std::strerror(e);
}

long long now_ms()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

enum class Lock { Taken, Busy, Error };

Lock try_lock(int fd)
{
#ifdef F_OFD_SETLK
    struct flock fl;
    std::memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) return Lock::Taken;
    if (errno == EAGAIN || errno == EACCES) return Lock::Busy;
    // EINVAL: a kernel older than 3.15 compiled against newer headers. Every process
    // on it gets EINVAL, so all of them agree on flock() below.
    if (errno != EINVAL) return Lock::Error;
#endif
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) return Lock::Taken;
    return errno == EWOULDBLOCK ? Lock::Busy : Lock::Error;
}

// 1 when another open file description holds the lock, 0 when free, -1 when unknown.
int lock_held(int fd)
{
#ifdef F_OFD_GETLK
    struct flock fl;
    std::memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_OFD_GETLK, &fl) == 0) return fl.l_type != F_UNLCK ? 1 : 0;
    if (errno != EINVAL) return -1;
#endif
    // flock() has no "test" operation: take and drop it. A starter racing with this
    // probe may then see a busy lock for a moment; only on kernels without OFD locks.
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        flock(fd, LOCK_UN);
        return 0;
    }
    return errno == EWOULDBLOCK ? 1 : -1;
}

// One positive pid: decimal digits without a leading zero, then at most one newline and
// nothing else. Anything else is 0, so a half-written, foreign or doctored file never
// yields a pid to signal (and never -1, which kill() takes for "every process").
pid_t read_pid(int fd)
{
    char buf[32];
    ssize_t n;
    do {
        n = pread(fd, buf, sizeof buf, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0 || n >= static_cast<ssize_t>(sizeof buf)) return 0;
    long long v = 0;
    ssize_t i = 0;
    for (; i < n && buf[i] >= '0' && buf[i] <= '9'; ++i) {
        v = v * 10 + (buf[i] - '0');
        if (v > INT_MAX) return 0;
    }
    if (i == 0 || v == 0 || buf[0] == '0') return 0;
    if (i < n && !(buf[i] == '\n' && i + 1 == n)) return 0;
    return static_cast<pid_t>(v);
}

// The lock's winner writes its pid just after taking the lock; a loser that reads in
// between sees an empty file, so give the winner a moment.
pid_t read_pid_waiting(int fd, int wait_ms)
{
    long long deadline = now_ms() + wait_ms;
    for (;;) {
        pid_t pid = read_pid(fd);
        if (pid > 0 || now_ms() >= deadline) return pid;
        sleep_ms(2);
    }
}

// Stays clear of 0-2, which daemonize() points at /dev/null with dup2(); a pid file fd
// there would be silently replaced.
// Takes fd; returns it, or a copy >= 3 with fd closed (-1, errno kept, on failure).
int above_stdio(int fd)
{
    if (fd > 2) return fd;
    UniqueFd low(fd);
    return fcntl(low.get(), F_DUPFD_CLOEXEC, 3);
}

// Missing directories are created 0755 and stay the caller's: a directory handed to
// the daemon user would let that user replace the pid file with one naming any pid.
bool make_parents(const std::string &path, std::string &err)
{
    std::string::size_type slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return true;
    const std::string dir = path.substr(0, slash);
    std::string::size_type pos = 0;
    for (;;) {
        pos = dir.find('/', pos + 1);
        std::string part = dir.substr(0, pos);
        if (!part.empty() && part.back() != '/') {
            if (mkdir(part.c_str(), 0755) == 0) {
                // mkdir() honours the umask; a 0700 directory would lock the dropped
                // daemon user (and readers of the pid file) out.
                UniqueFd dfd(open(part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
                if (dfd) fchmod(dfd.get(), 0755);
            } else if (errno != EEXIST) {
                err = "cannot create directory " + part + ": " + errstr(errno);
                return false;
            }
        }
        if (pos == std::string::npos) break;
    }
    return true;
}

// pwrite(), not write_all(): the descriptor's offset stays at 0, so a later write
// through it (or a copy of it) after ftruncate() starts the file, leaving no hole.
bool write_all_at0(int fd, const std::string &s)
{
    size_t done = 0;
    while (done < s.size()) {
        ssize_t n = pwrite(fd, s.data() + done, s.size() - done, static_cast<off_t>(done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<size_t>(n);
    }
    return true;
}

const int kOpenFlags = O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// 1 when process `pid` has the file `st` describes open, 0 when it has not, -1 when
// its descriptors cannot be listed. The daemon keeps its pid file open for its whole
// life, and through that descriptor (it needs one to empty the file at exit) code
// running as the daemon user can write any pid into root's file: the pid a stopper
// may signal is one that holds the file, never just one the file names.
int holds_open(pid_t pid, const struct stat &st)
{
    const std::string dir = "/proc/" + std::to_string(static_cast<long>(pid)) + "/fd";
    DIR *d = opendir(dir.c_str());
    if (!d) return -1;
    int found = 0;
    while (struct dirent *e = readdir(d)) {
        struct stat fst;
        if (e->d_name[0] == '.') continue;
        if (fstatat(dirfd(d), e->d_name, &fst, 0) == 0 && fst.st_dev == st.st_dev && fst.st_ino == st.st_ino) {
            found = 1;
            break;
        }
    }
    closedir(d);
    return found;
}

}  // namespace

int pidfile_acquire(const std::string &path, pid_t pid, std::string &err, pid_t &holder)
{
    err.clear();
    holder = 0;
    if (path.empty() || path.back() == '/') {
        err = "pid file path '" + path + "' does not name a file";
        return -1;
    }
    if (!make_parents(path, err)) return -1;
    // In a directory anyone may write without the sticky bit, anyone can rename their
    // own file over the pid file after we wrote it, and an init script running as root
    // would then signal whatever pid they chose. Refused, not repaired: chmod-ing a
    // directory we did not create is not ours to do.
    {
        std::string::size_type slash = path.rfind('/');
        std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
        struct stat dst;
        if (stat(dir.c_str(), &dst) == 0 && (dst.st_mode & S_IWOTH) && !(dst.st_mode & S_ISVTX)) {
            char mode[8];
            snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(dst.st_mode & 07777));
            err = "pid file directory " + dir + " is writable by everyone (mode " + mode +
                  ", no sticky bit): anyone could replace the pid file; refusing it";
            return -1;
        }
    }

    // The file we keep is always one this call created with O_EXCL: a file that was
    // there before (planted in a sticky directory by another user, or left by a dead
    // daemon) is never adopted. A stale one is unlinked, but only while we hold its
    // lock and the path still names it, so a live daemon's file is never removed.
    // Rivals and exiting daemons can make any step lose its race; a few rounds always
    // suffice unless something keeps replacing the file.
    for (int attempt = 0; attempt < 100; ++attempt) {
        // O_NONBLOCK and O_NOCTTY: whatever sits at the path (a FIFO, a tty) must not
        // hang us or become our controlling terminal before we can refuse it.
        bool created = true;
        UniqueFd fd(open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | kOpenFlags, 0644));
        if (!fd && errno == EEXIST) {
            created = false;
            fd.reset(open(path.c_str(), O_RDWR | kOpenFlags));
            if (!fd && errno == ENOENT) continue;  // a stale file just went away
        }
        if (!fd) {
            int e = errno;
            struct stat lst;
            if ((e == ELOOP || e == EEXIST) && lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode))
                err = "pid file " + path + " is a symbolic link; refusing to follow it";
            else
                err = "cannot open pid file " + path + ": " + errstr(e);
            return -1;
        }
        fd.reset(above_stdio(fd.release()));
        if (!fd) {
            err = "cannot open pid file " + path + ": " + errstr(errno);
            return -1;
        }
        struct stat st;
        if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
            err = "pid file " + path + " is not a regular file";
            return -1;
        }
        // Someone else's file (pre-created in a sticky directory, or chowned to the
        // daemon user by the PEAR class) is not ours to lock, empty or delete: whoever
        // wrote it could have written any pid, and a stopper would believe it.
        if (!created && st.st_uid != 0 && st.st_uid != geteuid()) {
            err = "pid file " + path + " belongs to uid " + std::to_string(static_cast<long>(st.st_uid)) + ", not to " +
                  (geteuid() == 0 ? std::string("root") : "uid " + std::to_string(static_cast<long>(geteuid()))) +
                  "; refusing it (remove it if no daemon uses it)";
            return -1;
        }
        Lock l = try_lock(fd.get());
        if (l == Lock::Busy) {
            holder = read_pid_waiting(fd.get(), 100);
            struct stat now;
            if (holder == 0 && (lstat(path.c_str(), &now) != 0 || now.st_dev != st.st_dev || now.st_ino != st.st_ino)) {
                // Whoever held it removed it as a leftover: not a running daemon.
                holder = 0;
                continue;
            }
            err = holder > 0 ? "already running as pid " + std::to_string(holder)
                             : "already running (pid file " + path + " is locked but holds no pid)";
            return -1;
        }
        if (l == Lock::Error) {
            int e = errno;
            err = "cannot lock pid file " + path + ": " + errstr(e);
            return -1;
        }
        struct stat cur;
        if (fstat(fd.get(), &st) != 0 || lstat(path.c_str(), &cur) != 0 || cur.st_dev != st.st_dev ||
            cur.st_ino != st.st_ino) {
            continue;
        }
        // A second name for the file (a hard link planted by someone who could write
        // the directory) would make us truncate or unlink a file we never meant to touch.
        if (st.st_nlink != 1) {
            err = "pid file " + path + " has " + std::to_string(static_cast<long>(st.st_nlink)) +
                  " hard links; refusing to write it";
            return -1;
        }
        if (!created) {
            // Stale: nobody holds its lock, and we do. Gone before the lock goes.
            if (unlink(path.c_str()) != 0 && errno != ENOENT) {
                int e = errno;
                err = "cannot remove stale pid file " + path + ": " + errstr(e);
                return -1;
            }
            continue;
        }
        // A setgid directory would give the file its group; the file is root's alone.
        if (geteuid() == 0 && st.st_gid != getegid() && fchown(fd.get(), 0, getegid()) != 0) {
            int e = errno;
            err = "cannot chown pid file " + path + ": " + errstr(e);
            return -1;
        }
        if ((st.st_mode & 07777) != 0644 && fchmod(fd.get(), 0644) != 0) {
            int e = errno;
            err = "cannot chmod pid file " + path + ": " + errstr(e);
            return -1;
        }
        if (!write_all_at0(fd.get(), std::to_string(static_cast<long>(pid)) + "\n")) {
            int e = errno;
            unlink(path.c_str());
            err = "cannot write pid file " + path + ": " + errstr(e);
            return -1;
        }
        return fd.release();
    }
    err = "pid file " + path + " keeps being replaced while we lock it";
    return -1;
}

int pidfile_adopt(int fd, const std::string &path, pid_t pid, std::string &err)
{
    struct stat mine, cur;
    if (fd < 0 || fstat(fd, &mine) != 0) {
        err = "the inherited pid file descriptor is not open";
        return -1;
    }
    if (!S_ISREG(mine.st_mode) || mine.st_nlink != 1 || (mine.st_uid != 0 && mine.st_uid != geteuid())) {
        err = "the inherited descriptor is not a pid file (a regular file owned by root or us)";
        return -1;
    }
    if (lstat(path.c_str(), &cur) != 0 || !S_ISREG(cur.st_mode) || cur.st_dev != mine.st_dev ||
        cur.st_ino != mine.st_ino) {
        err = "the inherited descriptor is not the file at " + path;
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_ACCMODE) != O_RDWR) {
        err = "the inherited pid file descriptor is not open for writing";
        return -1;
    }
    if (try_lock(fd) != Lock::Taken) {
        err = "the inherited pid file's lock is held by another process";
        return -1;
    }
    std::string text = std::to_string(static_cast<long>(pid)) + "\n";
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
        err = std::string("cannot write the inherited pid file: ") + std::strerror(errno);
        return -1;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

PidState pidfile_probe(const std::string &path, pid_t &pid)
{
    pid = 0;
    UniqueFd fd(open(path.c_str(), O_RDONLY | kOpenFlags));
    if (!fd) return (errno == ENOENT || errno == ENOTDIR) ? PidState::Absent : PidState::Running;
    struct stat st;
    if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return PidState::Running;
    }
    int held = lock_held(fd.get());
    pid = held == 0 ? read_pid(fd.get()) : read_pid_waiting(fd.get(), 100);
    return held == 0 ? PidState::Stale : PidState::Running;
}

void pidfile_release(int raw_fd, const std::string &path)
{
    UniqueFd fd(raw_fd);
    if (!fd) return;
    struct stat mine, cur;
    if (fstat(fd.get(), &mine) == 0 && lstat(path.c_str(), &cur) == 0 && mine.st_dev == cur.st_dev &&
        mine.st_ino == cur.st_ino) {
        if (unlink(path.c_str()) != 0) {
            if (ftruncate(fd.get(), 0) != 0) {
                // Nothing more can be done: the lock still goes with close().
            }
        }
    }
}

bool pidfile_remove_emptied(const std::string &path)
{
    if (path.empty()) return false;
    UniqueFd fd(open(path.c_str(), O_RDWR | kOpenFlags));
    if (!fd) return false;
    struct stat st;
    if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1) {
        return false;
    }
    // The failed daemon released its file before it reported; a lock held now is
    // someone else's (a running daemon, or its forked workers), and stays untouched.
    Lock l = try_lock(fd.get());
    struct stat cur;
    bool removed = false;
    // Empty and unlocked: a daemon's leftover, or a starter's file between its creation
    // and its lock, which that starter then finds unlinked and makes again.
    if (l == Lock::Taken && fstat(fd.get(), &st) == 0 && st.st_size == 0 && lstat(path.c_str(), &cur) == 0 &&
        cur.st_dev == st.st_dev && cur.st_ino == st.st_ino)
        removed = unlink(path.c_str()) == 0;
    return removed;
}

bool pidfile_stop(const std::string &path, int timeout_ms, std::string &msg)
{
    // Root's init scripts and logrotate snippet apply the same rule: whoever can write
    // the directory can swap the file between the checks below and the kill().
    // The name opened is the one the check resolved, through no link anyone but root
    // could change.
    std::string at = path;
    if (geteuid() == 0) {
        std::string why = dir_not_roots_alone(path, &at);
        if (!why.empty()) {
            msg = "pid file " + path + ": " + why +
                  ", so someone else could swap the file between its checks "
                  "and the signal; refusing to signal through it as root (appPidLocation: use a directory only "
                  "root can write, such as /run)";
            return false;
        }
        if (at.empty()) {
            msg = "no daemon running (no pid file " + path + ")";
            return false;
        }
    }
    UniqueFd fd(open(at.c_str(), O_RDONLY | kOpenFlags));
    if (!fd) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            msg = "no daemon running (no pid file " + path + ")";
        else
            msg = "cannot open pid file " + path + ": " + errstr(e);
        return false;
    }
    struct stat st;
    if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        msg = "pid file " + path + " is not a regular file";
        return false;
    }
    // Only a file that root (or we) wrote names a pid worth signalling: any other
    // owner could have put a victim's pid in it, and hold a lock on it too.
    if (st.st_uid != 0 && st.st_uid != geteuid()) {
        msg = "pid file " + path + " belongs to uid " + std::to_string(static_cast<long>(st.st_uid)) +
              ", not to root; refusing to signal the pid it names";
        return false;
    }
    int held = lock_held(fd.get());
    if (held <= 0) {
        int e = errno;
        msg = held == 0 ? "no daemon running (stale pid file)"
                        : "cannot test the lock on pid file " + path + ": " + errstr(e);
        return false;
    }
    pid_t pid = read_pid_waiting(fd.get(), 100);
    if (pid <= 0) {
        msg = "pid file " + path + " is locked but holds no pid";
        return false;
    }
    const std::string who = "pid " + std::to_string(static_cast<long>(pid));
    if (pid == getpid()) {
        msg = who + " is this process";
        return false;
    }
    // Root must be able to list anyone's descriptors; another user who cannot (a
    // process that changed its uid is not dumpable) can only signal its own processes.
    int holds = holds_open(pid, st);
    if (holds == 0 || (holds < 0 && (geteuid() == 0 || errno != EACCES))) {
        msg = "pid file " + path + " names " + who + ", which does not hold it open; refusing to signal it";
        return false;
    }
    if (kill(pid, SIGTERM) != 0) {
        int e = errno;
        if (e == EPERM)
            msg = "not allowed to signal " + who;
        else if (e == ESRCH)
            msg = who + " does not exist, yet pid file " + path + " is locked";
        else
            msg = "cannot signal " + who + ": " + errstr(e);
        return false;
    }
    // Watch the lock through the fd opened above: it names the daemon's inode even
    // after the daemon unlinks it or a successor creates a new file at the path.
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    long step = 1;
    for (;;) {
        held = lock_held(fd.get());
        if (held == 0) {
            msg = "stopped " + who;
            return true;
        }
        long long left = deadline - now_ms();
        if (left <= 0) break;
        sleep_ms(step < left ? step : static_cast<long>(left));
        if (step < 10) step *= 2;
    }
    msg = who + " did not stop within " + std::to_string(timeout_ms) + " ms";
    return false;
}

}  // namespace sd
