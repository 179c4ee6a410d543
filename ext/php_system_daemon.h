/* Module header: version, globals, and the entry points the glue files share. */
#ifndef PHP_SYSTEM_DAEMON_H
#define PHP_SYSTEM_DAEMON_H

#include "sd_compat.h"

#define PHP_SYSTEM_DAEMON_VERSION "1.0.0"

extern zend_module_entry system_daemon_module_entry;
#define phpext_system_daemon_ptr &system_daemon_module_entry

/* Each concern's per-thread state is its own type, defined and reached only in its
 * glue file under ext/php/ (a threaded SAPI runs one request per thread). */
struct sd_options_globals;
struct sd_log_globals;
struct sd_errors_globals;
struct sd_state_globals;
struct sd_signals_globals;

ZEND_BEGIN_MODULE_GLOBALS(system_daemon)
HashTable *options;                       /* options set explicitly: name => value, PHP types kept */
zend_long options_gen;                    /* bumped by every successful setOption() */
zend_bool legacy_require;                 /* INI system_daemon.legacy_require */
struct sd_options_globals *options_state; /* ext/php/options.cpp */
struct sd_log_globals *log;               /* ext/php/log.cpp */
struct sd_errors_globals *errors;         /* ext/php/errors.cpp */
struct sd_state_globals *state;           /* ext/php/state.cpp */
struct sd_signals_globals *signals;       /* ext/php/signals.cpp */
ZEND_END_MODULE_GLOBALS(system_daemon)

ZEND_EXTERN_MODULE_GLOBALS(system_daemon)
#define SDG(v) ZEND_MODULE_GLOBALS_ACCESSOR(system_daemon, v)

#if defined(ZTS) && defined(COMPILE_DL_SYSTEM_DAEMON)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

#endif
