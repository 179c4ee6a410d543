/* What every glue unit shares: the module's globals (php_system_daemon.h), the class
 * entries registered by the module file, and the log levels. Depends on nothing else
 * of the glue. */
#ifndef SD_PHP_MODULE_H
#define SD_PHP_MODULE_H

#include "php_system_daemon.h"

extern zend_class_entry *sd_ce_daemon;
extern zend_class_entry *sd_ce_exception;
extern zend_class_entry *sd_ce_os;
extern zend_class_entry *sd_ce_os_exception;

/* Log levels, as System_Daemon::LOG_* */
enum {
    SD_LOG_EMERG = 0,
    SD_LOG_ALERT,
    SD_LOG_CRIT,
    SD_LOG_ERR,
    SD_LOG_WARNING,
    SD_LOG_NOTICE,
    SD_LOG_INFO,
    SD_LOG_DEBUG
};

#endif
