/* A System_Daemon_OS object as the driver classes (os.cpp) and the startup files
 * (autorun.cpp) both handle it: its properties, its $errors, its methods called
 * virtually (a PHP subclass may override them), and the original's replace map. */
#ifndef SD_PHP_DRIVER_H
#define SD_PHP_DRIVER_H

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
/* Calls $obj->method(args) virtually; false in *rv when it threw. */
void call_method(zend_object *obj, const char *method, zval *rv, int argc, zval *a1, zval *a2 = nullptr);

}  // namespace sd_os

#endif
