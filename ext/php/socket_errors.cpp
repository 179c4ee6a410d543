/* A failed socket_accept() leaves its error (EINTR when a signal cut it short) on the
 * listening Socket too. A daemon's TERM now interrupts blocking calls (no SA_RESTART),
 * which published libraries report with socket_strerror(socket_last_error($listener)):
 * "Success" without this. */
#include "php/socket_errors.h"

#include "php/module.h"

#if __has_include("ext/sockets/php_sockets.h")
/* The header declares the Socket object only where PHP's own build defined this; the
 * object's layout is what we need, whichever way ext/sockets was built. */
#ifndef HAVE_SOCKETS
#define HAVE_SOCKETS 1
#endif
BEGIN_EXTERN_C()
#include "ext/sockets/php_sockets.h"
END_EXTERN_C()
#define SD_HAVE_SOCKETS_HEADER 1
#endif

#ifdef SD_HAVE_SOCKETS_HEADER
namespace {

zif_handler orig_accept = nullptr;

/* ext/sockets' global last error, asked of socket_last_error() itself: its globals
 * are that module's symbol, which a module loaded before it cannot link to. */
zend_long global_last_error()
{
    zend_function *fn =
        static_cast<zend_function *>(zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("socket_last_error")));
    if (!fn || fn->type != ZEND_INTERNAL_FUNCTION) return 0;
    zval ret;
    ZVAL_UNDEF(&ret);
    zend_call_known_function(fn, NULL, NULL, &ret, 0, NULL, NULL);
    zend_long e = Z_TYPE(ret) == IS_LONG ? Z_LVAL(ret) : 0;
    zval_ptr_dtor(&ret);
    return e;
}

ZEND_NAMED_FUNCTION(accept_keeping_error)
{
    orig_accept(execute_data, return_value);
    if (Z_TYPE_P(return_value) != IS_FALSE || EG(exception) || ZEND_CALL_NUM_ARGS(execute_data) < 1) return;
    zval *arg = ZEND_CALL_ARG(execute_data, 1);
    ZVAL_DEREF(arg);
    if (Z_TYPE_P(arg) != IS_OBJECT) return;
    zend_class_entry *ce = Z_OBJCE_P(arg);
    if (ce->type != ZEND_INTERNAL_CLASS || !zend_string_equals_literal(ce->name, "Socket")) return;
    php_socket *sock = Z_SOCKET_P(arg);
    if (sock->error == 0) sock->error = static_cast<int>(global_last_error());
}

}  // namespace
#endif

void sd_socket_errors_install()
{
#ifdef SD_HAVE_SOCKETS_HEADER
    if (orig_accept) return;
    zend_function *fn =
        static_cast<zend_function *>(zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("socket_accept")));
    if (!fn || fn->type != ZEND_INTERNAL_FUNCTION || !fn->internal_function.handler) return;
    orig_accept = fn->internal_function.handler;
    fn->internal_function.handler = accept_keeping_error;
#endif
}
