// What an operator reads of a running daemon without attaching to it: the heartbeat
// file (appHeartbeatFile) a liveness probe compares with the clock, and the status
// file (appStatusFile) with the figures of System_Daemon::stats(), as JSON or, for a
// name ending in ".prom", in Prometheus' text format for node_exporter's textfile
// collector. Plain C++: the glue decides when (between iterations) and passes figures.
#ifndef SD_CORE_OBSERVE_H
#define SD_CORE_OBSERVE_H

#include "core/stats.h"

#include <cstdint>
#include <string>

namespace sd {

// The figures of System_Daemon::stats() under the same names (pid, uptime,
// iterations, rss, rssPeak, sinceIteration, slowestIteration, recycles, lastRecycle),
// and workers when pooled (>= 0; -1: no pool, no key).
std::string render_status_json(const std::string &app, const StatsSnapshot &f, long workers = -1);
// Prometheus text exposition format 0.0.4, one gauge or counter per figure, labelled
// with app.
std::string render_status_prom(const std::string &app, const StatsSnapshot &f, long workers = -1);
// One line for systemd's STATUS=.
std::string status_summary(const StatsSnapshot &f, long workers = -1);
// Whether the status file at path is written in Prometheus' format (its name ends in .prom).
bool status_is_prom(const std::string &path);

// Sets the heartbeat file's times to now, creating it (0644) when it is missing.
// Never follows a symbolic link at path and never opens anything but a regular file: a
// link or FIFO planted there is an error, not a target. Empty on success, else why not.
std::string touch_heartbeat(const std::string &path);

}  // namespace sd

#endif
