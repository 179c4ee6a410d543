/* fileread(): a whole file through PHP's streams, so wrappers and open_basedir apply. */
#include "php/fileread.h"

ZEND_METHOD(System_Daemon, fileread)
{
    zval *path;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(path)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *p = zval_try_get_string(path);
    if (!p) RETURN_THROWS();
    zend_string *contents = sd_read_file(ZSTR_VAL(p), REPORT_ERRORS);
    zend_string_release(p);
    if (!contents) RETURN_FALSE;
    RETURN_STR(contents);
}

zend_string *sd_read_file(const char *path, int options)
{
    php_stream *s = php_stream_open_wrapper(path, "rb", options, NULL);
    if (!s) return nullptr;
    zend_string *contents = php_stream_copy_to_mem(s, PHP_STREAM_COPY_ALL, 0);
    php_stream_close(s);
    return contents ? contents : ZSTR_EMPTY_ALLOC();
}
