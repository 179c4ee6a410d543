/* USR2 to a pool's master (ext/php/upgrade.cpp): the script is executed anew in the
 * master's own process, which keeps its pid, its pid file and its listening sockets;
 * the new image takes the old workers over and replaces them one at a time. Above
 * restart, the log and the events; below pool and lifecycle. */
#ifndef SD_PHP_UPGRADE_H
#define SD_PHP_UPGRADE_H

#include "core/pool.h"

#include <string>
#include <vector>

/* What the image before took along: its workers and its listening sockets (removed
 * from the environment at once); a tcp:// server of the script takes its old socket
 * back. MINIT. */
void sd_upgrade_minit();
/* Puts PHP's tcp transport back as it was. MSHUTDOWN. */
void sd_upgrade_mshutdown();
/* This image was executed by a USR2 (it has the pid file handed over, or workers to
 * take over): start() does not fork, since the workers are children of this very
 * process, and the signals the exec kept blocked stay so until the pool waits. */
bool sd_upgrade_is_new_image();
/* start()'s pool: the workers to take over, handed out once; the listening sockets the
 * new code did not ask for again are closed (the old workers keep their copies). */
std::vector<sd::pool::Adopted> sd_upgrade_take_over();
/* start() without appWorkers in an image that has workers to take over: they are told
 * to stop, and the signals the exec kept blocked are unblocked. */
void sd_upgrade_abandon();
/* The master's USR2: why the script cannot be executed anew (it does not compile, as
 * php -l says), "" when it can. */
std::string sd_upgrade_check();
/* Executes the script anew with the workers and the listening sockets handed over.
 * Returns only when it did not, why. */
std::string sd_upgrade_exec(const std::vector<sd::pool::Adopted> &workers);

#endif
