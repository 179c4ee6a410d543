/* stats(): the daemon's own figures (ext/core/stats) as a PHP array. */
#include "php/stats.h"

#include "core/owner.h"
#include "core/sdnotify.h"
#include "core/stats.h"

#include <cstdlib>
#include <string>

namespace {

const char kCarryVar[] = "SYSTEM_DAEMON_RECYCLED";

}  // namespace

void sd_stats_minit()
{
    /* Read once and removed: the script's own children and a later restart() must not
     * take this image's figures for theirs. */
    if (const char *carry = getenv(kCarryVar)) {
        sd::stats_carry_decode(carry, sd::stats());
        unsetenv(kCarryVar);
    }
    sd::stats_started(sd::monotonic_usec());
}

/* The figures are the daemon's: under a threaded SAPI other threads' requests may
 * call iterate() too, and count nothing (they would race on the record, and their
 * loops are not the daemon's). */
std::uint64_t sd_stats_iterate_called(std::uint64_t now_usec)
{
    return sd::owner::is_daemon_thread() ? sd::stats_iteration_ended(now_usec) : 0;
}

void sd_stats_iterate_returns(std::uint64_t now_usec)
{
    if (sd::owner::is_daemon_thread()) sd::stats_iteration_began(now_usec);
}

void sd_stats_recycling(const char *reason)
{
    sd::Stats &s = sd::stats();
    ++s.recycles;
    s.last_recycle = reason;
    setenv(kCarryVar, sd::stats_carry_encode(s).c_str(), 1);
}

void sd_stats_array(zval *out)
{
    array_init(out);
    zend_long pid, iterations, rss, peak, recycles;
    double uptime, since, slowest;
    bool recycled;
    char last[64] = "";
    {
        sd::StatsSnapshot s = sd::stats_snapshot(sd::monotonic_usec());
        pid = s.pid;
        iterations = static_cast<zend_long>(s.iterations);
        rss = static_cast<zend_long>(s.rss);
        peak = static_cast<zend_long>(s.rss_peak);
        recycles = static_cast<zend_long>(s.recycles);
        uptime = s.uptime_sec;
        since = s.since_iteration_sec;
        slowest = s.slowest_iteration_sec;
        recycled = !s.last_recycle.empty();
        snprintf(last, sizeof last, "%s", s.last_recycle.c_str());
    }
    add_assoc_long(out, "pid", pid);
    add_assoc_double(out, "uptime", uptime);
    add_assoc_long(out, "iterations", iterations);
    add_assoc_long(out, "rss", rss);
    add_assoc_long(out, "rssPeak", peak);
    add_assoc_double(out, "sinceIteration", since);
    add_assoc_double(out, "slowestIteration", slowest);
    add_assoc_long(out, "recycles", recycles);
    if (recycled) {
        add_assoc_string(out, "lastRecycle", last);
    } else {
        add_assoc_null(out, "lastRecycle");
    }
}

ZEND_METHOD(System_Daemon, stats)
{
    ZEND_PARSE_PARAMETERS_NONE();
    sd_stats_array(return_value);
}
