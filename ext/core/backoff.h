// restart()'s back-off: a restart loop cannot spin. Restarts that come faster than the
// minimum uptime wait, doubling from 0.1 s up to 30 s; a healthy period (an image that
// ran at least the minimum uptime) resets the wait. The state crosses the exec in one
// environment variable holding CLOCK_MONOTONIC figures (the clock is the system's, so
// the new image reads them on the same scale).
#ifndef SD_CORE_BACKOFF_H
#define SD_CORE_BACKOFF_H

#include <string>

namespace sd {

constexpr const char *kRestartStateEnv = "SYSTEM_DAEMON_RESTART_STATE";

struct RestartState {
    long long exec_ms = 0;  // CLOCK_MONOTONIC ms at which the image was executed
    long delay_ms = 0;      // the wait before that exec
};

// "exec_ms:delay_ms"; false (and state untouched) for anything else.
bool restart_state_parse(const char *text, RestartState &state);
std::string restart_state_format(const RestartState &state);

// The wait before the next exec, for an image that ran uptime_ms after a wait of
// prev_delay_ms; 0 when it ran at least min_uptime_ms (or min_uptime_ms is 0).
long restart_delay_ms(long prev_delay_ms, long long uptime_ms, long long min_uptime_ms);

long long monotonic_ms();

}  // namespace sd

#endif
