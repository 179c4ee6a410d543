#include "core/signals.h"
#include "core/fd.h"

#include "core/family.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace sd {
namespace sig {

namespace {

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free int atomics");
static_assert(std::atomic<WakeHook>::is_always_lock_free, "the signal handler needs lock-free pointer atomics");
static_assert(NSIG <= kMax, "kMax must cover every signal number");

// Written by the handler, read by the main thread with the signal blocked. Fields are
// separate atomics rather than one struct: a delivery landing in another thread while
// the main thread reads can mix two deliveries' fields, but never tear one field.
struct Slot {
    std::atomic<int> count;
    std::atomic<int> code;
    std::atomic<int> err;
    std::atomic<int> pid;
    std::atomic<int> uid;
    std::atomic<int> status;
    std::atomic<int> forwarded;  // deliveries that were the daemon passing its stop on
};
Slot slots[kMax];
std::atomic<int> any{0};
std::atomic<WakeHook> wake_hook{nullptr};
std::atomic<ActionHook> action_hook{nullptr};

bool do_action(int signo, const struct sigaction *act, struct sigaction *old)
{
    if (ActionHook h = action_hook.load(std::memory_order_acquire)) {
        if (h(signo, act, old)) return true;
    }
    return sigaction(signo, act, old) == 0;
}

// Main-thread state: what we changed, and what was there before.
struct sigaction saved[kMax];
bool saved_valid[kMax];
sigset_t ours_set;
bool ours_set_ready = false;

// Graceful stop state. `phase`: 0 off, 1 armed, 2 grace period running.
std::atomic<int> phase{0};
std::atomic<bool> graceful_sig[kMax];
pid_t graceful_pid = 0;
long graceful_ms = 0;
timer_t grace_timer[kMax];
bool grace_timer_valid[kMax];
std::atomic<long long> grace_started_ms{0};

// The family (family_setup()): its root is the daemon; a forked worker inherits both
// values and so knows a stop signal its daemon passed on.
std::atomic<int> family_root{0};
std::atomic<bool> family_on{false};
std::atomic<int> family_sent{0};
std::atomic<int> family_sent_signo{0};
std::atomic<int> family_killed{0};

long long monotonic_ms()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void arm(int signo, long ms)
{
    if (!grace_timer_valid[signo]) return;
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = ms / 1000;
    its.it_value.tv_nsec = (ms % 1000) * 1000000L;
    timer_settime(grace_timer[signo], 0, &its, nullptr);
}

bool family_is_mine()
{
    return family_on.load(std::memory_order_relaxed) && family_root.load() == getpid();
}

// Signal context: only async-signal-safe calls (getpid, clock_gettime, timer_settime,
// and the family's open/read/kill). The family hears the stop when the daemon does.
void start_grace_period(int signo)
{
    int expected = 1;
    if (getpid() != graceful_pid || !phase.compare_exchange_strong(expected, 2)) return;
    grace_started_ms.store(monotonic_ms(), std::memory_order_relaxed);
    if (family_is_mine()) {
        family_sent_signo.store(signo, std::memory_order_relaxed);
        family_sent.store(static_cast<int>(family::signal_all(getpid(), signo)), std::memory_order_relaxed);
    }
    if (graceful_ms > 0) arm(signo, graceful_ms);
}

// The grace period is over: what is left of the family is killed, and the timer is
// set once more, so that a script that cannot take this signal either (blocked in a
// call PHP resumes) is ended from the handler a second later.
void grace_over(int signo)
{
    if (getpid() != graceful_pid) return;
    if (family_is_mine())
        family_killed.fetch_add(static_cast<int>(family::signal_all(getpid(), SIGKILL)), std::memory_order_relaxed);
    arm(signo, 1000);
}

// The pid file to remove before a stop forced from the handler. The path is written
// before `exit_fd` publishes it and never while the handler may read it.
std::atomic<int> exit_fd{-1};
std::atomic<int> exit_pid{0};
char exit_path[4096];

bool stop_pending()
{
    for (int s : {SIGTERM, SIGINT, SIGQUIT}) {
        if (graceful_sig[s].load(std::memory_order_relaxed) && slots[s].count.load(std::memory_order_acquire) > 0)
            return true;
    }
    return false;
}

// Signal context: fstat, lstat, unlink, ftruncate, sigaction, sigprocmask, kill and
// _exit are async-signal-safe. The file is only removed while the path still names the
// file we locked. The process then dies of the signal itself, as it would have without
// a handler (systemd counts a TERM or INT death as a clean stop); QUIT, whose default
// action dumps core, ends with _exit(128 + SIGQUIT) instead.
[[noreturn]] void forced_exit(int signo)
{
    if (family_is_mine()) family::signal_all(getpid(), SIGKILL);
    int fd = exit_fd.load(std::memory_order_acquire);
    struct stat mine, cur;
    if (fd >= 0 && fstat(fd, &mine) == 0 && lstat(exit_path, &cur) == 0 && mine.st_dev == cur.st_dev &&
        mine.st_ino == cur.st_ino && unlink(exit_path) != 0) {
        if (ftruncate(fd, 0) != 0) {
            // Nothing more can be done: the lock still goes with the process.
        }
    }
    if (signo != SIGQUIT) {
        struct sigaction dfl;
        memset(&dfl, 0, sizeof dfl);
        dfl.sa_handler = SIG_DFL;
        sigemptyset(&dfl.sa_mask);
        sigaction(signo, &dfl, nullptr);
        kill(getpid(), signo);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, signo);
        sigprocmask(SIG_UNBLOCK, &set, nullptr);
    }
    _exit(128 + signo);
}

void on_signal(int signo, siginfo_t *si, void *)
{
    int saved_errno = errno;
    if (signo > 0 && signo < kMax) {
        if (graceful_sig[signo].load(std::memory_order_relaxed)) {
            // A second stop while the first still waits for the script: it never will.
            if (exit_pid.load(std::memory_order_relaxed) == getpid() && stop_pending()) forced_exit(signo);
            bool timer = si && si->si_code == SI_TIMER;
            if (phase.load(std::memory_order_relaxed) == 1 && !timer) start_grace_period(signo);
            if (timer) grace_over(signo);
        }
        Slot &s = slots[signo];
        int root = family_root.load(std::memory_order_relaxed);
        if (si && si->si_code == SI_USER && root != 0 && si->si_pid == root && root != getpid())
            s.forwarded.fetch_add(1, std::memory_order_relaxed);
        if (si) {
            s.code.store(si->si_code, std::memory_order_relaxed);
            s.err.store(si->si_errno, std::memory_order_relaxed);
            s.pid.store(static_cast<int>(si->si_pid), std::memory_order_relaxed);
            s.uid.store(static_cast<int>(si->si_uid), std::memory_order_relaxed);
            s.status.store(signo == SIGCHLD ? si->si_status : 0, std::memory_order_relaxed);
        }
        s.count.fetch_add(1, std::memory_order_release);
        any.store(1, std::memory_order_release);
        if (WakeHook h = wake_hook.load(std::memory_order_acquire)) h();
    }
    errno = saved_errno;
}

sigset_t &ours()
{
    if (!ours_set_ready) {
        sigemptyset(&ours_set);
        ours_set_ready = true;
    }
    return ours_set;
}

void remember(int signo)
{
    if (saved_valid[signo]) return;
    if (do_action(signo, nullptr, &saved[signo])) saved_valid[signo] = true;
}

bool set_action(int signo, const struct sigaction &sa)
{
    if (!exists(signo) || is_refused(signo)) return false;
    remember(signo);
    if (!do_action(signo, &sa, nullptr)) return false;
    if (sa.sa_flags & SA_SIGINFO && sa.sa_sigaction == on_signal) {
        sigaddset(&ours(), signo);
    } else {
        sigdelset(&ours(), signo);
    }
    return true;
}

bool set_simple(int signo, void (*h)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sigemptyset(&sa.sa_mask);
    return set_action(signo, sa);
}

struct Named {
    int signo;
    const char *name;
};
const Named kNames[] = {
    {SIGHUP, "SIGHUP"},       {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
    {SIGTRAP, "SIGTRAP"},     {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},
    {SIGKILL, "SIGKILL"},     {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
    {SIGPIPE, "SIGPIPE"},     {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"}, {SIGCHLD, "SIGCHLD"},
    {SIGCONT, "SIGCONT"},     {SIGSTOP, "SIGSTOP"}, {SIGTSTP, "SIGTSTP"}, {SIGTTIN, "SIGTTIN"},
    {SIGTTOU, "SIGTTOU"},     {SIGURG, "SIGURG"},   {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"},
    {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"}, {SIGSYS, "SIGSYS"},
#ifdef SIGWINCH
    {SIGWINCH, "SIGWINCH"},
#endif
#ifdef SIGIO
    {SIGIO, "SIGIO"},
#endif
#ifdef SIGPWR
    {SIGPWR, "SIGPWR"},
#endif
#ifdef SIGSTKFLT
    {SIGSTKFLT, "SIGSTKFLT"},
#endif
};

bool kept(pid_t pid, const pid_t *keep, size_t nkeep)
{
    for (size_t i = 0; i < nkeep; ++i) {
        if (keep[i] == pid) return true;
    }
    return false;
}

// Every child of every thread of this process, from /proc/self/task/*/children.
// Returns false when the kernel does not provide those files.
template <typename F>
bool for_each_child(F f)
{
    DIR *d = opendir("/proc/self/task");
    if (!d) return false;
    bool any_file = false;
    while (struct dirent *e = readdir(d)) {
        if (e->d_name[0] == '.') continue;
        char path[300];
        snprintf(path, sizeof path, "/proc/self/task/%.255s/children", e->d_name);
        UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
        if (!fd) continue;
        any_file = true;
        std::string text;
        // A read error keeps what was read before it: those children are real.
        read_all(fd.get(), text, text.max_size());
        const char *p = text.c_str();
        for (;;) {
            char *q;
            long pid = strtol(p, &q, 10);
            if (q == p) break;
            if (pid > 0) f(static_cast<pid_t>(pid));
            p = q;
        }
    }
    closedir(d);
    return any_file;
}

}  // namespace

void set_wake_hook(WakeHook hook)
{
    wake_hook.store(hook, std::memory_order_release);
}
void set_action_hook(ActionHook hook)
{
    action_hook.store(hook, std::memory_order_release);
}

const char *name(int signo, char *buf, size_t len)
{
    for (const auto &n : kNames) {
        if (n.signo == signo) return n.name;
    }
#ifdef SIGRTMIN
    if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
        snprintf(buf, len, "SIGRTMIN+%d", signo - SIGRTMIN);
        return buf;
    }
#endif
    snprintf(buf, len, "signal %d", signo);
    return nullptr;
}

bool is_refused(int signo)
{
    switch (signo) {
        case SIGSEGV:
        case SIGBUS:
        case SIGFPE:
        case SIGILL:
        case SIGTRAP:
        case SIGABRT:
        case SIGSYS:
        case SIGKILL:
        case SIGSTOP: return true;
        default: return false;
    }
}

bool exists(int signo)
{
    if (signo <= 0 || signo >= kMax) return false;
    for (const auto &n : kNames) {
        if (n.signo == signo) return true;
    }
#ifdef SIGRTMIN
    if (signo >= SIGRTMIN && signo <= SIGRTMAX) return true;
#endif
    return false;
}

Disposition current(int signo)
{
    if (!exists(signo)) return Disposition::Invalid;
    struct sigaction sa;
    if (!do_action(signo, nullptr, &sa)) return Disposition::Invalid;
    if (sa.sa_flags & SA_SIGINFO) return sa.sa_sigaction == on_signal ? Disposition::Ours : Disposition::Foreign;
    if (sa.sa_handler == SIG_DFL) return Disposition::Default;
    if (sa.sa_handler == SIG_IGN) return Disposition::Ignore;
    return Disposition::Foreign;
}

void *handler_address(int signo)
{
    struct sigaction sa;
    if (!exists(signo) || !do_action(signo, nullptr, &sa)) return nullptr;
    return (sa.sa_flags & SA_SIGINFO) ? reinterpret_cast<void *>(sa.sa_sigaction)
                                      : reinterpret_cast<void *>(sa.sa_handler);
}

bool install(int signo, bool restart_calls)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | (restart_calls ? SA_RESTART : 0);
    // The handler only stores atomics; nothing needs to be blocked while it runs.
    sigemptyset(&sa.sa_mask);
    return set_action(signo, sa);
}

bool set_ignore(int signo)
{
    return set_simple(signo, SIG_IGN);
}
bool set_default(int signo)
{
    return set_simple(signo, SIG_DFL);
}

void restore(int signo)
{
    if (signo <= 0 || signo >= kMax || !saved_valid[signo]) return;
    do_action(signo, &saved[signo], nullptr);
    saved_valid[signo] = false;
    sigdelset(&ours(), signo);
    slots[signo].count.store(0, std::memory_order_relaxed);
    slots[signo].forwarded.store(0, std::memory_order_relaxed);
}

void restore_all()
{
    for (int s = 1; s < kMax; ++s) restore(s);
}

bool any_pending()
{
    return any.load(std::memory_order_acquire) != 0;
}
void clear_any_pending()
{
    any.store(0, std::memory_order_release);
}
void mark_pending()
{
    any.store(1, std::memory_order_release);
}

bool take(int signo, Info &out)
{
    if (signo <= 0 || signo >= kMax) return false;
    Slot &s = slots[signo];
    if (s.count.load(std::memory_order_relaxed) == 0) return false;
    int n = s.count.exchange(0, std::memory_order_acquire);
    if (n == 0) return false;
    out.signo = signo;
    out.count = n;
    out.forwarded = s.forwarded.exchange(0, std::memory_order_relaxed);
    if (out.forwarded > n) out.forwarded = n;
    out.code = s.code.load(std::memory_order_relaxed);
    out.err = s.err.load(std::memory_order_relaxed);
    out.pid = static_cast<pid_t>(s.pid.load(std::memory_order_relaxed));
    out.uid = static_cast<uid_t>(s.uid.load(std::memory_order_relaxed));
    out.status = s.status.load(std::memory_order_relaxed);
    return true;
}

void block_ours(sigset_t *old)
{
    pthread_sigmask(SIG_BLOCK, &ours(), old);
}
void unblock(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, nullptr);
}

Wake sleep_until(const struct timespec &deadline)
{
    sigset_t old;
    block_ours(&old);
    Wake w;
    if (any_pending()) {
        w = Wake::Pending;
    } else {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        struct timespec rem;
        rem.tv_sec = deadline.tv_sec - now.tv_sec;
        rem.tv_nsec = deadline.tv_nsec - now.tv_nsec;
        if (rem.tv_nsec < 0) {
            rem.tv_nsec += 1000000000L;
            rem.tv_sec -= 1;
        }
        if (rem.tv_sec < 0) {
            w = Wake::Timeout;
        } else {
            sigset_t during = old;
            for (int s = 1; s < kMax; ++s) {
                if (sigismember(&ours(), s) == 1) sigdelset(&during, s);
            }
            int r = pselect(0, nullptr, nullptr, nullptr, &rem, &during);
            int e = errno;
            if (any_pending()) {
                w = Wake::Pending;
            } else if (r < 0 && e == EINTR) {
                w = Wake::Interrupted;
            } else {
                w = Wake::Timeout;
            }
        }
    }
    unblock(&old);
    return w;
}

namespace {

void drop_grace_timers()
{
    phase.store(0, std::memory_order_release);
    grace_started_ms.store(0, std::memory_order_relaxed);
    for (int s = 1; s < kMax; ++s) {
        // Timers belong to the process that made them; a forked copy only forgets them.
        if (grace_timer_valid[s] && getpid() == graceful_pid) timer_delete(grace_timer[s]);
        grace_timer_valid[s] = false;
    }
    graceful_pid = 0;
}

}  // namespace

bool graceful_setup(long grace_ms)
{
    drop_grace_timers();
    graceful_pid = getpid();
    graceful_ms = grace_ms > 0 ? grace_ms : 0;
    grace_started_ms.store(0, std::memory_order_relaxed);
    if (grace_ms <= 0) {
        // No bound: graceful stops all the same, without a timer.
        phase.store(1, std::memory_order_release);
        return true;
    }
    for (int s : {SIGTERM, SIGINT, SIGQUIT}) {
        struct sigevent ev;
        memset(&ev, 0, sizeof ev);
        ev.sigev_notify = SIGEV_SIGNAL;
        ev.sigev_signo = s;
        if (timer_create(CLOCK_MONOTONIC, &ev, &grace_timer[s]) != 0) {
            int e = errno;
            drop_grace_timers();
            errno = e;
            return false;
        }
        grace_timer_valid[s] = true;
    }
    phase.store(1, std::memory_order_release);
    return true;
}

void graceful_set(int signo, bool on)
{
    if (signo > 0 && signo < kMax) graceful_sig[signo].store(on, std::memory_order_relaxed);
}

bool graceful_started()
{
    return phase.load(std::memory_order_acquire) == 2 && getpid() == graceful_pid;
}

long long grace_deadline_ms()
{
    if (getpid() != graceful_pid || graceful_ms <= 0) return 0;
    long long started = grace_started_ms.load(std::memory_order_relaxed);
    return (started ? started : monotonic_ms()) + graceful_ms;
}

void family_setup(bool on)
{
    family_root.store(on ? getpid() : 0, std::memory_order_relaxed);
    family_on.store(on, std::memory_order_relaxed);
    family_sent.store(0);
    family_killed.store(0);
}

bool family_stopped_here()
{
    return family_is_mine();
}

int family_take_sent(int *signo)
{
    *signo = family_sent_signo.load(std::memory_order_relaxed);
    return family_sent.exchange(0, std::memory_order_relaxed);
}

int family_take_killed()
{
    return family_killed.exchange(0, std::memory_order_relaxed);
}

void graceful_reset()
{
    drop_grace_timers();
    for (int s = 1; s < kMax; ++s) graceful_sig[s].store(false, std::memory_order_relaxed);
}

bool has_children()
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    // ECHILD: none at all; otherwise some child exists, exited or still running.
    return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 || errno != ECHILD;
}

bool exited_child()
{
    siginfo_t si;
    memset(&si, 0, sizeof si);
    return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid != 0;
}

void set_exit_pidfile(int fd, const char *path)
{
    exit_fd.store(-1, std::memory_order_release);
    exit_pid.store(0, std::memory_order_release);
    if (fd < 0) return;
    exit_pid.store(getpid(), std::memory_order_release);
    // A path too long to copy: the stop is still forced, the file only stays.
    if (!path || strlen(path) >= sizeof exit_path) return;
    memcpy(exit_path, path, strlen(path) + 1);
    exit_fd.store(fd, std::memory_order_release);
}

size_t reap_children(const pid_t *keep, size_t nkeep, pid_t *pids, int *statuses, size_t max)
{
    size_t n = 0;
    auto try_reap = [&](pid_t pid) {
        if (n >= max || kept(pid, keep, nkeep)) return;
        int st = 0;
        pid_t r;
        do {
            r = waitpid(pid, &st, WNOHANG);
        } while (r < 0 && errno == EINTR);
        if (r == pid) {
            pids[n] = pid;
            statuses[n] = st;
            ++n;
        }
    };
    if (for_each_child(try_reap)) return n;
    while (n < max) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid == 0) break;
        size_t before = n;
        try_reap(si.si_pid);
        if (n == before) break;
    }
    return n;
}

}  // namespace sig
}  // namespace sd
