/* The newest Zend API spelled for PHP 8.1 .. 8.5. Every PHP_VERSION_ID test of the
 * extension lives here, so the glue reads as if written for the newest PHP. */
#ifndef SD_COMPAT_H
#define SD_COMPAT_H

#include "php.h"
#include "zend_exceptions.h"

#if PHP_VERSION_ID < 80100
# error "system_daemon needs PHP 8.1 or newer"
#endif

/* Timers behind max_execution_time are per-thread objects on ZTS Linux since 8.2; a
 * forked child must create its own (pcntl_fork does the same). */
#if PHP_VERSION_ID >= 80200
# include "zend_max_execution_timer.h"
# define sd_compat_after_fork_in_child() zend_max_execution_timer_init()
#else
# define sd_compat_after_fork_in_child() ((void)0)
#endif

/* The include opener the legacy-require hook wraps: one argument (the handle, which
 * carries the filename as a zend_string) since 8.1. */
typedef zend_result (*sd_compat_stream_open_fn)(zend_file_handle *handle);

/* 8.2 added zend_call_method_if_exists(); older versions build the callable by hand. */
static inline zend_result sd_compat_call_method(zend_object *obj, const char *name, size_t name_len,
                                                zval *retval, uint32_t argc, zval *argv)
{
#if PHP_VERSION_ID >= 80200
    zend_string *n = zend_string_init(name, name_len, 0);
    zend_result r = zend_call_method_if_exists(obj, n, retval, argc, argv);
    zend_string_release(n);
    return r;
#else
    zval fn;
    ZVAL_STRINGL(&fn, name, name_len);
    zval zobj;
    ZVAL_OBJ(&zobj, obj);
    zend_result r = call_user_function(NULL, &zobj, &fn, retval, argc, argv);
    zval_ptr_dtor(&fn);
    return r;
#endif
}

/* Asks the VM to call zend_interrupt_function at its next safe point. Async-signal-safe
 * (a single store); 8.2 made the flag a zend_atomic_bool. The _ptr/_set forms name one
 * thread's flag, so that a signal handler running on any thread (where EG() is another
 * request's, or no request's) sets the one of the thread that asked for it. */
#if PHP_VERSION_ID >= 80200
# define sd_compat_request_vm_interrupt() zend_atomic_bool_store_ex(&EG(vm_interrupt), true)
typedef zend_atomic_bool sd_compat_vm_interrupt_t;
# define sd_compat_vm_interrupt_set(flag) zend_atomic_bool_store_ex((flag), true)
#else
# define sd_compat_request_vm_interrupt() (EG(vm_interrupt) = 1)
typedef volatile zend_bool sd_compat_vm_interrupt_t;
# define sd_compat_vm_interrupt_set(flag) (*(flag) = 1)
#endif
#define sd_compat_vm_interrupt_ptr() (&EG(vm_interrupt))

/* The CLI SAPI's own INI entries, which lead sapi_module.ini_entries ahead of every -d
 * (php_cli.c's HARDCODED_INI); 8.5 took register_argc_argv=1 out of them. */
#if PHP_VERSION_ID >= 80500
# define SD_COMPAT_CLI_INI "html_errors=0\nimplicit_flush=1\noutput_buffering=0\nmax_execution_time=0\nmax_input_time=-1\n"
#else
# define SD_COMPAT_CLI_INI \
    "html_errors=0\nregister_argc_argv=1\nimplicit_flush=1\noutput_buffering=0\nmax_execution_time=0\nmax_input_time=-1\n"
#endif

/* 8.5 traces fatal errors itself (INI fatal_error_backtraces, on by default); turning
 * that off turns ours off too. Before 8.5 there is no such setting. */
#if PHP_VERSION_ID >= 80500
# define sd_compat_fatal_backtraces_on() (EG(fatal_error_backtrace_on) != 0)
#else
# define sd_compat_fatal_backtraces_on() true
#endif

/* With the engine's signal handling (ZEND_SIGNALS; every ZTS build, and Debian's
 * NTS ones) the kernel holds the engine's deferring dispatcher for HUP, INT, QUIT, TERM,
 * USR1 and USR2, and the real handler is in the engine's table: every request start, on
 * any thread, puts the dispatcher back over a handler set with plain sigaction(), and
 * a debug build's request end aborts on finding one. Those six go through
 * zend_sigaction(), as pcntl_signal() does; true when signo is one of them. */
#include <signal.h>
#ifdef ZEND_SIGNALS
/* zend_signal.h declares zend_sigaction() outside its C linkage block (8.1, 8.2), so
 * a C++ caller would look for a mangled name: this names the C symbol itself. */
extern "C" void sd_compat_zend_sigaction(int signo, const struct sigaction *act, struct sigaction *oldact)
    __asm__("zend_sigaction");
#endif
static inline bool sd_compat_engine_sigaction(int signo, const struct sigaction *act, struct sigaction *old)
{
#ifdef ZEND_SIGNALS
    switch (signo) {
    case SIGHUP: case SIGINT: case SIGQUIT: case SIGTERM: case SIGUSR1: case SIGUSR2:
        sd_compat_zend_sigaction(signo, act, old);
        return true;
    default:
        return false;
    }
#else
    (void)signo;
    (void)act;
    (void)old;
    return false;
#endif
}

#endif
