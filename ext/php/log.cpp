/* log() and the level shortcuts, abbr(), semantify(). The hot path (a line into the
 * log file) is: verbosity check, one cached date prefix, one write(2). */
#include "php/sd_php.h"

#include "core/logline.h"
#include "core/logsink.h"
#include "core/sdnotify.h"

/* These headers declare their functions without C linkage guards. */
BEGIN_EXTERN_C()
#include "ext/date/php_date.h"
#include "ext/json/php_json.h"
END_EXTERN_C()
#include "main/php_output.h"
#include "zend_smart_str.h"

#include <syslog.h>
#include <unistd.h>

#include <cstdarg>
#include <string>

namespace {

const char *const kLevelPadded[] = {"   emerg", "   alert", "    crit", "     err",
                                    " warning", "  notice", "    info", "   debug"};
const char *const kPsrLevel[] = {"emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"};

enum class Handler { File, PearLog, Custom, Psr };

/* Logging options, re-read only after a setOption(): log() must not walk the option
 * table for every line. Plain data, so nothing here needs a destructor at bailout. */
struct Settings {
    zend_long gen = -1;
    int verbosity = SD_LOG_INFO;
    bool has_name = false;
    bool file_pos = false;
    bool line_pos = true;
    bool trim_app_dir = true;
    Handler handler = Handler::File;
    bool console = false;  /* foreground: stdout/stderr instead of the log file */
    bool journal = false;  /* stderr is the journal: lines with <N> priorities there */
    bool in_background = false;
};

}  // namespace

/* This thread's logging state (SDG(log)): a threaded SAPI runs one request per thread,
 * each with its own options, sink and buffers. Allocated with the module globals, so
 * nothing here is built or freed while a request runs. */
struct sd_log_globals {
    Settings settings;
    sd::LogSink sink;
    /* Reused for every line: no allocation once they have grown. */
    std::string line_buf;
    std::string jline_buf;
    time_t prefix_sec = -1;
    /* The zone the prefix was formatted in: date_default_timezone_set() within the same
     * second must not leave a stale stamp. ext/date caches one tzinfo per zone for the
     * request, so comparing the pointer is exact and costs one hash lookup a line. */
    const void *prefix_tz = nullptr;
    char prefix[64] = {};
    size_t prefix_len = 0;
    /* A bailout from a log handler called by sd_logf(), waiting for the VM interrupt. */
    bool bailout_pending = false;
    /* While set, a LOG_EMERG line does not halt (see sd_log_set_no_halt()). */
    bool no_halt = false;
};

