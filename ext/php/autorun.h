/* Shared by the System_Daemon_OS driver classes (os.cpp) and the startup files they
 * render and write (autorun.cpp). */
#ifndef SD_PHP_AUTORUN_H
#define SD_PHP_AUTORUN_H

#include "php/module.h"

#include <cstddef>
#include <string>

namespace sd_os {

/* The original's replace map (@placeholder@ => {PROPERTIES.x}), used by every driver
 * that has a template. */
constexpr std::size_t kReplaceMapSize = 8;
extern const char *const kReplaceMap[kReplaceMapSize][2];

/* The object's property name (dereferenced); rv holds it when it had to be built. */
zval *prop(zend_object *obj, const char *name, zval *rv);
/* The property as a string, "" when it is not one. */
std::string prop_string(zend_object *obj, const char *name);
/* Appends msg to the object's $errors, as the original's drivers did. */
void add_error(zend_object *obj, const std::string &msg);
/* System_Daemon_OS::factory(); force is nullptr for autodetection. */
void factory(const zend_string *force, bool retried, zval *return_value);
/* Calls $obj->method(args) virtually; false in *rv when it threw. */
void call_method(zend_object *obj, const char *method, zval *rv, int argc, zval *a1, zval *a2 = nullptr);

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
