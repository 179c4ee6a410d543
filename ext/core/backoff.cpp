#include "core/backoff.h"

#include <cerrno>
#include <cstdlib>
#include <ctime>

namespace sd {

namespace {

constexpr long kFirstDelayMs = 100;
constexpr long kMaxDelayMs = 30000;

}  // namespace

bool restart_state_parse(const char *text, RestartState &state)
{
    if (!text || !*text) return false;
    errno = 0;
    char *end = nullptr;
    long long exec_ms = std::strtoll(text, &end, 10);
    if (errno || end == text || *end != ':' || exec_ms < 0) return false;
    const char *d = end + 1;
    long delay = std::strtol(d, &end, 10);
    if (errno || end == d || *end != '\0' || delay < 0 || delay > kMaxDelayMs) return false;
    state.exec_ms = exec_ms;
    state.delay_ms = delay;
    return true;
}

std::string restart_state_format(const RestartState &state)
{
    return std::to_string(state.exec_ms) + ":" + std::to_string(state.delay_ms);
}

long restart_delay_ms(long prev_delay_ms, long long uptime_ms, long long min_uptime_ms)
{
    if (min_uptime_ms <= 0 || uptime_ms >= min_uptime_ms) return 0;
    if (prev_delay_ms <= 0) return kFirstDelayMs;
    return prev_delay_ms >= kMaxDelayMs / 2 ? kMaxDelayMs : prev_delay_ms * 2;
}

long long monotonic_ms()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace sd