namespace {

inline sd_log_globals &lg() { return *SDG(log); }

void refresh_settings()
{
    /* Daemonizing may replace stderr (the journal's stream) with /dev/null. */
    if (lg().settings.gen == SDG(options_gen) && lg().settings.in_background == sd_daemon_in_background()) return;
    lg().settings.gen = SDG(options_gen);
    lg().settings.in_background = sd_daemon_in_background();
    lg().settings.verbosity = static_cast<int>(sd_option_long("logVerbosity"));
    lg().settings.has_name = !sd_option_string("appName").empty();
    lg().settings.file_pos = sd_option_bool("logFilePosition");
    lg().settings.line_pos = sd_option_bool("logLinePosition");
    lg().settings.trim_app_dir = sd_option_bool("logTrimAppDir");
    if (sd_option_bool("usePEARLogInstance")) {
        lg().settings.handler = Handler::PearLog;
    } else if (sd_option_bool("useCustomLogHandler")) {
        lg().settings.handler = Handler::Custom;
    } else if (sd_option_bool("usePsrLogger")) {
        lg().settings.handler = Handler::Psr;
    } else {
        lg().settings.handler = Handler::File;
    }
    lg().settings.console = sd_foreground();
    const char *jenv = getenv("SYSTEM_DAEMON_LOG_JOURNAL");
    lg().settings.journal = (sd_option_bool("logJournal") || (jenv && strcmp(jenv, "1") == 0)) &&
                       sd::journal_stream_is(getenv("JOURNAL_STREAM"), STDERR_FILENO);
    /* With the journal, a log file only when the script named one. */
    bool file = !lg().settings.console && (!lg().settings.journal || sd_option_is_set("logLocation"));
    if (lg().settings.handler == Handler::File && lg().settings.has_name) lg().sink.set_path(file ? sd_option_string("logLocation") : "");
}

/* "[Nov 23 20:14:08]" in date.timezone, formatted at most once per second. */
void refresh_prefix(time_t now)
{
    const void *tz = get_timezone_info();
    if (now == lg().prefix_sec && tz == lg().prefix_tz) return;
    lg().prefix_sec = now;
    lg().prefix_tz = tz;
    zend_string *d = php_format_date(const_cast<char *>("M d H:i:s"), 9, now, 1);
    lg().prefix_len = static_cast<size_t>(snprintf(lg().prefix, sizeof lg().prefix, "[%s] ", ZSTR_VAL(d)));
    if (lg().prefix_len >= sizeof lg().prefix) lg().prefix_len = sizeof lg().prefix - 1;
    zend_string_release(d);
}

/* The user's code that called into us: the nearest frame of user code. */
void call_site(const char **file, size_t *file_len, zend_long *line)
{
    zend_execute_data *ex = EG(current_execute_data);
    while (ex && (!ex->func || !ZEND_USER_CODE(ex->func->type))) ex = ex->prev_execute_data;
    if (!ex) return;
    *file = ZSTR_VAL(ex->func->op_array.filename);
    *file_len = ZSTR_LEN(ex->func->op_array.filename);
    *line = ex->opline ? static_cast<zend_long>(ex->opline->lineno) : 0;
}

void build_tail(smart_str *tail, int level, const char *file, size_t file_len, zend_long line)
{
    if (level >= SD_LOG_NOTICE) return;
    /* A line with no known position (phpErrors() called by hand) gets no "[f:]" or
     * "[l:0]": empty tags are the noise the original printed on PHP 8. */
    if (lg().settings.file_pos && file_len > 0) {
        std::string dir = lg().settings.trim_app_dir ? sd_option_string("appDir") : std::string();
        if (!dir.empty() && file_len >= dir.size() && memcmp(file, dir.data(), dir.size()) == 0) {
            file += dir.size();
            file_len -= dir.size();
        }
        smart_str_appends(tail, " [f:");
        smart_str_appendl(tail, file, file_len);
        smart_str_appendc(tail, ']');
    }
    if (lg().settings.line_pos && line > 0) {
        smart_str_appends(tail, " [l:");
        smart_str_append_long(tail, line);
        smart_str_appendc(tail, ']');
    }
}

/* Calls the user's handler with the line. A fatal error in it (a bailout) is caught
 * here so that what this call holds is freed; *bailed tells the caller to free its
 * own and raise it again. */
bool call_handler(int level, zend_string *msg, bool *bailed)
{
    zval tmp, held, ret, args[3];
    ZVAL_UNDEF(&tmp);
    ZVAL_UNDEF(&ret);
    volatile bool ok = false;
    const char *opt = lg().settings.handler == Handler::Custom     ? "useCustomLogHandler"
                      : lg().settings.handler == Handler::PearLog ? "usePEARLogInstance"
                                                              : "usePsrLogger";
    zval *found = sd_option_get(opt, &tmp);
    /* The handler may setOption() its own option while it runs, which frees the
     * option table's value: the call works on a reference of its own. */
    if (found) {
        ZVAL_COPY(&held, found);
    } else {
        ZVAL_UNDEF(&held);
    }
    zval_ptr_dtor(&tmp);
    uint32_t argc = 0;
    if (lg().settings.handler == Handler::Psr) {
        ZVAL_STRING(&args[0], kPsrLevel[level]);
        ZVAL_STR_COPY(&args[1], msg);
        array_init(&args[2]);
        add_assoc_long(&args[2], "level", level);
        argc = 3;
    } else {
        ZVAL_STR_COPY(&args[0], msg);
        ZVAL_LONG(&args[1], level);
        argc = 2;
    }
    zend_try {
        if (lg().settings.handler == Handler::Custom) {
            ok = found && call_user_function(NULL, NULL, &held, &ret, argc, args) == SUCCESS;
        } else if (Z_TYPE(held) == IS_OBJECT) {
            ok = sd_compat_call_method(Z_OBJ(held), ZEND_STRL("log"), &ret, argc, args) == SUCCESS;
        }
    } zend_catch {
        *bailed = true;
    } zend_end_try();
    for (uint32_t i = 0; i < argc; ++i) zval_ptr_dtor(&args[i]);
    zval_ptr_dtor(&ret);
    zval_ptr_dtor(&held);
    return ok && !EG(exception);
}

bool level_from_zval(zval *z, int *level)
{
    ZVAL_DEREF(z);
    zend_long l;
    if (Z_TYPE_P(z) == IS_LONG) {
        l = Z_LVAL_P(z);
    } else if (Z_TYPE_P(z) == IS_STRING) {
        for (int i = 0; i < 8; ++i) {
            const char *n = kLevelPadded[i];
            while (*n == ' ') ++n;
            if (zend_string_equals_cstr(Z_STR_P(z), n, strlen(n))) {
                *level = i;
                return true;
            }
        }
        if (!is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, NULL, false)) l = -1;
    } else {
        l = -1;
    }
    if (l < 0 || l > 7) {
        php_error_docref(NULL, E_WARNING, "Log level must be System_Daemon::LOG_EMERG (0) .. LOG_DEBUG (7)");
        return false;
    }
    *level = static_cast<int>(l);
    return true;
}

