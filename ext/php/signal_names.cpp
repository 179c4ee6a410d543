/* Signals by name: the SIG* constants, the names in messages, and the signal argument
 * of setSigHandler() as a number, a numeric string or a name. */
#include "php/signal_names.h"

#include "core/signals.h"

#include <csignal>
#include <cstring>
#include <strings.h>
#include <vector>

using sd::sig::kMax;

const char *sd_signal_name(int signo)
{
    /* Per thread: two requests' messages must not share it. */
    static thread_local char buf[32];
    const char *n = sd::sig::name(signo, buf, sizeof buf);
    return n ? n : buf;
}

/* pcntl's names and values, for scripts written against it. When pcntl is loaded its
 * MINIT ran first (module dependency) and these are skipped. */
void sd_signal_constants_register(int module_number)
{
    struct C {
        const char *name;
        zend_long value;
    };
    std::vector<C> list = {
        {"SIG_IGN", 1},           {"SIG_DFL", 0},           {"SIG_ERR", -1},      {"SIGHUP", SIGHUP},
        {"SIGINT", SIGINT},       {"SIGQUIT", SIGQUIT},     {"SIGILL", SIGILL},   {"SIGTRAP", SIGTRAP},
        {"SIGABRT", SIGABRT},     {"SIGIOT", SIGABRT},      {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},
        {"SIGKILL", SIGKILL},     {"SIGUSR1", SIGUSR1},     {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
        {"SIGPIPE", SIGPIPE},     {"SIGALRM", SIGALRM},     {"SIGTERM", SIGTERM}, {"SIGCHLD", SIGCHLD},
        {"SIGCLD", SIGCHLD},      {"SIGCONT", SIGCONT},     {"SIGSTOP", SIGSTOP}, {"SIGTSTP", SIGTSTP},
        {"SIGTTIN", SIGTTIN},     {"SIGTTOU", SIGTTOU},     {"SIGURG", SIGURG},   {"SIGXCPU", SIGXCPU},
        {"SIGXFSZ", SIGXFSZ},     {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF}, {"SIGSYS", SIGSYS},
        {"SIGBABY", SIGSYS},
#ifdef SIGSTKFLT
        {"SIGSTKFLT", SIGSTKFLT},
#endif
#ifdef SIGWINCH
        {"SIGWINCH", SIGWINCH},
#endif
#ifdef SIGIO
        {"SIGIO", SIGIO},         {"SIGPOLL", SIGIO},
#endif
#ifdef SIGPWR
        {"SIGPWR", SIGPWR},
#endif
#ifdef SIGRTMIN
        {"SIGRTMIN", SIGRTMIN},   {"SIGRTMAX", SIGRTMAX},
#endif
    };
    for (const C &c : list) {
        if (zend_get_constant_str(c.name, strlen(c.name))) continue;
        zend_register_long_constant(c.name, strlen(c.name), c.value, CONST_PERSISTENT, module_number);
    }
}

/* "'handler'", "array('Class', 'method')" or a type, for messages. */
zend_string *sd_signal_describe_handler(zval *h)
{
    if (Z_TYPE_P(h) == IS_STRING || Z_TYPE_P(h) == IS_ARRAY || Z_TYPE_P(h) == IS_OBJECT) {
        return zend_get_callable_name_ex(h, NULL);
    }
    zend_string *s = zval_try_get_string(h);
    if (!s) {
        zend_clear_exception();
        return zend_string_init(zend_zval_type_name(h), strlen(zend_zval_type_name(h)), 0);
    }
    return s;
}

/* The signal argument: an int, a numeric string ("17", as the original took it), or a
 * name ("SIGTERM", "TERM"). 0 when invalid. */
int sd_signal_from_zval(zval *z)
{
    if (Z_TYPE_P(z) == IS_LONG) return Z_LVAL_P(z) > 0 && Z_LVAL_P(z) < kMax ? static_cast<int>(Z_LVAL_P(z)) : 0;
    if (Z_TYPE_P(z) != IS_STRING) return 0;
    zend_ulong idx;
    if (Z_STRLEN_P(z) > 0 && ZEND_HANDLE_NUMERIC_STR(Z_STRVAL_P(z), Z_STRLEN_P(z), idx)) {
        zend_long n = static_cast<zend_long>(idx);
        return n > 0 && n < kMax ? static_cast<int>(n) : 0;
    }
    const char *n = Z_STRVAL_P(z);
    zend_string *full = strncasecmp(n, "SIG", 3) == 0 ? zend_string_copy(Z_STR_P(z)) : zend_strpprintf(0, "SIG%s", n);
    zend_string *upper = zend_string_toupper(full);
    zend_string_release(full);
    int found = 0;
    for (int s = 1; s < kMax && !found; ++s) {
        char buf[32];
        const char *name = sd::sig::name(s, buf, sizeof buf);
        if (name && strcmp(name, ZSTR_VAL(upper)) == 0) found = s;
    }
    zend_string_release(upper);
    return found;
}

/* The signals the daemon handles itself once started. SIGPROF is left alone: PHP's
 * max_execution_time timer uses it. Real-time signals are left alone too. */
bool sd_signal_covered_by_defaults(int signo)
{
    switch (signo) {
        case SIGTERM:
        case SIGINT:
        case SIGQUIT:
        case SIGHUP:
        case SIGCHLD:
        case SIGPIPE:
        case SIGUSR1:
        case SIGUSR2:
        case SIGALRM:
        case SIGCONT:
        case SIGTSTP:
        case SIGTTIN:
        case SIGTTOU:
        case SIGURG:
        case SIGXCPU:
        case SIGXFSZ:
        case SIGVTALRM:
#ifdef SIGWINCH
        case SIGWINCH:
#endif
#ifdef SIGIO
        case SIGIO:
#endif
#ifdef SIGPWR
        case SIGPWR:
#endif
#ifdef SIGSTKFLT
        case SIGSTKFLT:
#endif
            return true;
        default: return false;
    }
}

bool sd_signal_is_stop(int signo)
{
    return signo == SIGTERM || signo == SIGINT || signo == SIGQUIT;
}

/* Signals whose kernel default is already to ignore them: left at it, a delivery never
 * interrupts the script's select() or accept() (a handler that does nothing would). */
bool sd_signal_needs_no_action(int signo)
{
    switch (signo) {
        case SIGCONT:
        case SIGURG:
#ifdef SIGWINCH
        case SIGWINCH:
#endif
            return true;
        default: return false;
    }
}
