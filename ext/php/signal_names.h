/* Signals by name, and the classes the daemon's defaults sort them into
 * (ext/php/signal_names.cpp). */
#ifndef SD_PHP_SIGNAL_NAMES_H
#define SD_PHP_SIGNAL_NAMES_H

#include "php/module.h"

/* "SIGTERM", or "signal 42" for one without a name; per thread. */
const char *sd_signal_name(int signo);
/* pcntl's names and values, for scripts written against it. When pcntl is loaded its
 * MINIT ran first (module dependency) and these are skipped. */
void sd_signal_constants_register(int module_number);
/* "'handler'", "array('Class', 'method')" or a type, for messages. */
zend_string *sd_signal_describe_handler(zval *h);
/* The signal argument: an int, a numeric string ("17", as the original took it), or a
 * name ("SIGTERM", "TERM"). 0 when invalid. */
int sd_signal_from_zval(zval *z);
/* The signals the daemon handles itself once started (not SIGPROF: PHP's timer). */
bool sd_signal_covered_by_defaults(int signo);
/* TERM, INT, QUIT: the ones that stop the daemon. */
bool sd_signal_is_stop(int signo);
/* Ignored by the kernel's default already: left at it, they interrupt nothing. */
bool sd_signal_needs_no_action(int signo);

#endif
