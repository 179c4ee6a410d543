// ext/core/stats: iterations are counted and timed from the last return, the slowest
// is forgotten after two windows, the resident size is the kernel's figure and is
// re-read only when the sample is old, and a recycle's carry survives the round trip.
#include "core/stats.h"

#include "check.h"

#include <cstdlib>
#include <vector>

namespace {

void reset() { sd::stats().~Stats(); new (&sd::stats()) sd::Stats(); }

void test_iterations_timed_from_last_return() {
    reset();
    sd::stats_started(1000000);
    CHECK(sd::stats_iteration_ended(1500000) == 500000);  // start() to the first call
    sd::stats_iteration_began(1500000);
    CHECK(sd::stats_iteration_ended(1700000) == 200000);
    CHECK(sd::stats().iterations == 2);
    CHECK(sd::stats_slowest_recent(1700000) == 500000);
}

void test_slowest_is_recent() {
    reset();
    const std::uint64_t w = sd::kSlowestWindowUsec;
    sd::stats_started(10);
    sd::stats_iteration_ended(10 + 3000000);  // a slow first iteration: 3 s
    // Quick iterations every second from then on.
    std::uint64_t t = 10 + 3000000;
    for (; t < 10 + w + 5000000; t += 1000000) {
        sd::stats_iteration_began(t);
        sd::stats_iteration_ended(t + 1000);
    }
    CHECK(sd::stats_slowest_recent(t) == 3000000);  // the previous window's still counts
    for (; t < 10 + 2 * w + 5000000; t += 1000000) {
        sd::stats_iteration_began(t);
        sd::stats_iteration_ended(t + 1000);
    }
    CHECK(sd::stats_slowest_recent(t) == 1000);  // two windows later it is forgotten
    CHECK(sd::stats_slowest_recent(t + 3 * w) == 0);  // no iteration at all since
}

void test_rss_follows_memory() {
    reset();
    std::uint64_t before = sd::rss_now();
    CHECK(before > 0);
    std::vector<char> big(64 << 20, 1);
    std::uint64_t after = sd::rss_now();
    CHECK(after >= before + (60u << 20));
    CHECK(sd::rss_peak() >= after - after / 10);
    // A fresh sample is kept until it is old.
    std::uint64_t s1 = sd::rss_sampled(100, 200000);
    big.clear();
    big.shrink_to_fit();
    CHECK(sd::rss_sampled(150000, 200000) == s1);
    CHECK(sd::rss_sampled(300001, 200000) < s1);
}

void test_carry_round_trip() {
    sd::Stats a;
    a.recycles = 3;
    a.started_usec = 123456789;
    a.last_recycle = "appMaxMemory";
    sd::Stats b;
    CHECK(sd::stats_carry_decode(sd::stats_carry_encode(a).c_str(), b));
    CHECK(b.recycles == 3 && b.started_usec == 123456789 && b.last_recycle == "appMaxMemory");
    CHECK(!sd::stats_carry_decode("x:1:y", b));
    CHECK(!sd::stats_carry_decode("", b));
}

void test_snapshot() {
    reset();
    sd::stats_started(1000000);
    sd::stats_iteration_ended(1200000);
    sd::stats_iteration_began(1200000);
    sd::stats().recycles = 2;
    sd::stats().last_recycle = "appMaxRunTime";
    sd::StatsSnapshot s = sd::stats_snapshot(3200000);
    CHECK(s.pid == static_cast<long>(getpid()));
    CHECK(s.uptime_sec > 2.19 && s.uptime_sec < 2.21);
    CHECK(s.iterations == 1);
    CHECK(s.since_iteration_sec > 1.99 && s.since_iteration_sec < 2.01);
    CHECK(s.slowest_iteration_sec > 0.19 && s.slowest_iteration_sec < 0.21);
    CHECK(s.rss > 0 && s.rss_peak >= s.rss);
    CHECK(s.recycles == 2 && s.last_recycle == "appMaxRunTime");
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"iterations_timed", test_iterations_timed_from_last_return},
        {"slowest_is_recent", test_slowest_is_recent},
        {"rss_follows_memory", test_rss_follows_memory},
        {"carry_round_trip", test_carry_round_trip},
        {"snapshot", test_snapshot},
    };
    return run_tests("test_stats", tests);
}
