// Signal recording and interruptible sleep, in plain C++ with no Zend types.
//
// The C handler installed here does nothing but note the signal (a counter and the last
// siginfo, per signal, in static lock-free atomics) and call a wake hook, so it is safe
// whatever the main thread was doing when the signal arrived. The glue takes the notes
// later, from a safe point (the VM interrupt, or iterate()), and runs the PHP side.
#ifndef SD_CORE_SIGNALS_H
#define SD_CORE_SIGNALS_H

#include <sys/types.h>

#include <csignal>
#include <cstddef>
#include <ctime>

namespace sd {
namespace sig {

// Signal numbers are < kMax on every platform we build for (NSIG is 65 on Linux).
constexpr int kMax = 65;

// What one delivery carried; for a signal delivered several times before it was taken,
// the fields are those of the last delivery and `count` says how many there were.
struct Info {
    int signo;
    int count;
    int code;
    int err;
    pid_t pid;
    uid_t uid;
    int status;
    int forwarded;  // of `count`, those the daemon passed on to this member of its family
};

// Called from the C handler, in signal context: must be async-signal-safe.
using WakeHook = void (*)();
void set_wake_hook(WakeHook hook);

// A host may keep the real handler of some signals in a table of its own, with its own
// dispatcher in the kernel (PHP's engine with ZEND_SIGNALS: HUP, INT, QUIT, TERM, USR1,
// USR2, whose dispatcher every request start of every thread puts back). The hook
// reads (act null) or sets such a signal's disposition through the host and returns
// true; false leaves the signal to plain sigaction(). Every disposition read or change
// below goes through it, except the forced exit's (which must reach the kernel).
using ActionHook = bool (*)(int signo, const struct sigaction *act, struct sigaction *old);
void set_action_hook(ActionHook hook);

// "SIGTERM" for 15; nullptr for a number that has no name here (real-time signals
// are "SIGRTMIN+n", written into buf).
const char *name(int signo, char *buf, size_t len);
// Synchronous fault signals (SEGV, BUS, FPE, ILL, TRAP, ABRT, SYS) and the two that
// cannot be caught (KILL, STOP): a deferred handler can do nothing sensible for them.
bool is_refused(int signo);
// A signal number this system has (1 .. SIGRTMAX).
bool exists(int signo);

enum class Disposition { Default, Ignore, Ours, Foreign, Invalid };
Disposition current(int signo);
// The installed handler function (sa_sigaction or sa_handler), for telling whose it is.
void *handler_address(int signo);

// Installs the recording handler. With `restart_calls` (SA_RESTART) a signal never makes
// a read() or write() of the script fail with EINTR; calls that are never restarted, like
// sleep(), select() and iterate(), return early all the same. Without it (TERM, INT, QUIT)
// a blocking accept() or read() returns EINTR, so the script notices at once. The
// disposition found the first time this process changes `signo` is remembered for
// restore().
bool install(int signo, bool restart_calls = true);
bool set_ignore(int signo);
bool set_default(int signo);
// Back to the disposition found before the first change (a no-op when never changed).
void restore(int signo);
void restore_all();

// True when some signal was recorded and not yet taken.
bool any_pending();
// Clears the "some signal pending" flag; call before take()ing every signal, so a
// delivery racing with the scan sets it again.
void clear_any_pending();
// Sets the flag again, for notes left untaken (a PHP handler threw before the rest ran).
void mark_pending();
// Takes the notes for signo: false when it was not delivered since the last take.
bool take(int signo, Info &out);

// Blocks the signals whose handler is ours (for running PHP handlers without being
// re-entered); `old` receives the previous mask for unblock().
void block_ours(sigset_t *old);
void unblock(const sigset_t *old);

enum class Wake { Timeout, Pending, Interrupted };
// Sleeps until `deadline` (CLOCK_MONOTONIC) or until a signal arrives. Our signals are
// blocked while checking for pending ones, then unblocked atomically by pselect(), so a
// signal that arrives just before the sleep still ends it. Pending: one of our signals
// was recorded (possibly before the call); Interrupted: some other handler ran (pcntl's,
// another extension's); Timeout: the deadline passed.
Wake sleep_until(const struct timespec &deadline);

// ---- Graceful stop (TERM, INT, QUIT with the daemon's default action) ----
//
// The first delivery of a graceful signal, in the process that called graceful_setup(),
// starts the grace period from inside the C handler (so it starts even while the script
// is blocked in a system call that PHP resumes): it arms a one-shot timer that sends the
// same signal again, with si_code SI_TIMER, when the period is over. The graceful
// signals are installed without SA_RESTART, so the first one already interrupts a
// blocking accept() or select().
//
// Creates the timers for this process (none are inherited by fork()), replacing any
// earlier ones; grace_ms == 0: graceful stops without a bound (no timer). The period
// bounds the whole stop, whether the script acknowledged it or not: when it is over,
// what is left of the family is killed, the signal comes again with SI_TIMER, and
// once more a second later. Leaves graceful_set() choices alone. False with errno
// when a timer cannot be created.
bool graceful_setup(long grace_ms);
// Whether signo's first delivery starts a grace period (set by the glue when the
// signal has the daemon's default action).
void graceful_set(int signo, bool on);
// The grace period started in this process (a forked worker never has one).
bool graceful_started();
// CLOCK_MONOTONIC milliseconds at which the grace period ends (counted from now when
// it has not started); 0 when there is no bound or this process has none.
long long grace_deadline_ms();
// Timers deleted, every graceful_set() choice cleared (request end).
void graceful_reset();

// ---- The family (ext/core/family.h) ----
//
// With family_setup(true), called in the daemon, the first graceful signal is passed
// on, from the handler, to every live descendant, and the end of the grace period (or
// a stop forced from the handler) kills what is left of them. A descendant that
// inherited the handler counts a stop signal its daemon passed on apart
// (Info::forwarded). false: the script manages its children.
void family_setup(bool on);
// This process is the daemon whose family is stopped with it.
bool family_stopped_here();
// How many processes the first stop signal was passed on to (and which signal), and
// how many the end of the grace period killed, since the last call.
int family_take_sent(int *signo);
int family_take_killed();

// Whether this process has a child, exited or not.
bool has_children();
// Whether an exited child waits to be reaped (cheap: one waitid()).
bool exited_child();
// ---- A stop that the script cannot notice ----
//
// A TERM, INT or QUIT with the default action (graceful_set()) that arrives while an
// earlier one is still recorded and untaken (the script is blocked in a call that PHP
// itself resumes after EINTR, such as a socket read without timeout, or in one internal
// function for the whole grace period) ends the process from the C handler: the pid
// file is removed (unlinked, or emptied when the directory does not let us), then the
// process dies of the signal (QUIT: _exit(128 + SIGQUIT), no core dump). The grace period's own timer counts as such a
// second signal. Set in the daemon process once the pid file is locked; fd < 0 or a null path turns it off. Only the
// process that called it is ever ended this way.
void set_exit_pidfile(int fd, const char *path);

// Reaps exited children (waitpid(pid, WNOHANG)), except those listed in `keep` (pids
// that PHP itself will wait for, like proc_open()'s). Children are listed from
// /proc/self/task/*/children where the kernel provides it, else found with
// waitid(WNOWAIT), which stops at the first kept child. Writes up to `max` reaped
// pids and wait statuses; returns how many were reaped (call again when == max).
size_t reap_children(const pid_t *keep, size_t nkeep, pid_t *pids, int *statuses, size_t max);

}  // namespace sig
}  // namespace sd

#endif
