/* Limits checked between iterations (ext/php/limits.cpp): appMaxMemory,
 * appMaxRunTime, appMaxIterations, with appLimitJitter; reaching one makes the daemon
 * die gracefully and then recycle (appLimitAction: restart in place, or exit with
 * sd::kExitRecycle (75) for the service manager to start it again). Above options, log,
 * events, stats and restart; iterate(), isDying() and the slow-iteration watch call
 * it. */
#ifndef SD_PHP_LIMITS_H
#define SD_PHP_LIMITS_H

#include "php/module.h"

#include <cstdint>

/* iterate() or isDying() at now_usec: checks the limits, once one is reached marks
 * the daemon dying. iterate() passes its own call (counted already). */
void sd_limits_check(std::uint64_t now_usec);
/* iterate() is called after a limit ended the daemon and an iterate() returned since
 * without the script asking isDying(): the loop goes on regardless, so it is stopped
 * now (the caller returns at once when this returns true). */
bool sd_limits_loop_ignores_dying();
/* iterate() returns: the loop has had its chance to see isDying(). */
void sd_limits_iterate_returns();
/* The script saw isDying() true. */
void sd_limits_acknowledged();
/* CLOCK_MONOTONIC usec at which appMaxRunTime falls due, 0 when not set: an idle
 * iterate() wakes then. */
std::uint64_t sd_limits_due_usec();
/* Ends the daemon for reason (an option's name) and recycles it as appLimitAction
 * says; what is logged is the caller's. */
void sd_limits_recycle(const char *reason);
/* The request ends: the exit status of a daemon leaving to be started again. */
void sd_limits_request_end();

#endif
