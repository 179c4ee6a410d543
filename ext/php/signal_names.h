/* Signals by name (ext/php/signal_names.cpp). */
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

#endif
