#include "core/daemonize.h"
#include "core/fd.h"
#include "core/pidfile.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace sd {

// The report channel is a socketpair rather than a pipe: send(MSG_NOSIGNAL) lets the
// daemon report even when the launcher was killed meanwhile, without a SIGPIPE (whose
// disposition we may just have reset to "terminate").
//
// Messages: first "P<pid>\0" (the daemon's pid, sent right after the second fork);
// then "R" for ready; "F<code>:<reason>\0" for a failure; "S" for started (the
// daemon's own setup is done but its script has not shown it runs yet): after "S" the
// launcher waits at most kSettleMs more for "R" or "F", then leaves with 0. The
// launcher acts on the first complete "R" or "F" and does not wait for EOF, which a
// forked grandchild of the daemon holding a copy of the fd could delay forever.

namespace {

const size_t kMaxReason = 4000;
// How long a started daemon has to fail before its launcher reports success anyway: a
// script dying of an uncaught error right after start() is then seen by the shell.
const int kSettleMs = 1000;

// Used between the forks, where the process may be a copy of a multi-threaded one:
// a stack buffer and no allocation.
[[noreturn]] void fail_raw(int fd, const char *what, int e)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "F1:%s: %s", what, strerror(e));
    if (n < 0) n = 0;
    if (static_cast<size_t>(n) >= sizeof buf) n = sizeof buf - 1;
    send_all(fd, buf, static_cast<size_t>(n) + 1);  // with the '\0'
    _exit(1);
}

// Whether the process `pid` has ended (zombie or gone), for kernels without pidfd.
bool process_gone(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/stat", static_cast<long>(pid));
    UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
    if (!fd) return kill(pid, 0) != 0 && errno == ESRCH;
    char buf[512];
    ssize_t n = read(fd.get(), buf, sizeof buf - 1);
    fd.reset();
    if (n <= 0) return true;
    buf[n] = '\0';
    // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
    const char *rp = strrchr(buf, ')');
    if (!rp || rp[1] != ' ') return false;
    return rp[2] == 'Z' || rp[2] == 'X';
}

int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