/* vsprintf's own messages speak of "the arguments array", which the caller of
 * info('%s %s', $x) never wrote: the same exception class (ValueError for too few
 * arguments or a bad specifier) is thrown again, saying which call and which format,
 * with vsprintf's exception as its previous one. */
void explain_format_error(zval *format, uint32_t nargs)
{
    zend_object *orig = EG(exception);
    if (!orig || (!instanceof_function(orig->ce, zend_ce_value_error) &&
                  !instanceof_function(orig->ce, zend_ce_argument_count_error))) {
        return;
    }
    zval rv;
    zval *m = zend_read_property_ex(orig->ce, orig, ZSTR_KNOWN(ZEND_STR_MESSAGE), true, &rv);
    zend_string *fmt = zval_get_string(format);
    GC_ADDREF(orig);
    zend_clear_exception();
    zend_throw_exception_ex(orig->ce, 0, "System_Daemon::%s(): the format \"%.200s%s\" does not fit its %u argument%s: %s",
                            get_active_function_name(), ZSTR_VAL(fmt), ZSTR_LEN(fmt) > 200 ? "..." : "",
                            nargs, nargs == 1 ? "" : "s", Z_TYPE_P(m) == IS_STRING ? Z_STRVAL_P(m) : "");
    zend_string_release(fmt);
    zend_exception_set_previous(EG(exception), orig);
}

/* sprintf-style formatting with semantified arguments, through PHP's own vsprintf so
 * that every format the original accepted means the same thing. */
zend_string *format_message(zval *format, zval *args, uint32_t nargs)
{
    zend_string *fmt = zval_try_get_string(format);
    if (!fmt) return nullptr;
    if (nargs == 0) return fmt;
    static zend_function *vsprintf_fn = nullptr;
    if (!vsprintf_fn) {
        vsprintf_fn = static_cast<zend_function *>(zend_hash_str_find_ptr(EG(function_table), ZEND_STRL("vsprintf")));
    }
    zval params[2], ret;
    ZVAL_STR(&params[0], fmt);
    array_init_size(&params[1], nargs);
    for (uint32_t i = 0; i < nargs; ++i) {
        zval s;
        sd_semantify(&args[i], &s);
        add_next_index_zval(&params[1], &s);
    }
    ZVAL_UNDEF(&ret);
    zend_call_known_function(vsprintf_fn, NULL, NULL, &ret, 2, params, NULL);
    zval_ptr_dtor(&params[0]);
    zval_ptr_dtor(&params[1]);
    if (EG(exception) || Z_TYPE(ret) != IS_STRING) {
        zval_ptr_dtor(&ret);
        if (EG(exception)) explain_format_error(format, nargs);
        return nullptr;
    }
    return Z_STR(ret);
}

