/* The slow-iteration watch (ext/php/watch.cpp): appIterationWarnSec and
 * appIterationTimeoutSec. A helper thread notices an iteration running too long and
 * sets the VM interrupt flag (no signal: the script's system calls see no EINTR); the
 * PHP stack is taken in the daemon's own thread at that interrupt. Above limits (a
 * timeout recycles) and the log; iterate() and the interrupt hook call it. */
#ifndef SD_PHP_WATCH_H
#define SD_PHP_WATCH_H

#include "php/module.h"

/* iterate() was entered / is returning: the time in between is no iteration. */
void sd_watch_iterate_called();
void sd_watch_iterate_returns();
/* The interrupt hook's part: logs the stack of a slow iteration, and for a timeout
 * ends the daemon to recycle it. */
void sd_watch_on_interrupt(zend_execute_data *ex);
/* The request ends: the helper thread stops. */
void sd_watch_request_end();

#endif
