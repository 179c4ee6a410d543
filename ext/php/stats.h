/* stats() (ext/php/stats.cpp): the glue over ext/core/stats, the one record of what
 * the daemon knows of itself. Above the module header only: iterate() and the limits
 * write through it, stats() and the status file read sd_stats_array(). */
#ifndef SD_PHP_STATS_H
#define SD_PHP_STATS_H

#include "php/module.h"

#include <cstdint>

/* Module startup: uptime counts from here unless an in-place recycle handed over the
 * daemon's own start (SYSTEM_DAEMON_RECYCLED, taken out of the environment). */
void sd_stats_minit();
/* iterate() was called / returns, at now_usec (CLOCK_MONOTONIC): the iteration count
 * and the slowest one. Returns how long the iteration that ended took. */
std::uint64_t sd_stats_iterate_called(std::uint64_t now_usec);
void sd_stats_iterate_returns(std::uint64_t now_usec);
/* A limit recycles the daemon: counted, named, and handed to the next image. */
void sd_stats_recycling(const char *reason);
/* The figures as stats() returns them, into an uninitialised zval. */
void sd_stats_array(zval *out);

#endif