void shortcut(INTERNAL_FUNCTION_PARAMETERS, int level, bool result)
{
    zval *format = nullptr, *args = nullptr;
    uint32_t nargs = 0;
    ZEND_PARSE_PARAMETERS_START(0, -1)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(format)
        Z_PARAM_VARIADIC('*', args, nargs)
    ZEND_PARSE_PARAMETERS_END();
    refresh_settings();
    if (level > lg().settings.verbosity || !lg().settings.has_name) {
        /* As the original: nothing is logged without an appName, and lines above the
         * verbosity cost no formatting. */
        RETURN_BOOL(result);
    }
    zend_string *msg;
    if (!format) {
        msg = ZSTR_EMPTY_ALLOC();
    } else if (nargs == 0 && Z_TYPE_P(format) == IS_STRING) {
        msg = zend_string_copy(Z_STR_P(format));
    } else {
        msg = format_message(format, args, nargs);
        if (!msg) RETURN_THROWS();
    }
    const char *file = "";
    size_t file_len = 0;
    zend_long line = 0;
    if (level < SD_LOG_NOTICE && (lg().settings.file_pos || lg().settings.line_pos)) call_site(&file, &file_len, &line);
    sd_log_message(level, ZSTR_VAL(msg), ZSTR_LEN(msg), file, file_len, line);
    zend_string_release(msg);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(result);
}

}  // namespace

void sd_semantify(zval *arg, zval *out)
{
    ZVAL_DEREF(arg);
    switch (Z_TYPE_P(arg)) {
        case IS_OBJECT:
            ZVAL_STR_COPY(out, Z_OBJCE_P(arg)->name);
            return;
        case IS_LONG:
        case IS_DOUBLE:
        case IS_TRUE:
        case IS_FALSE:
            ZVAL_COPY(out, arg);
            return;
        case IS_STRING:
            if (is_numeric_string(Z_STRVAL_P(arg), Z_STRLEN_P(arg), NULL, NULL, false)) {
                ZVAL_COPY(out, arg);
            } else {
                /* Not a printf %s: that would stop at the first NUL byte. */
                ZVAL_STR(out, zend_string_concat3("'", 1, Z_STRVAL_P(arg), Z_STRLEN_P(arg), "'", 1));
            }
            return;
        case IS_ARRAY: {
            smart_str s = {};
            bool first = true;
            zend_string *key;
            zend_ulong idx;
            zval *val;
            ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(arg), idx, key, val) {
                ZVAL_DEREF(val);
                if (!first) smart_str_appends(&s, ", ");
                first = false;
                if (key) {
                    smart_str_append(&s, key);
                } else {
                    smart_str_append_unsigned(&s, idx);
                }
                smart_str_appends(&s, ": ");
                zend_string *v;
                if (Z_TYPE_P(val) == IS_ARRAY) {
                    smart_str j = {};
                    php_json_encode(&j, val, 0);
                    smart_str_0(&j);
                    v = j.s ? j.s : ZSTR_EMPTY_ALLOC();
                } else if (Z_TYPE_P(val) == IS_LONG || Z_TYPE_P(val) == IS_DOUBLE || Z_TYPE_P(val) == IS_TRUE ||
                           Z_TYPE_P(val) == IS_FALSE ||
                           (Z_TYPE_P(val) == IS_STRING &&
                            is_numeric_string(Z_STRVAL_P(val), Z_STRLEN_P(val), NULL, NULL, false))) {
                    v = zval_get_string(val);
                } else {
                    zend_string *raw = Z_TYPE_P(val) == IS_OBJECT ? zend_string_copy(Z_OBJCE_P(val)->name)
                                                                  : zval_get_string(val);
                    v = zend_string_concat3("'", 1, ZSTR_VAL(raw), ZSTR_LEN(raw), "'", 1);
                    zend_string_release(raw);
                }
                /* abbr($val): 30 characters, '...' included */
                if (ZSTR_LEN(v) > 30) {
                    smart_str_appendl(&s, ZSTR_VAL(v), 27);
                    smart_str_appends(&s, "...");
                } else {
                    smart_str_append(&s, v);
                }
                zend_string_release(v);
            } ZEND_HASH_FOREACH_END();
            smart_str_0(&s);
            ZVAL_STR(out, s.s ? s.s : ZSTR_EMPTY_ALLOC());
            return;
        }
        case IS_NULL:
            ZVAL_STRING(out, "''");
            return;
        default:
            ZVAL_STR(out, zval_get_string(arg));
            return;
    }
}

