/* PHP error forwarding: warnings, notices and deprecations go to the daemon's log with
 * the original's level mapping. Hooked at zend_error_cb, which the engine calls only
 * when no user error handler took the error, so a script's set_error_handler() keeps
 * working unchanged. */
#include "php/errors.h"

#include "php/backtrace.h"
#include "php/log.h"
#include "php/options.h"
#include "php/state.h"

#include <cstring>
#include <vector>

namespace {

void (*orig_error_cb)(int, zend_string *, const uint32_t, zend_string *) = nullptr;

struct Mapping {
    int type;
    int level;
    const char *name;
};

const Mapping kMap[] = {
    {E_ERROR, SD_LOG_ERR, "Error"},
    {E_WARNING, SD_LOG_WARNING, "Warning"},
    {E_PARSE, SD_LOG_EMERG, "Parse"},
    {E_NOTICE, SD_LOG_DEBUG, "Notice"},
    {E_CORE_ERROR, SD_LOG_EMERG, "Core Error"},
    {E_CORE_WARNING, SD_LOG_WARNING, "Core Warning"},
    {E_COMPILE_ERROR, SD_LOG_EMERG, "Compile Error"},
    {E_COMPILE_WARNING, SD_LOG_WARNING, "Compile Warning"},
    {E_USER_ERROR, SD_LOG_ERR, "User Error"},
    {E_USER_WARNING, SD_LOG_WARNING, "User Warning"},
    {E_USER_NOTICE, SD_LOG_DEBUG, "User Notice"},
    {E_STRICT, SD_LOG_DEBUG, "Strict"},
    {E_RECOVERABLE_ERROR, SD_LOG_WARNING, "Recoverable Error"},
    {E_DEPRECATED, SD_LOG_NOTICE, "Deprecated"},
    {E_USER_DEPRECATED, SD_LOG_NOTICE, "User Deprecated"},
};

const int kFatal = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;

/* Logs one PHP error; false when the type is unknown. */
bool forward(int type, const char *file, size_t file_len, zend_long line, const char *msg, size_t msg_len)
{
    for (const Mapping &m : kMap) {
        if (m.type != type) continue;
        zend_string *text = zend_strpprintf(0, "[PHP %s] %.*s", m.name, static_cast<int>(msg_len), msg);
        sd_log_message(m.level, ZSTR_VAL(text), ZSTR_LEN(text), file, file_len, line);
        zend_string_release(text);
        return true;
    }
    return false;
}

/* An uncaught exception's message already carries the stack it was thrown from, and
 * its frames are gone when the engine reports it (PHP 8.5 adds no trace to it either). */
bool is_uncaught_exception(int orig_type, const zend_string *message)
{
    return (orig_type & E_ALL) == E_ERROR && (orig_type & E_DONT_BAIL) && ZSTR_LEN(message) >= 9 &&
           memcmp(ZSTR_VAL(message), "Uncaught ", 9) == 0;
}

/* A fatal error's stack at CRIT, as PHP 8.5 puts it into its own report: the line to
 * look for when a daemon died with status 255. */
void log_fatal_stack(const char *file, size_t file_len, zend_long line, const char *msg, size_t msg_len,
                     const char *stack, size_t stack_len)
{
    zend_string *text = zend_strpprintf(0, "[PHP Fatal error] %.*s; stack:%.*s", static_cast<int>(msg_len), msg,
                                        static_cast<int>(stack_len), stack);
    sd_log_message(SD_LOG_CRIT, ZSTR_VAL(text), ZSTR_LEN(text), file, file_len, line);
    zend_string_release(text);
}

struct Pending {
    int type;
    uint32_t line;
    zend_string *file;
    zend_string *message;
    zend_string *stack; /* a fatal error's, taken when it was raised; else nullptr */
};

}  // namespace

/* This thread's forwarding state (SDG(errors)): each request of a threaded SAPI turns
 * forwarding on and off for itself alone. */
