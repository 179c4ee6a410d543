/* restart() (ext/php/restart.cpp): the command line of this very PHP, noted by
 * start(), and the new image executed after the request. */
#ifndef SD_PHP_RESTART_H
#define SD_PHP_RESTART_H

#include <string>
#include <vector>

/* Takes the back-off state the previous image left in the environment (removed at
 * once: the script and its children never see it). MINIT. */
void sd_restart_minit();
/* Notes how to run this script again (start(), before the fork). */
void sd_restart_prepare();
/* Executes the new image when restart() asked for one; returns when it did not or the
 * exec failed (logged to syslog: the request is over). */
void sd_restart_run_if_requested();
/* The daemon is to restart in place once its request has ended, as restart() does,
 * without ending the script now (a limit lets the loop finish). False when this is
 * not the daemon that can (not started, or another thread's request). */
bool sd_restart_schedule();
/* The end of socket activation's descriptors (3 + LISTEN_FDS for this process): every
 * exec keeps those below it. */
int sd_restart_listen_fds_end();
/* Why the command line start() noted cannot be executed now; "" when it can. */
std::string sd_restart_cannot_execute();
/* Executes the noted command line now, in this process: the service manager's
 * variables, the pid file and `keep` (besides socket activation's descriptors) reach
 * the new image; delay_ms is the back-off it waited, for the next one to double.
 * Returns only when the exec failed, with the reason, the process as it was. */
std::string sd_restart_exec(long delay_ms, const std::vector<int> &keep);
/* The request ends: a restart is forgotten unless this is the daemon that asked. */
void sd_restart_request_end();

#endif
