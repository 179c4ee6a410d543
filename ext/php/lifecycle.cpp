/* Daemon state and the ways out: stop(), emerg(), isDying(), isInBackground(). */
#include "php/sd_php.h"

#include "zend_exceptions.h"

sd_state_t sd_state = {false, false};

void sd_halt(int exit_status)
{
    if (!sd_state.in_background && !sd_state.dying) {
        sd_state.dying = true;
        sd_logf(SD_LOG_INFO, "Process was not daemonized yet, just halting current process");
    }
    sd_state.dying = true;
    if (EG(exception)) return;
    EG(exit_status) = exit_status;
    zend_throw_unwind_exit();
}

ZEND_METHOD(System_Daemon, stop)
{
    ZEND_PARSE_PARAMETERS_NONE();
    sd_logf(SD_LOG_INFO, "Stopping {appName}");
    sd_halt(0);
}

ZEND_METHOD(System_Daemon, isDying)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(sd_state.dying);
}

ZEND_METHOD(System_Daemon, isInBackground)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(sd_state.in_background);
}

ZEND_METHOD(System_Daemon, __construct)
{
    ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(System_Daemon, fileread)
{
    zval *path;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(path)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *p = zval_try_get_string(path);
    if (!p) RETURN_THROWS();
    php_stream *s = php_stream_open_wrapper(ZSTR_VAL(p), "rb", REPORT_ERRORS, NULL);
    zend_string_release(p);
    if (!s) RETURN_FALSE;
    zend_string *contents = php_stream_copy_to_mem(s, PHP_STREAM_COPY_ALL, 0);
    php_stream_close(s);
    if (!contents) RETURN_EMPTY_STRING();
    RETURN_STR(contents);
}

/* The classes are built in, so there is nothing to load; kept so that scripts doing
 * spl_autoload_register(array('System_Daemon', 'autoload')) run unchanged. */
ZEND_METHOD(System_Daemon, autoload)
{
    zval *name;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(name)
    ZEND_PARSE_PARAMETERS_END();
    if (Z_TYPE_P(name) != IS_STRING) RETURN_FALSE;
    zend_string *lc = zend_string_tolower(Z_STR_P(name));
    bool known = zend_hash_exists(EG(class_table), lc);
    zend_string_release(lc);
    RETURN_BOOL(known);
}
