/* Limits between iterations: the script's loop is never interrupted for one; the
 * check runs in iterate() and isDying(), and an idle iterate() wakes for
 * appMaxRunTime. */
#include "php/limits.h"

#include "php/events.h"
#include "php/log.h"
#include "php/options.h"
#include "php/restart.h"
#include "php/state.h"
#include "php/stats.h"

#include "core/owner.h"
#include "core/options.h"
#include "core/pool.h"
#include "core/sdnotify.h"
#include "core/stats.h"

#include <unistd.h>

#include <cinttypes>
#include <random>

namespace {

/* The resident size is read at most this often: a sample is a pread() of
 * /proc/self/statm, and a leak grows far slower than iterations come. */
constexpr std::uint64_t kRssSampleUsec = 200000;

/* The daemon's, process-wide like the daemon: one thread owns it. */
struct Limits {
    long options_gen = -1;
    std::uint64_t max_memory = 0;
    std::uint64_t max_run_usec = 0;
    std::uint64_t max_iterations = 0;
    bool action_exit = false;
    /* This image's share of the jitter, drawn once: a fleet started together spreads. */
    double draw = -1;
    const char *reached = nullptr;
    bool returned_dying = false;
    bool acknowledged = false;
    bool exit_pending = false;
    std::uint64_t heap_at_sample = 0;
};

Limits &lim()
{
    static Limits l;
    return l;
}

/* The limits of the options in force, with this image's jitter taken off (never
 * added: a memory limit is a ceiling). */
void read_limits()
{
    Limits &l = lim();
    if (l.options_gen == static_cast<long>(SDG(options_gen))) return;
    l.options_gen = static_cast<long>(SDG(options_gen));
    if (l.draw < 0) {
        std::minstd_rand rng(
            static_cast<unsigned>(sd::monotonic_usec() ^ (static_cast<std::uint64_t>(getpid()) << 20)));
        l.draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    }
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *jv = sd_option_get("appLimitJitter", &tmp);
    double jitter = jv ? zval_get_double(jv) : 0.0;
    zval_ptr_dtor(&tmp);
    double keep = 1.0 - jitter * l.draw;
    l.max_memory =
        static_cast<std::uint64_t>(static_cast<double>(sd::parse_byte_size(sd_option_string("appMaxMemory"))) * keep);
    l.max_run_usec = static_cast<std::uint64_t>(static_cast<double>(sd_option_long("appMaxRunTime")) * 1e6 * keep);
    zend_long its = sd_option_long("appMaxIterations");
    l.max_iterations = its > 0 ? static_cast<std::uint64_t>(static_cast<double>(its) * keep) : 0;
    if (its > 0 && l.max_iterations == 0) l.max_iterations = 1;
    l.action_exit = sd_option_string("appLimitAction") == "exit";
}

/* Only the daemon itself recycles, or a pool's worker (appWorkers): not a worker the
 * script forked, not a script that never called start(), not another thread's request. */
bool applies()
{
    return sd_daemon_started_here() && (getpid() == sd_daemon().pid || sd::pool::worker_id() >= 0);
}

/* A pool's worker recycles by ending normally: its master replaces it (with its id). */
bool in_pool_worker()
{
    return sd::pool::worker_id() >= 0;
}

}  // namespace

/* The limits are the daemon's, process-wide like it: only the thread that owns the
 * daemon (core/owner.h) reads or changes them; other threads' requests (a threaded
 * SAPI) pass through. */
void sd_limits_recycle(const char *reason)
{
    if (!sd::owner::is_mine()) return;
    Limits &l = lim();
    if (l.reached) return;
    read_limits();
    l.reached = reason;
    sd_stats_recycling(reason);
    if (!in_pool_worker() && (l.action_exit || !sd_restart_schedule())) l.exit_pending = true;
    sd_mark_dying();
}

void sd_limits_check(std::uint64_t now)
{
    if (!sd::owner::is_mine()) return;
    Limits &l = lim();
    if (l.reached || !applies()) return;
    read_limits();
    if (!l.max_memory && !l.max_run_usec && !l.max_iterations) return;
    const sd::Stats &s = sd::stats();
    const char *action = in_pool_worker() ? "ending this worker, to be replaced"
                         : l.action_exit  ? "exiting to be started again"
                                          : "recycling in place";
    std::uint64_t iterations = s.iterations.load(std::memory_order_relaxed);
    if (l.max_iterations && iterations >= l.max_iterations) {
        sd_logf(SD_LOG_NOTICE, "appMaxIterations reached: %" PRIu64 " iterations (limit %" PRIu64 "): %s", iterations,
                l.max_iterations, action);
        sd_limits_recycle("appMaxIterations");
        return;
    }
    if (l.max_run_usec && now - s.image_started_usec >= l.max_run_usec) {
        sd_logf(SD_LOG_NOTICE, "appMaxRunTime reached: ran %.1f s (limit %.1f s): %s",
                (now - s.image_started_usec) / 1e6, l.max_run_usec / 1e6, action);
        sd_limits_recycle("appMaxRunTime");
        return;
    }
    if (l.max_memory) {
        /* A leak in PHP's own heap shows at once in its size (a field read): a fast
         * one gets sampled before it overshoots by more than 1/32 of the limit. */
        std::uint64_t heap = static_cast<std::uint64_t>(zend_memory_usage(true));
        bool grew = heap > l.heap_at_sample + l.max_memory / 32;
        std::uint64_t rss = sd::rss_sampled(now, grew ? 0 : kRssSampleUsec);
        if (sd::stats().rss_sampled_usec == now) l.heap_at_sample = heap;
        if (rss >= l.max_memory) {
            sd_logf(SD_LOG_NOTICE, "appMaxMemory reached: resident size %" PRIu64 " bytes (limit %" PRIu64 "): %s", rss,
                    l.max_memory, action);
            sd_limits_recycle("appMaxMemory");
        }
    }
}

bool sd_limits_loop_ignores_dying()
{
    if (!sd::owner::is_mine()) return false;
    Limits &l = lim();
    if (!l.reached || !l.returned_dying || l.acknowledged || sd_daemon_halted()) return false;
    sd_logf(SD_LOG_NOTICE, "Stopping {appName} now: the loop goes on without calling isDying()");
    sd_halt(0);
    return true;
}

void sd_limits_iterate_returns()
{
    if (!sd::owner::is_mine()) return;
    if (lim().reached) lim().returned_dying = true;
}

void sd_limits_acknowledged()
{
    if (!sd::owner::is_mine()) return;
    lim().acknowledged = true;
}

std::uint64_t sd_limits_due_usec()
{
    if (!sd::owner::is_mine()) return 0;
    Limits &l = lim();
    if (l.reached || !applies()) return 0;
    read_limits();
    return l.max_run_usec ? sd::stats().image_started_usec + l.max_run_usec : 0;
}

void sd_limits_request_end()
{
    if (!sd::owner::is_mine()) return;
    Limits &l = lim();
    if (l.exit_pending && applies() && EG(exit_status) == 0) EG(exit_status) = sd::kExitRecycle;
    l.returned_dying = false;
    l.acknowledged = false;
    l.options_gen = -1;
}