struct sd_errors_globals {
    bool in_request = false; /* between RINIT and RSHUTDOWN */
    bool inside = false;
    /* Diagnostics the compiler raised (a deprecated "${x}" in an included file, ...)
     * while a user log handler was configured. The handler cannot run then: the
     * compiler's state is live, autoload is off and __CLASS__ in files it would
     * include resolves against the file being compiled. They wait here for the next VM
     * interrupt (or the request's end), in the order they came. Plain pointers to
     * request strings: nothing with a destructor lives across the handler's calls. */
    std::vector<Pending> pending;
    size_t pending_next = 0;
};

namespace {

inline sd_errors_globals &errg()
{
    return *SDG(errors);
}

/* The one rule: logPhpErrors when the script set it (before or after start(), true
 * or false), else its default once start() has made this request the daemon. */
bool forwarding()
{
    if (!errg().in_request) return false;
    bool on = sd_option_bool("logPhpErrors");
    return sd_option_is_set("logPhpErrors") ? on : on && sd_daemon_started_here();
}

void clear_pending()
{
    for (size_t i = errg().pending_next; i < errg().pending.size(); ++i) {
        if (errg().pending[i].file) zend_string_release(errg().pending[i].file);
        if (errg().pending[i].stack) zend_string_release(errg().pending[i].stack);
        zend_string_release(errg().pending[i].message);
    }
    errg().pending.clear();
    errg().pending_next = 0;
}

void forward_guarded(int type, zend_string *file, uint32_t line, zend_string *message, const char *stack,
                     size_t stack_len, bool *bailed);

/* Hands the queued diagnostics to the handler. A bailout in it drops the rest and
 * goes on (re-raised by the caller's frame, which holds no C++ object). */
void drain_pending()
{
    if (errg().pending_next >= errg().pending.size() || errg().inside || zend_is_compiling()) return;
    bool bailed = false;
    while (!bailed && errg().pending_next < errg().pending.size()) {
        Pending p = errg().pending[errg().pending_next++];
        if (forwarding()) {
            forward_guarded(p.type, p.file, p.line, p.message, p.stack ? ZSTR_VAL(p.stack) : nullptr,
                            p.stack ? ZSTR_LEN(p.stack) : 0, &bailed);
        }
        if (p.file) zend_string_release(p.file);
        if (p.stack) zend_string_release(p.stack);
        zend_string_release(p.message);
    }
    if (errg().pending_next >= errg().pending.size() || bailed) clear_pending();
    if (bailed) zend_bailout();
}

void forward_guarded(int type, zend_string *file, uint32_t line, zend_string *message, const char *stack,
                     size_t stack_len, bool *bailed)
{
    errg().inside = true;
    /* A fatal error in the user's handler longjmps out of forward(): the flag must
     * not stay set, or no later error would ever be forwarded again. */
    zend_try
    {
        forward(type, file ? ZSTR_VAL(file) : "", file ? ZSTR_LEN(file) : 0, line, ZSTR_VAL(message),
                ZSTR_LEN(message));
        if (stack_len) {
            log_fatal_stack(file ? ZSTR_VAL(file) : "", file ? ZSTR_LEN(file) : 0, line, ZSTR_VAL(message),
                            ZSTR_LEN(message), stack, stack_len);
        }
    }
    zend_catch
    {
        *bailed = true;
    }
    zend_end_try();
    errg().inside = false;
}

void error_cb(int orig_type, zend_string *file, const uint32_t line, zend_string *message)
{
    int type = orig_type & E_ALL;
    bool forwarded = !errg().inside && (EG(error_reporting) & type) && forwarding();
    /* Taken now: the frames are gone by the time the log gets the error. A plain
     * array: out of memory, the engine is inside its allocator. */
    char stack[SD_STACK_TEXT_MAX];
    size_t stack_len = 0;
    if (forwarded && (type & kFatal) && !is_uncaught_exception(orig_type, message))
        stack_len = sd_fatal_stack_text(stack, sizeof stack);
    if (forwarded && zend_is_compiling() && sd_log_runs_user_code()) {
        zend_string *queued_stack = stack_len ? zend_string_init(stack, stack_len, 0) : nullptr;
        try {
            errg().pending.push_back(
                {type, line, file ? zend_string_copy(file) : nullptr, zend_string_copy(message), queued_stack});
        } catch (...) {
            /* no C++ exception may reach the engine: the diagnostic takes PHP's path */
            if (file) zend_string_release(file);
            if (queued_stack) zend_string_release(queued_stack);
            zend_string_release(message);
            orig_error_cb(orig_type, file, line, message);
            return;
        }
        sd_compat_request_vm_interrupt();
        /* A fatal one still ends the script the engine's way; the handler gets it
         * at the request's end. */
        if (!(type & kFatal)) return;
        orig_error_cb(orig_type, file, line, message);
        return;
    }
    if (forwarded) {
        /* Earlier queued diagnostics first, in order. */
        drain_pending();
        bool bailed = false;
        forward_guarded(type, file, line, message, stack, stack_len, &bailed);
        if (bailed) zend_bailout();
        /* Handled, as the original's handler returning true; fatal errors still take
         * the engine's own path (they end the script). */
        if (!(type & kFatal)) return;
    }
    if ((type & E_ERROR) && sd_request().start_failure_in_journal &&
        zend_string_starts_with_literal(message, "Uncaught System_Daemon_Exception")) {
        /* The reason is in the journal already, at error priority: PHP's line would
         * repeat it at info. The fatal error still ends the script the engine's way. */
        bool log_errors = PG(log_errors);
        zend_long display_errors = PG(display_errors);
        PG(log_errors) = false;
        PG(display_errors) = 0;
        bool bailed = false;
        zend_try
        {
            orig_error_cb(orig_type, file, line, message);
        }
        zend_catch
        {
            bailed = true;
        }
        zend_end_try();
        PG(log_errors) = log_errors;
        PG(display_errors) = display_errors;
        if (bailed) zend_bailout();
        return;
    }
    orig_error_cb(orig_type, file, line, message);
}

}  // namespace