// The launcher: only reads, waits and leaves. Nothing of the caller's (PHP's) state
// runs here: no shutdown functions, no destructors, no stdio flush.
//
// Besides the report channel it watches the daemon process itself, whose pid the
// daemon sends first ("P<pid>\0"): a process the daemon forked before it was ready
// may hold a copy of the channel and delay its EOF for as long as it lives, so the
// daemon's end is noticed on its own (a pidfd; /proc polling on kernels before 5.3).
[[noreturn]] void launcher_wait(int rfd, pid_t child, const std::string &pid_file)
{
    char buf[kMaxReason + 64];
    size_t len = 0;
    bool complete = false;
    pid_t daemon = 0;
    int pidfd = -1;
    bool daemon_gone = false;
    bool started = false;
    bool settled = false;
    struct timespec settle_end = {0, 0};
    for (;;) {
        // A complete verdict, after the optional pid message, ends the wait.
        if (len > 0 && buf[0] == 'P') {
            char *nul = static_cast<char *>(memchr(buf, '\0', len));
            if (nul) {
                daemon = static_cast<pid_t>(strtol(buf + 1, nullptr, 10));
                size_t used = static_cast<size_t>(nul - buf) + 1;
                memmove(buf, buf + used, len - used);
                len -= used;
                if (daemon > 0) pidfd = open_pidfd(daemon);
                continue;
            }
        }
        if (!started && len > 0 && buf[0] == 'S') {
            started = true;
            memmove(buf, buf + 1, --len);
            clock_gettime(CLOCK_MONOTONIC, &settle_end);
            settle_end.tv_sec += kSettleMs / 1000;
            settle_end.tv_nsec += static_cast<long>(kSettleMs % 1000) * 1000000L;
            if (settle_end.tv_nsec >= 1000000000L) {
                settle_end.tv_nsec -= 1000000000L;
                settle_end.tv_sec += 1;
            }
            continue;
        }
        if (len > 0 && (buf[0] == 'R' || (buf[0] == 'F' && memchr(buf, '\0', len) != nullptr))) {
            complete = true;
            break;
        }
        if (len >= sizeof buf - 1 || daemon_gone) break;
        struct pollfd pf[2];
        pf[0].fd = rfd;
        pf[0].events = POLLIN;
        pf[0].revents = 0;
        nfds_t nf = 1;
        if (pidfd >= 0) {
            pf[1].fd = pidfd;
            pf[1].events = POLLIN;
            pf[1].revents = 0;
            nf = 2;
        }
        int timeout = (daemon > 0 && pidfd < 0) ? 100 : -1;
        if (started) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long left = (settle_end.tv_sec - now.tv_sec) * 1000 + (settle_end.tv_nsec - now.tv_nsec) / 1000000;
            if (left <= 0) {
                settled = true;
                break;
            }
            if (timeout < 0 || left < timeout) timeout = static_cast<int>(left);
        }
        int r = poll(pf, nf, timeout);
        if (r < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(rfd, buf + len, sizeof buf - 1 - len);
            if (n < 0) {
                if (errno == EINTR) continue;
                break;
            }
            if (n == 0) break;
            len += static_cast<size_t>(n);
            continue;
        }
        if ((nf == 2 && (pf[1].revents & POLLIN)) || (daemon > 0 && pidfd < 0 && process_gone(daemon))) {
            // What the daemon sent just before it ended is still read below.
            daemon_gone = true;
            int fl = fcntl(rfd, F_GETFL);
            if (fl >= 0) fcntl(rfd, F_SETFL, fl | O_NONBLOCK);
            for (;;) {
                ssize_t n = read(rfd, buf + len, sizeof buf - 1 - len);
                if (n > 0) {
                    len += static_cast<size_t>(n);
                    if (len < sizeof buf - 1) continue;
                } else if (n < 0 && errno == EINTR) {
                    continue;
                }
                break;
            }
        }
    }
    if (pidfd >= 0) close(pidfd);
    buf[len] = '\0';
    // The intermediate child exits right after its fork; reap it so it does not
    // linger as a zombie if the launcher were to live on. ECHILD (SIGCHLD ignored)
    // is fine.
    int status;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (len > 0 && buf[0] == 'R') {
        // The daemon closes its end right after "R": waiting a moment for that EOF
        // means that whoever acts on our exit finds the daemon without it. Bounded, as
        // a process the daemon forked may hold a copy.
        struct pollfd pf;
        pf.fd = rfd;
        pf.events = POLLIN;
        pf.revents = 0;
        for (int i = 0; i < 20 && poll(&pf, 1, 10) >= 0; ++i) {
            if (pf.revents & (POLLIN | POLLHUP | POLLERR)) {
                char c;
                ssize_t n = read(rfd, &c, 1);
                if (n <= 0 && !(n < 0 && errno == EINTR)) break;
            }
            pf.revents = 0;
        }
        _exit(0);
    }
    // Started, and neither a failure nor an exit without a report came in time.
    if (settled && len == 0) _exit(0);
    // A failed start leaves no pid file of its own, even one its daemon could not
    // unlink after dropping privileges.
    pidfile_remove_emptied(pid_file);
    if (len > 0 && buf[0] == 'F') {
        char *end = nullptr;
        long code = strtol(buf + 1, &end, 10);
        char *reason = (end && *end == ':') ? end + 1 : buf + 1;
        if (code < 1 || code > 255) code = 1;
        size_t rlen = strlen(reason);
        // The reason goes to the terminal root started us from, and after a privilege
        // drop the daemon user may have written it: no escape sequence of theirs may
        // reach that terminal (retitle it, clear it, or answer back as typed input).
        for (size_t i = 0; i < rlen; ++i) {
            unsigned char c = static_cast<unsigned char>(reason[i]);
            if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) reason[i] = '?';
        }
        write_all(2, reason, rlen);
        if (!complete) {
            static const char cut[] = " (report cut short)";
            write_all(2, cut, sizeof cut - 1);
        }
        write_all(2, "\n", 1);
        _exit(static_cast<int>(code));
    }
    static const char gone[] = "daemon exited before it was ready\n";
    write_all(2, gone, sizeof gone - 1);
    _exit(1);
}