bool sd_log_message(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line)
{
    refresh_settings();
    if (!lg().settings.has_name) return false;
    if (level > lg().settings.verbosity) return true;

    zend_string *subst = nullptr;
    if (memchr(msg, '{', len)) {
        zend_string *m = zend_string_init(msg, len, 0);
        subst = sd_option_substitute_message(m);
        zend_string_release(m);
        msg = ZSTR_VAL(subst);
        len = ZSTR_LEN(subst);
    }
    /* Lines the extension logs itself (start(), stop(), ...) carry no position of
     * their own: they get the user's call that led to them. */
    if (!file && level < SD_LOG_NOTICE && (lg().settings.file_pos || lg().settings.line_pos)) {
        file = "";
        file_len = 0;
        call_site(&file, &file_len, &line);
    }
    smart_str tail = {};
    build_tail(&tail, level, file ? file : "", file ? file_len : 0, line);

    bool ok = true;
    if (lg().settings.handler != Handler::File) {
        zend_string *full = zend_string_concat2(msg, len, tail.s ? ZSTR_VAL(tail.s) : "", tail.s ? ZSTR_LEN(tail.s) : 0);
        bool bailed = false;
        /* A fatal error in the handler: what this frame holds is freed before the
         * bailout goes on. */
        call_handler(level, full, &bailed);
        zend_string_release(full);
        if (bailed) {
            smart_str_free(&tail);
            if (subst) zend_string_release(subst);
            zend_bailout();
        }
        ok = true; /* the original reported success once a handler took the line */
    } else {
        /* PHP's own clock (gettimeofday): glibc's time() reads a coarse clock that can
         * still show the old second after PHP's time() moved on, which would let a
         * script see a new second in which the rotation check has not run yet. */
        time_t now = php_time();
        refresh_prefix(now);
        lg().line_buf.clear();
        std::string_view tail_v = tail.s ? std::string_view(ZSTR_VAL(tail.s), ZSTR_LEN(tail.s)) : std::string_view();
        std::string head(lg().prefix, lg().prefix_len);
        head.append(kLevelPadded[level], 8).append(": ");
        /* Each physical line gets the real stamp and level: a value cannot forge one. */
        sd::append_log_lines(lg().line_buf, head, std::string_view(msg, len), tail_v);
        if (lg().settings.journal) {
            /* sd-daemon(3) priority prefix; the journal adds the time and the program. */
            char pri[4] = {'<', static_cast<char>('0' + level), '>', '\0'};
            lg().jline_buf.clear();
            sd::append_log_lines(lg().jline_buf, std::string_view(pri, 3), std::string_view(msg, len), tail_v);
            ok = write(STDERR_FILENO, lg().jline_buf.data(), lg().jline_buf.size()) == static_cast<ssize_t>(lg().jline_buf.size());
        } else if (lg().settings.console && sd_daemon_in_background()) {
            /* A foreground daemon's supervisor (a container runtime) collects both
             * streams; errors and worse go to stderr. Straight to the descriptor: no
             * output buffer may hold a line back. */
            int fd = level <= SD_LOG_ERR ? STDERR_FILENO : STDOUT_FILENO;
            ok = write(fd, lg().line_buf.data(), lg().line_buf.size()) == static_cast<ssize_t>(lg().line_buf.size());
        } else if (!sd_daemon_in_background() && level < SD_LOG_DEBUG) {
            PHPWRITE(lg().line_buf.data(), lg().line_buf.size());
        }
        if (!lg().settings.console && (!lg().settings.journal || !lg().sink.path().empty())) ok = lg().sink.write(lg().line_buf, now) && ok;
        std::string m;
        if (!ok && lg().sink.should_report()) {
            m = "System_Daemon: " + lg().sink.last_error() + " (option logLocation); log lines are lost until it is writable\n";
        } else if (lg().sink.take_warning(m)) {
            m = "System_Daemon: " + m + " (option logLocation)\n";
        }
        if (!m.empty()) {
            ssize_t r = write(STDERR_FILENO, m.data(), m.size());
            (void)r;
            /* A daemon's stderr is /dev/null: syslog is where its admin can see it. */
            if (sd_daemon_in_background()) syslog(LOG_DAEMON | LOG_ERR, "%s", m.c_str());
        }
    }
    smart_str_free(&tail);
    if (subst) zend_string_release(subst);
    if (level == SD_LOG_EMERG && !EG(exception) && !lg().no_halt) sd_halt(1);
    return ok;
}

