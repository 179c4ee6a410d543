#include "core/stats.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace sd {

Stats &stats()
{
    static Stats s;
    return s;
}

void stats_started(std::uint64_t now_usec)
{
    Stats &s = stats();
    if (s.started_usec == 0) s.started_usec = now_usec;
    s.image_started_usec = now_usec;
    s.window_began_usec.store(now_usec, std::memory_order_relaxed);
    s.iteration_began_usec.store(now_usec, std::memory_order_relaxed);
}

std::uint64_t stats_iteration_ended(std::uint64_t now_usec)
{
    constexpr auto rx = std::memory_order_relaxed;
    Stats &s = stats();
    s.iterations.store(s.iterations.load(rx) + 1, rx);
    std::uint64_t began = s.iteration_began_usec.load(rx);
    std::uint64_t took = began && now_usec > began ? now_usec - began : 0;
    std::uint64_t window = s.window_began_usec.load(rx);
    if (now_usec - window >= kSlowestWindowUsec) {
        // A window with no iteration at all leaves nothing recent behind it.
        s.slowest_prev_usec.store(now_usec - window >= 2 * kSlowestWindowUsec ? 0 : s.slowest_usec.load(rx), rx);
        s.slowest_usec.store(0, rx);
        s.window_began_usec.store(now_usec, rx);
    }
    if (took > s.slowest_usec.load(rx)) s.slowest_usec.store(took, rx);
    return took;
}

void stats_iteration_began(std::uint64_t now_usec)
{
    stats().iteration_began_usec.store(now_usec, std::memory_order_release);
}

std::uint64_t stats_slowest_recent(std::uint64_t now_usec)
{
    const Stats &s = stats();
    std::uint64_t window = s.window_began_usec.load(std::memory_order_relaxed);
    std::uint64_t slowest = s.slowest_usec.load(std::memory_order_relaxed);
    if (now_usec - window >= 2 * kSlowestWindowUsec) return 0;
    if (now_usec - window >= kSlowestWindowUsec) return slowest;
    std::uint64_t prev = s.slowest_prev_usec.load(std::memory_order_relaxed);
    return slowest > prev ? slowest : prev;
}

std::uint64_t rss_now()
{
    // Kept open: a sample is one pread(), cheap enough for a few times a second. The
    // descriptor is close-on-exec, and a fork's copy reads the child's own figures.
    static int fd = -1;
    if (fd < 0) fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[128];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return 0;
    buf[n] = '\0';
    char *p = buf;
    std::strtoull(p, &p, 10);  // size
    unsigned long long resident = std::strtoull(p, nullptr, 10);
    static const long page = sysconf(_SC_PAGESIZE);
    return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(page > 0 ? page : 4096);
}

std::uint64_t rss_peak()
{
    struct rusage ru;
    std::uint64_t peak = getrusage(RUSAGE_SELF, &ru) == 0 ? static_cast<std::uint64_t>(ru.ru_maxrss) * 1024u : 0;
    // The kernel's peak and our samples count pages a little differently: the peak is
    // never below a figure stats() reported.
    std::uint64_t sampled = stats().rss.load(std::memory_order_relaxed);
    return peak > sampled ? peak : sampled;
}

std::uint64_t rss_sampled(std::uint64_t now_usec, std::uint64_t max_age_usec)
{
    Stats &s = stats();
    std::uint64_t at = s.rss_sampled_usec.load(std::memory_order_relaxed);
    if (at == 0 || now_usec - at >= max_age_usec) {
        s.rss.store(rss_now(), std::memory_order_relaxed);
        s.rss_sampled_usec.store(now_usec, std::memory_order_relaxed);
    }
    return s.rss.load(std::memory_order_relaxed);
}

StatsSnapshot stats_snapshot(std::uint64_t now_usec)
{
    const Stats &s = stats();
    StatsSnapshot r;
    r.pid = static_cast<long>(getpid());
    r.uptime_sec = s.started_usec && now_usec > s.started_usec ? (now_usec - s.started_usec) / 1e6 : 0.0;
    r.iterations = s.iterations.load(std::memory_order_relaxed);
    r.rss = rss_sampled(now_usec, 0);
    r.rss_peak = rss_peak();
    std::uint64_t began = s.iteration_began_usec.load(std::memory_order_relaxed);
    r.since_iteration_sec = began && now_usec > began ? (now_usec - began) / 1e6 : 0.0;
    r.slowest_iteration_sec = stats_slowest_recent(now_usec) / 1e6;
    r.recycles = s.recycles;
    r.last_recycle = s.last_recycle;
    return r;
}

std::string stats_carry_encode(const Stats &s)
{
    return std::to_string(s.recycles) + ":" + std::to_string(s.started_usec) + ":" + s.last_recycle;
}

bool stats_carry_decode(const char *text, Stats &s)
{
    if (!text || !*text) return false;
    char *end;
    unsigned long long recycles = std::strtoull(text, &end, 10);
    if (end == text || *end != ':') return false;
    const char *p = end + 1;
    unsigned long long started = std::strtoull(p, &end, 10);
    if (end == p || *end != ':') return false;
    s.recycles = recycles;
    s.started_usec = started;
    s.last_recycle = end + 1;
    return true;
}

}  // namespace sd
