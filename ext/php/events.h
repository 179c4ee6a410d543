/* What happens to the daemon and who is told (ext/php/events.cpp): readiness (the
 * waiting launcher's pipe, READY=1), the probation after start(), the watchdog,
 * reloading, stopping, a failed start, and the halt that ends the script. Above the
 * state and the log engine; below the PHP API (lifecycle, signals, log_api). */
#ifndef SD_PHP_EVENTS_H
#define SD_PHP_EVENTS_H

#include "php/module.h"

#include <cstdint>
#include <string>

/* The script shows it runs (isDying(), iterate()): ends the launcher's wait after
 * start(), and the script now polls (a stop is graceful). Cheap. */
void sd_daemon_running();
/* Tells the launcher (or systemd) that the daemon is ready; status is optional. */
bool sd_daemon_ready(const char *status);
/* start() is done: the launcher waits for the script's loop (probation) unless
 * appDeferReady leaves readiness to ready(). */
void sd_daemon_set_up(bool defer_ready);
/* A graceful stop began (first TERM/INT/QUIT): isDying() turns true, the script's loop
 * ends on its own; systemd hears STOPPING=1. */
void sd_mark_dying();
/* "Stopping <app>", once per request however many callers (a signal, the loop's end,
 * a shutdown function) say so. */
void sd_announce_stop();
/* Ends the script as stop() does: marks dying, releases the pid file in a daemon, and
 * leaves through PHP's normal shutdown with exit_status. The caller returns at once. */
void sd_halt(int exit_status);
/* sd_notify(3) for iterate() and the HUP path; each is a no-op without NOTIFY_SOCKET
 * (and the reload ones outside a started daemon), so callers need not check.
 * iterate(): WATCHDOG=1 when WATCHDOG_USEC is set for this process (WATCHDOG_PID
 * unset or ours), at most once per half interval. */
void sd_notify_watchdog_tick();
/* CLOCK_MONOTONIC microseconds at which sd_notify_watchdog_tick() will next ping (now
 * when none was sent yet); 0 when there is no watchdog to ping. iterate() wakes then. */
std::uint64_t sd_notify_watchdog_due();
/* HUP handling: RELOADING=1 + MONOTONIC_USEC= before reopening/reloading, READY=1
 * after. */
void sd_notify_reloading();
void sd_notify_reloaded();
/* The daemon could not become one: systemd's STATUS= and the waiting launcher hear
 * why (code is the launcher's exit status). Nothing is logged here. */
void sd_daemon_failed(int code, const std::string &reason);
/* The daemon's request ends: a launcher still waiting hears whether it did its work
 * or died before it was ready (RSHUTDOWN, daemon's own thread). */
void sd_events_request_end();

#endif
