/* The heartbeat and status files (ext/php/observe.cpp): written between iterations,
 * from iterate() and isDying(), by the daemon itself after its privilege drop. Above
 * the options, the state, the log and the events (STATUS= for systemd); called by
 * signals (iterate) and lifecycle (start, isDying, the request's end). */
#ifndef SD_PHP_OBSERVE_H
#define SD_PHP_OBSERVE_H

#include "php/module.h"

#include <string>

/* start(), after the privilege drop: counts from here, and writes the heartbeat and
 * status files once, so that a directory the daemon user cannot write fails the start.
 * Empty, or why not (naming the option). */
std::string sd_observe_start();
/* iterate() and isDying(): the heartbeat and the status file, each when its interval
 * has passed. One clock read when neither is due, and no system call: iterate(0)
 * stays cheap. */
void sd_observe_tick();
/* The daemon's request ends; a clean end (exit status 0) removes the files, so that
 * a probe or a collector does not read a stopped daemon as a live one. */
void sd_observe_request_end(bool clean);

#endif