void sd_errors_minit()
{
    orig_error_cb = zend_error_cb;
    zend_error_cb = error_cb;
}

void sd_errors_mshutdown()
{
    if (zend_error_cb == error_cb) zend_error_cb = orig_error_cb;
}

void sd_errors_rinit()
{
    errg().in_request = true;
}

void sd_errors_on_interrupt()
{
    drain_pending();
}

void sd_errors_rshutdown()
{
    /* What the compiler raised after the last VM interrupt (a fatal compile error
     * ends the script with no user code run after it): the handler still gets it,
     * once, and a bailout in it changes nothing any more. */
    if (errg().pending_next < errg().pending.size() && !zend_is_compiling()) {
        zend_try
        {
            drain_pending();
        }
        zend_end_try();
    }
    clear_pending();
    errg().in_request = false;
}

sd_errors_globals *sd_errors_globals_new()
{
    return new (pemalloc(sizeof(sd_errors_globals), 1)) sd_errors_globals();
}

void sd_errors_globals_free(sd_errors_globals *g)
{
    if (!g) return;
    g->~sd_errors_globals();
    pefree(g, 1);
}

ZEND_METHOD(System_Daemon, phpErrors)
{
    zval *zno, *zstr, *zfile = nullptr, *zline = nullptr;
    ZEND_PARSE_PARAMETERS_START(2, 4)
        Z_PARAM_ZVAL(zno)
        Z_PARAM_ZVAL(zstr)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(zfile)
        Z_PARAM_ZVAL(zline)
    ZEND_PARSE_PARAMETERS_END();
    zend_long type = zval_get_long(zno);
    /* '@' lowers error_reporting: a suppressed error is not logged */
    if (!(EG(error_reporting) & type)) RETURN_TRUE;
    zend_string *msg = zval_get_string(zstr);
    zend_string *file = zfile ? zval_get_string(zfile) : ZSTR_EMPTY_ALLOC();
    zend_long line = zline ? zval_get_long(zline) : 0;
    if (!forward(static_cast<int>(type), ZSTR_VAL(file), ZSTR_LEN(file), line, ZSTR_VAL(msg), ZSTR_LEN(msg))) {
        sd_logf(SD_LOG_WARNING, "Unknown PHP errorno: " ZEND_LONG_FMT, type);
        sd_log_message(SD_LOG_ERR, ZSTR_VAL(msg), ZSTR_LEN(msg), ZSTR_VAL(file), ZSTR_LEN(file), line);
    }
    zend_string_release(msg);
    zend_string_release(file);
    RETURN_TRUE;
}
