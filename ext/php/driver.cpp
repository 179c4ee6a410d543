#include "php/driver.h"

#include "zend_interfaces.h"

#include <cstring>

namespace sd_os {

/* The original's replace map, used by every driver that has a template. */
const char *const kReplaceMap[kReplaceMapSize][2] = {
    {"@author_name@", "{PROPERTIES.authorName}"},
    {"@author_email@", "{PROPERTIES.authorEmail}"},
    {"@name@", "{PROPERTIES.appName}"},
    {"@desc@", "{PROPERTIES.appDescription}"},
    {"@bin_file@", "{PROPERTIES.appDir}/{PROPERTIES.appExecutable}"},
    {"@bin_name@", "{PROPERTIES.appExecutable}"},
    {"@pid_file@", "{PROPERTIES.appPidLocation}"},
    {"@chkconfig@", "{PROPERTIES.appChkConfig}"},
};

zval *prop(zend_object *obj, const char *name, zval *rv)
{
    zval *v = zend_read_property(sd_ce_os, obj, name, strlen(name), 1, rv);
    ZVAL_DEREF(v);
    return v;
}

/* The property as a string, "" when it is not one. */
std::string prop_string(zend_object *obj, const char *name)
{
    zval rv;
    ZVAL_UNDEF(&rv);
    zval *v = prop(obj, name, &rv);
    std::string r = Z_TYPE_P(v) == IS_STRING ? std::string(Z_STRVAL_P(v), Z_STRLEN_P(v)) : std::string();
    if (v == &rv) zval_ptr_dtor(&rv);
    return r;
}

void add_error(zend_object *obj, const std::string &msg)
{
    zval rv;
    ZVAL_UNDEF(&rv);
    zval *errs = zend_read_property(sd_ce_os, obj, "errors", sizeof("errors") - 1, 1, &rv);
    if (errs != &rv && Z_ISREF_P(errs)) errs = Z_REFVAL_P(errs);
    if (errs != &rv && Z_TYPE_P(errs) == IS_ARRAY) {
        SEPARATE_ARRAY(errs);
        add_next_index_stringl(errs, msg.data(), msg.size());
        return;
    }
    zval arr;
    if (Z_TYPE_P(errs) == IS_ARRAY) {
        ZVAL_ARR(&arr, zend_array_dup(Z_ARR_P(errs)));
    } else {
        array_init(&arr);
    }
    if (errs == &rv) zval_ptr_dtor(&rv);
    add_next_index_stringl(&arr, msg.data(), msg.size());
    zend_update_property(sd_ce_os, obj, "errors", sizeof("errors") - 1, &arr);
    zval_ptr_dtor(&arr);
}

/* Calls $obj->method(args) virtually; false in *rv when it threw. */
void call_method(zend_object *obj, const char *method, zval *rv, int argc, zval *a1, zval *a2)
{
    ZVAL_UNDEF(rv);
    zend_call_method(obj, obj->ce, nullptr, method, strlen(method), rv, argc, a1, a2);
    if (EG(exception) && Z_TYPE_P(rv) == IS_UNDEF) ZVAL_FALSE(rv);
}

}  // namespace sd_os
