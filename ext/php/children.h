/* Reaping the daemon's children on SIGCHLD (ext/php/children.cpp). */
#ifndef SD_PHP_CHILDREN_H
#define SD_PHP_CHILDREN_H

/* Reaps (and logs) every exited child that neither proc_open() nor popen() will wait
 * for. True when reaping had to wait: a popen() stream is open, whose child pclose()
 * wants, so the caller tries again later (iterate()). */
bool sd_children_reap();

#endif
