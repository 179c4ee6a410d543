/* setSigHandler(), defaultSigHandler(), iterate() (ext/php/signals.cpp): the PHP side
 * of the signals ext/core/signals records. */
#ifndef SD_PHP_SIGNALS_H
#define SD_PHP_SIGNALS_H

#include "php/module.h"

/* Installs the daemon's default signal handlers (end of start()). */
void sd_signals_daemon_started();
/* SIG* constants (when pcntl did not define them), the wake-up from the C handler. */
void sd_signals_minit(int module_number);
void sd_signals_mshutdown();
void sd_signals_rinit();
/* Drops the script's handlers; in the thread that owns the process, restores every
 * disposition we changed. */
void sd_signals_rshutdown();
/* This thread's signal state, for the module globals (GINIT/GSHUTDOWN). */
sd_signals_globals *sd_signals_globals_new();
void sd_signals_globals_free(sd_signals_globals *g);
/* isDying() returned true: the script is ending its loop (iterate() no longer forces
 * the stop; the grace period still bounds it). */
void sd_signals_acknowledged();
/* isDying()'s part: exited children are reaped here and in iterate(), not from a
 * SIGCHLD handler, so a child's exit interrupts none of the script's calls. */
void sd_signals_poll();
/* The VM interrupt's part for signals: runs the PHP side of those recorded so far. */
void sd_signals_on_interrupt();

#endif