void reset_signals(const std::vector<int> &keep_ignored, bool unblock_all)
{
    for (int s = 1; s < NSIG; ++s) {
        if (s == SIGKILL || s == SIGSTOP) continue;
        if (std::find(keep_ignored.begin(), keep_ignored.end(), s) != keep_ignored.end()) continue;
        struct sigaction sa;
        // Fails (EINVAL) for the real-time signals glibc reserves; nothing to reset there.
        if (sigaction(s, nullptr, &sa) != 0) continue;
        // Only SIG_IGN is inherited through exec(); an installed handler is the
        // caller's own (PHP's) and stays.
        if ((sa.sa_flags & SA_SIGINFO) || sa.sa_handler != SIG_IGN) continue;
        struct sigaction dfl;
        std::memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(s, &dfl, nullptr);
    }
    // Unblocking even for a moment would deliver what is pending: kept, not restored.
    if (!unblock_all) return;
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, nullptr);
}

// Closes every descriptor >= 3 not in `keep` (sorted, unique, all >= 3).
void close_inherited(const std::vector<int> &keep)
{
#ifdef SYS_close_range
    {
        unsigned lo = 3;
        bool ok = true;
        for (int k : keep) {
            unsigned uk = static_cast<unsigned>(k);
            if (uk > lo && syscall(SYS_close_range, lo, uk - 1, 0) != 0) {
                ok = false;
                break;
            }
            lo = uk + 1;
        }
        if (ok && syscall(SYS_close_range, lo, ~0U, 0) == 0) return;
        // ENOSYS: kernel older than 5.9; what was closed already is harmless to retry.
    }
#endif
    std::vector<int> open_fds;
    if (DIR *d = opendir("/proc/self/fd")) {
        int self = dirfd(d);
        while (struct dirent *e = readdir(d)) {
            char *end = nullptr;
            long fd = strtol(e->d_name, &end, 10);
            if (end == e->d_name || *end != '\0' || fd < 3 || fd == self) continue;
            open_fds.push_back(static_cast<int>(fd));
        }
        closedir(d);
    } else {
        // No /proc (a chroot): try every possible number.
        struct rlimit rl;
        long max = (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) ? static_cast<long>(rl.rlim_cur)
                                                                                        : 65536;
        for (long fd = 3; fd < max; ++fd) open_fds.push_back(static_cast<int>(fd));
    }
    for (int fd : open_fds)
        if (!std::binary_search(keep.begin(), keep.end(), fd)) close(fd);
}

bool stdio_to_devnull(std::string &err)
{
    // Without O_CLOEXEC: if 0-2 were all closed, open() returns one of them and that
    // very descriptor must survive exec() like the others dup2() makes.
    int nul = open("/dev/null", O_RDWR | O_NOCTTY);
    // Closed on every exit unless it is one of 0-2 itself.
    UniqueFd extra(nul > 2 ? nul : -1);
    if (nul < 0) {
        err = std::string("cannot open /dev/null: ") + strerror(errno);
        return false;
    }
    for (int fd = 0; fd <= 2; ++fd) {
        if (fd != nul && dup2(nul, fd) < 0) {
            err = std::string("cannot redirect standard descriptors to /dev/null: ") + strerror(errno);
            return false;
        }
    }
    return true;
}

bool stderr_to_file(const std::string &path, std::string &err)
{
    if (path.empty()) return true;
    UniqueFd fd(open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600));
    if (!fd) {
        err = "cannot open " + path + " for the daemon's stderr: " + strerror(errno);
        return false;
    }
    if (dup2(fd.get(), 2) == 2) return true;
    err = std::string("cannot redirect stderr: ") + strerror(errno);
    return false;
}

