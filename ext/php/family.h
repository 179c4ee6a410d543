/* The daemon's family as the stop sees it (ext/php/family.cpp): the processes it
 * started stop with it, unless appStopChildren says the script manages them. The
 * signal handler does the urgent part (ext/core/signals: passing the first stop
 * signal on, killing what is left when the grace period is over); this unit says so
 * in the log and makes sure nothing of the family outlives the daemon's request. */
#ifndef SD_PHP_FAMILY_H
#define SD_PHP_FAMILY_H

/* start(): the family stops with this daemon (appStopChildren), orphans included. */
void sd_family_setup();
/* Logs what the handler passed on to the family, or killed of it, since last time. */
void sd_family_log();
/* A forced stop: what still runs of the family is killed now, and said. */
void sd_family_kill();
/* The daemon's request ends: what still runs gets TERM, the rest of the grace period
 * (counted from the first stop signal; no bound with appStopGraceSec 0), then KILL. */
void sd_family_stop();

#endif