namespace {

/* A fatal error inside a user's log handler (useCustomLogHandler, a PEAR or PSR
 * logger) bails out with longjmp. sd_logf() is called from C++ frames that hold
 * objects with destructors, which a longjmp would skip; so the bailout is caught
 * here and raised again at the next VM interrupt, once those frames have returned. */
void (*prev_interrupt)(zend_execute_data *) = nullptr;

void reraise_bailout(zend_execute_data *ex)
{
    if (lg().bailout_pending) {
        lg().bailout_pending = false;
        zend_bailout();
    }
    if (prev_interrupt) prev_interrupt(ex);
}

}  // namespace

bool sd_logf(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zend_string *m = zend_vstrpprintf(0, fmt, ap);
    va_end(ap);
    bool r = false;
    zend_try {
        r = sd_log_message(level, ZSTR_VAL(m), ZSTR_LEN(m), nullptr, 0, 0);
    } zend_catch {
        lg().bailout_pending = true;
        sd_compat_request_vm_interrupt();
    } zend_end_try();
    zend_string_release(m);
    return r;
}

bool sd_log_runs_user_code()
{
    refresh_settings();
    return lg().settings.handler != Handler::File;
}

bool sd_log_take_bailout()
{
    bool was = lg().bailout_pending;
    lg().bailout_pending = false;
    return was;
}

void sd_log_options_changed()
{
    /* settings.gen is compared with SDG(options_gen) on the next line */
}

void sd_log_reopen()
{
    refresh_settings();
    lg().sink.reopen();
}

int sd_log_fd()
{
    refresh_settings();
    return lg().sink.fd();
}

bool sd_log_created()
{
    return lg().sink.created();
}

bool sd_log_journal_only()
{
    refresh_settings();
    return lg().settings.handler == Handler::File && lg().settings.journal && lg().sink.path().empty();
}

const char *sd_log_open_error()
{
    refresh_settings();
    if (lg().settings.handler != Handler::File || lg().settings.console || (lg().settings.journal && lg().sink.path().empty()) ||
        lg().sink.fd() >= 0 || lg().sink.reopen())
        return nullptr;
    return lg().sink.last_error().c_str();
}

void sd_log_minit()
{
    prev_interrupt = zend_interrupt_function;
    zend_interrupt_function = reraise_bailout;
}

sd_log_globals *sd_log_globals_new()
{
    /* Persistent memory: the engine reports an allocation failure itself. */
    void *mem = pemalloc(sizeof(sd_log_globals), 1);
    auto *g = new (mem) sd_log_globals();
    try {
        g->line_buf.reserve(512);
    } catch (...) {
        /* grows on first use instead */
    }
    return g;
}

void sd_log_globals_free(sd_log_globals *g)
{
    if (!g) return;
    g->~sd_log_globals();
    pefree(g, 1);
}

bool sd_log_no_halt()
{
    return lg().no_halt;
}

bool sd_log_set_no_halt(bool on)
{
    bool was = lg().no_halt;
    lg().no_halt = on;
    return was;
}

