/* PHP error forwarding: warnings, notices and deprecations go to the daemon's log with
 * the original's level mapping. Hooked at zend_error_cb, which the engine calls only
 * when no user error handler took the error, so a script's set_error_handler() keeps
 * working unchanged. */
#include "php/sd_php.h"

namespace {

void (*orig_error_cb)(int, zend_string *, const uint32_t, zend_string *) = nullptr;
bool forwarding = false;
bool inside = false;

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
        bool saved = sd_log_no_halt;
        sd_log_no_halt = true;
        sd_log_message(m.level, ZSTR_VAL(text), ZSTR_LEN(text), file, file_len, line);
        sd_log_no_halt = saved;
        zend_string_release(text);
        return true;
    }
    return false;
}

void error_cb(int orig_type, zend_string *file, const uint32_t line, zend_string *message)
{
    int type = orig_type & E_ALL;
    if (forwarding && !inside && (EG(error_reporting) & type)) {
        inside = true;
        bool saved_no_halt = sd_log_no_halt;
        bool bailed = false;
        /* A fatal error in the user's handler longjmps out of forward(): the flags
         * must not stay set, or no later error would ever be forwarded again. */
        zend_try {
            forward(type, file ? ZSTR_VAL(file) : "", file ? ZSTR_LEN(file) : 0, line, ZSTR_VAL(message),
                    ZSTR_LEN(message));
        } zend_catch {
            bailed = true;
        } zend_end_try();
        inside = false;
        sd_log_no_halt = saved_no_halt;
        if (bailed) zend_bailout();
        /* Handled, as the original's handler returning true; fatal errors still take
         * the engine's own path (they end the script). */
        if (!(type & kFatal)) return;
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

void sd_errors_enable(bool on)
{
    forwarding = on;
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
