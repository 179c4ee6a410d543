/* Methods whose implementation has not landed yet: each throws, so nothing pretends
 * to work. Entries leave this file as they are implemented. */
#include "php/sd_php.h"

#include "zend_exceptions.h"

/* The (void)s keep -Wextra quiet about the two parameters every method receives. */
#define SD_PENDING(cls, m) \
    ZEND_METHOD(cls, m) { (void)execute_data; (void)return_value; \
        zend_throw_exception(sd_ce_exception, #cls "::" #m "() is not implemented yet", 0); }

SD_PENDING(System_Daemon, iterate)
SD_PENDING(System_Daemon, setSigHandler)
SD_PENDING(System_Daemon, defaultSigHandler)

/* Replaced by ext/php/signals.cpp: until then a started daemon keeps the default
 * signal dispositions. */
void sd_signals_daemon_started() {}
