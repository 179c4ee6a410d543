/* A slow iteration names its line: the helper thread only watches a clock and raises
 * the VM interrupt flag; everything PHP (the stack, the log, the recycle) happens in
 * the daemon's thread, between two opcodes. A call blocked inside an internal function
 * is reported when it returns, at the line that called it. */
#include "php/watch.h"

#include "php/backtrace.h"
#include "php/events.h"
#include "php/limits.h"
#include "php/log.h"
#include "php/options.h"
#include "php/state.h"

#include "core/owner.h"
#include "core/sdnotify.h"
#include "core/stats.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <ctime>

namespace {

/* Shared with the helper thread: plain atomics and a pthread mutex/condition, no
 * object with a destructor (a forked worker inherits this memory without the thread). */
struct Watch {
    long options_gen = -1;
    std::atomic<std::uint64_t> warn_usec{0};
    std::atomic<std::uint64_t> timeout_usec{0};
    std::atomic<bool> in_iterate{false};
    /* 0 nothing, 1 warn, 2 timeout; for the iteration that began at pending_for. */
    std::atomic<int> pending{0};
    std::atomic<std::uint64_t> pending_for{0};
    std::atomic<sd_compat_vm_interrupt_t *> target{nullptr};
    bool quit = false;
    bool running = false;
    pid_t owner = 0;
    pthread_t thread;
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    pthread_cond_t cond;
};

Watch &w()
{
    static Watch x;
    return x;
}

void to_timespec(std::uint64_t usec, struct timespec &ts)
{
    ts.tv_sec = static_cast<time_t>(usec / 1000000u);
    ts.tv_nsec = static_cast<long>(usec % 1000000u) * 1000L;
}

void *watcher(void *)
{
    Watch &x = w();
    std::uint64_t warned_for = 0, timed_out_for = 0;
    pthread_mutex_lock(&x.mu);
    while (!x.quit) {
        std::uint64_t began = sd::stats().iteration_began_usec.load(std::memory_order_acquire);
        std::uint64_t warn = x.warn_usec.load(), timeout = x.timeout_usec.load();
        std::uint64_t now = sd::monotonic_usec();
        /* Idle in iterate(), or not iterating yet: look again in a while. */
        std::uint64_t next = now + 1000000;
        if (!x.in_iterate.load(std::memory_order_acquire) && began) {
            int fire = 0;
            if (timeout && now - began >= timeout && timed_out_for != began) {
                timed_out_for = warned_for = began;
                fire = 2;
            } else if (warn && now - began >= warn && warned_for != began) {
                warned_for = began;
                fire = 1;
            }
            if (fire) {
                x.pending_for.store(began);
                x.pending.store(fire, std::memory_order_release);
                if (sd_compat_vm_interrupt_t *t = x.target.load()) sd_compat_vm_interrupt_set(t);
            }
            if (warn && warned_for != began && began + warn < next) next = began + warn;
            if (timeout && timed_out_for != began && began + timeout < next) next = began + timeout;
        }
        struct timespec ts;
        to_timespec(next, ts);
        pthread_cond_timedwait(&x.cond, &x.mu, &ts);
    }
    pthread_mutex_unlock(&x.mu);
    return nullptr;
}

double option_seconds(const char *name)
{
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *v = sd_option_get(name, &tmp);
    double r = v ? zval_get_double(v) : 0.0;
    zval_ptr_dtor(&tmp);
    return r;
}

/* Reads the options when they changed; starts the thread the first time one is set,
 * in the daemon itself (after start()'s fork: a thread does not survive one). */
void arm()
{
    Watch &x = w();
    if (x.options_gen == static_cast<long>(SDG(options_gen))) return;
    x.options_gen = static_cast<long>(SDG(options_gen));
    x.warn_usec.store(static_cast<std::uint64_t>(option_seconds("appIterationWarnSec") * 1e6));
    x.timeout_usec.store(static_cast<std::uint64_t>(option_seconds("appIterationTimeoutSec") * 1e6));
    if (x.running || (!x.warn_usec.load() && !x.timeout_usec.load())) return;
    if (!sd_daemon_started_here() || getpid() != sd_daemon().pid) return;
    x.target.store(sd_compat_vm_interrupt_ptr());
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&x.cond, &ca);
    pthread_condattr_destroy(&ca);
    x.quit = false;
    /* The thread must take none of the daemon's signals. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&x.thread, nullptr, watcher, nullptr);
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (rc != 0) {
        sd_logf(SD_LOG_WARNING,
                "appIterationWarnSec: cannot start the watch thread (%s): slow iterations go unreported", strerror(rc));
        return;
    }
    x.running = true;
    x.owner = getpid();
}

}  // namespace

/* The watch is the daemon's, and the daemon the owning thread's: other threads'
 * requests (a threaded SAPI) neither arm it nor take its interrupt. */
void sd_watch_iterate_called()
{
    if (!sd::owner::is_mine()) return;
    w().in_iterate.store(true, std::memory_order_release);
}

void sd_watch_iterate_returns()
{
    if (!sd::owner::is_mine()) return;
    arm();
    w().in_iterate.store(false, std::memory_order_release);
}

void sd_watch_on_interrupt(zend_execute_data *ex)
{
    if (!sd::owner::is_mine()) return;
    Watch &x = w();
    int what = x.pending.exchange(0, std::memory_order_acq_rel);
    if (!what) return;
    /* Raised for an iteration that has ended since (iterate() came first). */
    if (x.in_iterate.load() || x.pending_for.load() != sd::stats().iteration_began_usec.load()) return;
    if (sd_daemon_halted()) return;
    double took = (sd::monotonic_usec() - x.pending_for.load()) / 1e6;
    char stack[SD_STACK_TEXT_MAX];
    sd_stack_text(ex, stack, sizeof stack);
    if (what == 1) {
        sd_logf(SD_LOG_WARNING,
                "Slow iteration: %.1f s since the last iterate() (appIterationWarnSec %.3g s), now in:%s", took,
                x.warn_usec.load() / 1e6, stack);
        return;
    }
    sd_logf(SD_LOG_CRIT, "Iteration timed out: %.1f s since the last iterate() (appIterationTimeoutSec %.3g s), in:%s",
            took, x.timeout_usec.load() / 1e6, stack);
    if (EG(exception)) return;
    sd_limits_recycle("appIterationTimeoutSec");
    sd_halt(0);
}

void sd_watch_request_end()
{
    if (!sd::owner::is_mine()) return;
    Watch &x = w();
    if (x.running && x.owner == getpid()) {
        pthread_mutex_lock(&x.mu);
        x.quit = true;
        pthread_cond_signal(&x.cond);
        pthread_mutex_unlock(&x.mu);
        pthread_join(x.thread, nullptr);
        pthread_cond_destroy(&x.cond);
    }
    x.running = false;
    x.target.store(nullptr);
    x.pending.store(0);
    x.options_gen = -1;
}
