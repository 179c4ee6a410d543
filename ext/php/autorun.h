/* Rendering and writing the startup files (autorun.cpp): the daemon's properties as
 * the driver classes (os.cpp) pass them, and the startup-file type they ask for. */
#ifndef SD_PHP_AUTORUN_H
#define SD_PHP_AUTORUN_H

#include "php/module.h"

#include <string>

namespace sd_os {

/* The daemon's options as the array writeAutoRun() gets. */
zval *property(zval *props, const char *name);
/* A scalar property as text, as PHP's string conversion spells it (false and null
 * are ""). Objects and arrays are refused: converting them could run user code. */
bool property_text(zval *props, const char *name, std::string &out);
std::string property_or(zval *props, const char *name, const char *def = "");

enum class AutoRunType { InitD, Systemd, Invalid };
AutoRunType autorun_type(zval *props);
/* autorun_type(), with an error on the object for an invalid runAutoRunType. */
bool check_type(zend_object *obj, zval *props, AutoRunType &type);

}  // namespace sd_os

#endif