// Takes fd; returns it, or a copy >= 3 with fd closed (-1, errno kept, on failure).
int above_stdio(int fd)
{
    if (fd > 2) return fd;
    UniqueFd low(fd);
    return fcntl(low.get(), F_DUPFD_CLOEXEC, 3);
}

}  // namespace

int daemonize(const DaemonizeOptions &opts, std::string &err)
{
    err.clear();
    if (!opts.fork) {
        reset_signals(opts.keep_ignored, !opts.keep_mask);
        umask(opts.umask_value);
        if (!opts.chdir_to.empty() && chdir(opts.chdir_to.c_str()) != 0)
            err = "cannot change directory to " + opts.chdir_to + ": " + strerror(errno);
        return -1;
    }

    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        err = std::string("cannot create the readiness channel: ") + strerror(errno);
        return -1;
    }
    // With 0-2 closed in the caller, the channel could land there and be overwritten
    // by the /dev/null redirection.
    UniqueFd launcher_end(above_stdio(sv[0]));
    UniqueFd daemon_end(above_stdio(sv[1]));
    if (!launcher_end || !daemon_end) {
        err = std::string("cannot create the readiness channel: ") + strerror(errno);
        return -1;
    }
    std::vector<int> keep;
    keep.reserve(opts.keep_fds.size() + 1);
    for (int fd : opts.keep_fds)
        if (fd >= 3) keep.push_back(fd);
    keep.push_back(daemon_end.get());
    std::sort(keep.begin(), keep.end());
    keep.erase(std::unique(keep.begin(), keep.end()), keep.end());

    // Both processes would otherwise flush the same buffered bytes: the launcher never
    // flushes (_exit), and the daemon's copy would go to /dev/null.
    fflush(nullptr);

    pid_t child = fork();
    if (child < 0) {
        err = std::string("cannot fork: ") + strerror(errno);
        return -1;
    }
    if (child > 0) {
        daemon_end.reset();
        launcher_wait(launcher_end.get(), child, opts.pid_file);
    }

    launcher_end.reset();
    if (setsid() < 0) fail_raw(daemon_end.get(), "setsid() failed", errno);
    pid_t daemon_pid = fork();
    if (daemon_pid < 0) fail_raw(daemon_end.get(), "cannot fork the daemon", errno);
    // The session leader leaves, so the daemon can never reacquire a terminal.
    if (daemon_pid > 0) _exit(0);

    int report_fd = daemon_end.release();
    {
        // The launcher watches this process from now on (see launcher_wait()).
        char pm[32];
        int n = snprintf(pm, sizeof pm, "P%ld", static_cast<long>(getpid()));
        if (n > 0) send_all(report_fd, pm, static_cast<size_t>(n) + 1);
    }
    reset_signals(opts.keep_ignored, true);
    close_inherited(keep);
    std::string why;
    if (!stdio_to_devnull(why) || !stderr_to_file(opts.stderr_path, why)) {
        daemonize_report_failure(report_fd, 1, why);
        _exit(1);
    }
    umask(opts.umask_value);
    if (!opts.chdir_to.empty() && chdir(opts.chdir_to.c_str()) != 0) {
        daemonize_report_failure(report_fd, 1, "cannot change directory to " + opts.chdir_to + ": " + strerror(errno));
        _exit(1);
    }
    return report_fd;
}

void daemonize_report_ready(int &report_fd)
{
    if (report_fd < 0) return;
    send_all(report_fd, "R", 1);
    close(report_fd);
    report_fd = -1;
}

void daemonize_report_started(int report_fd)
{
    if (report_fd < 0) return;
    send_all(report_fd, "S", 1);
}

void daemonize_report_failure(int &report_fd, int exit_code, const std::string &reason)
{
    if (report_fd < 0) return;
    if (exit_code < 1 || exit_code > 255) exit_code = 1;
    std::string msg = "F" + std::to_string(exit_code) + ":" + reason.substr(0, kMaxReason);
    send_all(report_fd, msg.c_str(), msg.size() + 1);  // c_str()'s '\0' ends the message
    close(report_fd);
    report_fd = -1;
}

}  // namespace sd