void sd_log_rshutdown()
{
    lg().sink.close();
    lg().bailout_pending = false;
    lg().settings = Settings();
    lg().prefix_sec = -1;
    lg().prefix_tz = nullptr;
}

ZEND_METHOD(System_Daemon, log)
{
    zval *zlevel, *str, *zfile = nullptr, *zclass = nullptr, *zfunction = nullptr, *zline = nullptr;
    ZEND_PARSE_PARAMETERS_START(2, 6)
        Z_PARAM_ZVAL(zlevel)
        Z_PARAM_ZVAL(str)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(zfile)
        Z_PARAM_ZVAL(zclass)
        Z_PARAM_ZVAL(zfunction)
        Z_PARAM_ZVAL(zline)
    ZEND_PARSE_PARAMETERS_END();
    int level;
    if (!level_from_zval(zlevel, &level)) RETURN_FALSE;
    zend_string *msg = zval_try_get_string(str);
    if (!msg) RETURN_THROWS();
    const char *file = "";
    size_t file_len = 0;
    zend_long line = 0;
    call_site(&file, &file_len, &line);
    zend_string *given_file = nullptr;
    if (zfile && Z_TYPE_P(zfile) != IS_FALSE && Z_TYPE_P(zfile) != IS_NULL) {
        given_file = zval_get_string(zfile);
        file = ZSTR_VAL(given_file);
        file_len = ZSTR_LEN(given_file);
    }
    if (zline && Z_TYPE_P(zline) != IS_FALSE && Z_TYPE_P(zline) != IS_NULL) line = zval_get_long(zline);
    bool ok = sd_log_message(level, ZSTR_VAL(msg), ZSTR_LEN(msg), file, file_len, line);
    zend_string_release(msg);
    if (given_file) zend_string_release(given_file);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(ok);
}

ZEND_METHOD(System_Daemon, emerg) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_EMERG, false); }
ZEND_METHOD(System_Daemon, alert) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_ALERT, false); }
ZEND_METHOD(System_Daemon, crit) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_CRIT, false); }
ZEND_METHOD(System_Daemon, err) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_ERR, false); }
ZEND_METHOD(System_Daemon, warning) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_WARNING, false); }
ZEND_METHOD(System_Daemon, notice) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_NOTICE, true); }
ZEND_METHOD(System_Daemon, info) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_INFO, true); }
ZEND_METHOD(System_Daemon, debug) { shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_DEBUG, true); }

ZEND_METHOD(System_Daemon, abbr)
{
    zval *str;
    zend_long cut = 30;
    zend_string *suffix = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_ZVAL(str)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(cut)
        Z_PARAM_STR(suffix)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *s = zval_try_get_string(str);
    if (!s) RETURN_THROWS();
    size_t suf_len = suffix ? ZSTR_LEN(suffix) : 3;
    const char *suf = suffix ? ZSTR_VAL(suffix) : "...";
    zend_long len = static_cast<zend_long>(ZSTR_LEN(s));
    if (len <= cut) RETURN_STR(s);
    /* The original cuts with substr($str, 0, $cutAt - strlen($suffix)): a negative
     * length counts from the end, so abbr('hello', 2) is 'hell...', not '...'. */
    /* keep = cut - suf_len, and len + that when negative, clamped at 0: computed so
     * that no step can overflow (abbr($s, PHP_INT_MIN) made cut - suf_len wrap to a
     * huge positive length, and the copy read far past the string). len > cut here. */
    const zend_long slen = static_cast<zend_long>(suf_len);
    zend_long keep;
    if (cut >= slen) {
        keep = cut - slen;
    } else if (cut < -len) {
        keep = 0;
    } else {
        keep = len + cut;              /* in [0, len] */
        keep = keep > slen ? keep - slen : 0;
    }
    zend_string *r = zend_string_concat2(ZSTR_VAL(s), static_cast<size_t>(keep), suf, suf_len);
    zend_string_release(s);
    RETURN_STR(r);
}

ZEND_METHOD(System_Daemon, semantify)
{
    zval *arg;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(arg)
    ZEND_PARSE_PARAMETERS_END();
    sd_semantify(arg, return_value);
}
