/* appWorkers (ext/php/pool.cpp): start()'s last step turns the daemon into the master
 * of a pool (core/pool.h), which runs no user code and leaves with _exit; the PHP API
 * workerId(), isMaster(), workerCount(). Above the log, the events and the state;
 * below lifecycle. */
#ifndef SD_PHP_POOL_H
#define SD_PHP_POOL_H

#include <string>

/* With appWorkers 0: false at once (the single process goes on as before). Else this
 * process becomes the pool's master and returns only in the workers (true); the
 * master never returns: it leaves with _exit once the pool stopped. A pool that could
 * not be set up: false with the reason in *error. */
bool sd_pool_start(std::string *error);

#endif
