/* Every glue header at once, for files not yet moved to the headers of the units they
 * use (ext/php/os.cpp). New code includes the unit headers it depends on: an include
 * is a dependency, and an upward one shows in review. */
#ifndef SD_PHP_H
#define SD_PHP_H

#include "php/errors.h"
#include "php/events.h"
#include "php/fileread.h"
#include "php/log.h"
#include "php/log_api.h"
#include "php/module.h"
#include "php/options.h"
#include "php/state.h"

#endif
