// What the daemon knows of itself (System_Daemon::stats(), the status file): one
// process-wide record, written by the thread that owns the daemon between iterations
// and read by anyone (so the figures iterate() changes are atomics, relaxed: one
// writer, and a reader wants a figure, not an order). Plain C++: the figures are counts and microseconds, the glue
// (ext/php/stats.cpp) turns them into PHP values.
#ifndef SD_CORE_STATS_H
#define SD_CORE_STATS_H

#include <atomic>
#include <cstdint>
#include <string>

namespace sd {

// The exit status of a daemon that ends to be started again (a limit reached with
// appLimitAction 'exit'): EX_TEMPFAIL, neither success nor failure. The generated
// unit restarts on it (RestartForceExitStatus=) without counting a failure.
constexpr int kExitRecycle = 75;

struct Stats {
    // CLOCK_MONOTONIC microseconds at which the daemon started: the first image's
    // start(), carried over an in-place recycle (the clock is the machine's).
    std::uint64_t started_usec = 0;
    // ... and at which this image began (appMaxRunTime counts from here).
    std::uint64_t image_started_usec = 0;
    std::atomic<std::uint64_t> iterations{0};
    // When iterate() last returned to the script (the current iteration began), 0
    // before the first. Atomic: the slow-iteration watcher reads it from its thread.
    std::atomic<std::uint64_t> iteration_began_usec{0};
    // The longest iteration of the current and of the previous window: "recent"
    // means within the last one to two windows, so one slow start-up is forgotten.
    std::atomic<std::uint64_t> slowest_usec{0};
    std::atomic<std::uint64_t> slowest_prev_usec{0};
    std::atomic<std::uint64_t> window_began_usec{0};
    // The last resident-size sample and when it was taken.
    std::atomic<std::uint64_t> rss{0};
    std::atomic<std::uint64_t> rss_sampled_usec{0};
    // Recycles of this daemon (limits reached), over every image, and the last one's
    // reason (the option's name), empty when none.
    std::uint64_t recycles = 0;
    std::string last_recycle;
};

Stats &stats();

constexpr std::uint64_t kSlowestWindowUsec = 60 * 1000000ull;

// The daemon starts now (start()): the clock of uptime and of the first iteration.
void stats_started(std::uint64_t now_usec);
// iterate() was called at now_usec: one more iteration, which took since the last
// return. Returns that duration (0 for the first call).
std::uint64_t stats_iteration_ended(std::uint64_t now_usec);
// iterate() returns at now_usec: the next iteration begins.
void stats_iteration_began(std::uint64_t now_usec);
// The longest iteration of the last one to two windows.
std::uint64_t stats_slowest_recent(std::uint64_t now_usec);

// Resident size of this process in bytes (/proc/self/statm, one read), 0 when unknown.
std::uint64_t rss_now();
// Its peak since the process (this image or the ones it exec()ed from) began, bytes.
std::uint64_t rss_peak();
// The resident size, read again only when the last sample is older than max_age_usec.
std::uint64_t rss_sampled(std::uint64_t now_usec, std::uint64_t max_age_usec);

// The figures stats() returns and the status file writes, in one place.
struct StatsSnapshot {
    long pid = 0;
    double uptime_sec = 0;
    std::uint64_t iterations = 0;
    std::uint64_t rss = 0;
    std::uint64_t rss_peak = 0;
    double since_iteration_sec = 0;    // since iterate() last returned (or start)
    double slowest_iteration_sec = 0;  // recent: see kSlowestWindowUsec
    std::uint64_t recycles = 0;
    std::string last_recycle;  // the limit's option name, empty when none
};
// Takes a fresh resident-size sample.
StatsSnapshot stats_snapshot(std::uint64_t now_usec);

// What an in-place recycle hands to the next image through the environment
// ("recycles:start_usec:reason"), and the parser of it (false when malformed).
std::string stats_carry_encode(const Stats &s);
bool stats_carry_decode(const char *text, Stats &s);

}  // namespace sd

#endif
