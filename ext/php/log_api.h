/* log(), the level shortcuts, abbr(), semantify() (ext/php/log_api.cpp): the PHP API
 * over the log engine. A LOG_EMERG line from the script halts it, here. */
#ifndef SD_PHP_LOG_API_H
#define SD_PHP_LOG_API_H

#include "php/module.h"

/* semantify(): strings quoted, numbers and booleans as they are, objects by class. */
void sd_semantify(zval *arg, zval *out);

#endif
