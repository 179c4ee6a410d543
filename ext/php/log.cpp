/* The log engine: one line to its destination. The hot path (a line into the log
 * file) is: verbosity check, one cached date prefix, one write(2). */
#include "php/log.h"

#include "php/options.h"
#include "php/state.h"

#include "core/pool.h"
#include "core/handover.h"
#include "core/logjson.h"
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

#include <pthread.h>
#include <sys/time.h>
#include <syslog.h>
#include <unistd.h>

#include <atomic>
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
    bool console = false; /* foreground: stdout/stderr instead of the log file */
    bool journal = false; /* stderr is the journal: lines with <N> priorities there */
    bool in_background = false;
    bool json = false; /* logFormat 'json': one JSON record a line, position always */
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
    sd::JsonLogFormatter json;
    std::string app; /* appName, for the JSON records */
    time_t prefix_sec = -1;
    /* The zone the prefix was formatted in: date_default_timezone_set() within the same
     * second must not leave a stale stamp. Known by the change count g_tz_changes; only
     * when that could not be set up, by ext/date's tzinfo pointer (a hash lookup a line). */
    unsigned long prefix_tz_changes = 0;
    const void *prefix_tz = nullptr;
    char prefix[64] = {};
    size_t prefix_len = 0;
    /* A bailout from a log handler called by sd_logf(), waiting for the VM interrupt. */
    bool bailout_pending = false;
};

namespace {

inline sd_log_globals &lg()
{
    return *SDG(log);
}

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
    lg().settings.json = sd_option_string("logFormat") == "json";
    if (lg().settings.json) lg().app = sd_option_string("appName");
    lg().settings.console = sd_foreground();
    const char *jenv = getenv("SYSTEM_DAEMON_LOG_JOURNAL");
    lg().settings.journal = (sd_option_bool("logJournal") || (jenv && strcmp(jenv, "1") == 0)) &&
                            sd::journal_stream_is(getenv("JOURNAL_STREAM"), STDERR_FILENO);
    /* With the journal, a log file only when the script named one. */
    bool file = !lg().settings.console && (!lg().settings.journal || sd_option_is_set("logLocation"));
    if (lg().settings.handler == Handler::File && lg().settings.has_name)
        lg().sink.set_path(file ? sd_option_string("logLocation") : "");
}

/* The zone a stamp is in changes only through date_default_timezone_set() (ext/date's
 * DATEG(timezone), which ext/date does not export) or the date.timezone INI entry
 * (ini_set(), ini_restore(), the end of a request). Both are wrapped at MINIT to count
 * changes, so a line asks one counter instead of get_timezone_info(), whose guess of the
 * zone and hash lookup were a sixth of a plain line's instructions. Process-wide: a
 * change in any thread makes every thread format its prefix once more, never less. */
std::atomic<unsigned long> g_tz_changes{1};
bool g_tz_watched = false;
zif_handler g_orig_tz_set = nullptr;
zend_function *g_tz_set_fn = nullptr;
decltype(zend_ini_entry::on_modify) g_orig_tz_ini = nullptr;
zend_ini_entry *g_tz_ini = nullptr;

ZEND_NAMED_FUNCTION(sd_tz_set_watched)
{
    g_orig_tz_set(INTERNAL_FUNCTION_PARAM_PASSTHRU);
    g_tz_changes.fetch_add(1, std::memory_order_relaxed);
}

ZEND_INI_MH(sd_tz_ini_watched)
{
    int r = g_orig_tz_ini(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
    g_tz_changes.fetch_add(1, std::memory_order_relaxed);
    return r;
}

bool same_zone()
{
    if (g_tz_watched) return g_tz_changes.load(std::memory_order_relaxed) == lg().prefix_tz_changes;
    return get_timezone_info() == lg().prefix_tz;
}

/* "[Nov 23 20:14:08]" in date.timezone, formatted at most once per second. */
void refresh_prefix(time_t now)
{
    if (now == lg().prefix_sec && same_zone()) return;
    lg().prefix_sec = now;
    /* Read before formatting: a change while formatting leaves the count stale, so the
     * next line formats again. */
    lg().prefix_tz_changes = g_tz_changes.load(std::memory_order_relaxed);
    lg().prefix_tz = g_tz_watched ? nullptr : get_timezone_info();
    zend_string *d = php_format_date(const_cast<char *>("M d H:i:s"), 9, now, 1);
    lg().prefix_len = static_cast<size_t>(snprintf(lg().prefix, sizeof lg().prefix, "[%s] ", ZSTR_VAL(d)));
    if (lg().prefix_len >= sizeof lg().prefix) lg().prefix_len = sizeof lg().prefix - 1;
    zend_string_release(d);
}

}  // namespace

void sd_log_call_site(const char **file, size_t *file_len, zend_long *line)
{
    zend_execute_data *ex = EG(current_execute_data);
    while (ex && (!ex->func || !ZEND_USER_CODE(ex->func->type))) ex = ex->prev_execute_data;
    if (!ex) return;
    *file = ZSTR_VAL(ex->func->op_array.filename);
    *file_len = ZSTR_LEN(ex->func->op_array.filename);
    *line = ex->opline ? static_cast<zend_long>(ex->opline->lineno) : 0;
}

namespace {

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
    const char *opt = lg().settings.handler == Handler::Custom    ? "useCustomLogHandler"
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
    zend_try
    {
        if (lg().settings.handler == Handler::Custom) {
            ok = found && call_user_function(NULL, NULL, &held, &ret, argc, args) == SUCCESS;
        } else if (Z_TYPE(held) == IS_OBJECT) {
            ok = sd_compat_call_method(Z_OBJ(held), ZEND_STRL("log"), &ret, argc, args) == SUCCESS;
        }
    }
    zend_catch
    {
        *bailed = true;
    }
    zend_end_try();
    for (uint32_t i = 0; i < argc; ++i) zval_ptr_dtor(&args[i]);
    zval_ptr_dtor(&ret);
    zval_ptr_dtor(&held);
    return ok && !EG(exception);
}

}  // namespace

bool sd_log_message(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line)
{
    return sd_log_message_ctx(level, msg, len, file, file_len, line, std::string_view());
}

namespace {

/* getpid() is a system call a line; the pid changes only in a fork's child. */
std::atomic<long> g_pid{0};
void forget_pid()
{
    g_pid.store(0, std::memory_order_relaxed);
}

long current_pid()
{
    long pid = g_pid.load(std::memory_order_relaxed);
    if (pid) return pid;
    static bool registered = pthread_atfork(nullptr, nullptr, forget_pid) == 0;
    pid = static_cast<long>(getpid());
    if (registered) g_pid.store(pid, std::memory_order_relaxed);
    return pid;
}

/* The JSON record of a line (in the formatter's buffer); the call site is always part of it. */
std::string_view format_json(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line,
                             std::string_view context, const struct timeval &tv)
{
    if (!file) {
        file = "";
        file_len = 0;
        sd_log_call_site(&file, &file_len, &line);
    }
    sd::JsonLogRecord r;
    r.sec = tv.tv_sec;
    r.usec = static_cast<long>(tv.tv_usec);
    r.priority = level;
    r.app = lg().app;
    r.pid = current_pid();
    /* -1 outside a pool's worker (the master's lines carry no worker key). */
    r.worker = sd::pool::worker_id();
    r.msg = std::string_view(msg, len);
    r.file = std::string_view(file, file_len);
    r.line = static_cast<long>(line);
    r.context = context;
    return lg().json.format(r);
}

}  // namespace

bool sd_log_message_ctx(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line,
                        std::string_view context)
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
    if (!file && !lg().settings.json && level < SD_LOG_NOTICE && (lg().settings.file_pos || lg().settings.line_pos)) {
        file = "";
        file_len = 0;
        sd_log_call_site(&file, &file_len, &line);
    }
    smart_str tail = {};
    if (!lg().settings.json || lg().settings.handler != Handler::File)
        build_tail(&tail, level, file ? file : "", file ? file_len : 0, line);

    bool ok = true;
    if (lg().settings.handler != Handler::File) {
        zend_string *full =
            zend_string_concat2(msg, len, tail.s ? ZSTR_VAL(tail.s) : "", tail.s ? ZSTR_LEN(tail.s) : 0);
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
        time_t now;
        std::string_view out; /* the line as it is written */
        if (lg().settings.json) {
            struct timeval tv;
            gettimeofday(&tv, nullptr);
            now = tv.tv_sec;
            out = format_json(level, msg, len, file, file_len, line, context, tv);
        } else {
            now = php_time();
            refresh_prefix(now);
            size_t tail_len = tail.s ? ZSTR_LEN(tail.s) : 0;
            size_t plen = lg().prefix_len;
            if (!sd::log_text_needs_escape(std::string_view(msg, len))) {
                /* One resize and plain copies: a line of the length of the last one
                 * costs no capacity checks and no fill. */
                lg().line_buf.resize(plen + 10 + len + tail_len + 1);
                char *p = &lg().line_buf[0];
                memcpy(p, lg().prefix, plen);
                memcpy(p + plen, kLevelPadded[level], 8);
                memcpy(p + plen + 8, ": ", 2);
                memcpy(p + plen + 10, msg, len);
                if (tail_len) memcpy(p + plen + 10 + len, ZSTR_VAL(tail.s), tail_len);
                p[plen + 10 + len + tail_len] = '\n';
            } else {
                /* A line break or a control character: each physical line gets the real
                 * stamp and level, so a logged value cannot forge a line of its own. */
                char head[sizeof lg().prefix + 10];
                memcpy(head, lg().prefix, plen);
                memcpy(head + plen, kLevelPadded[level], 8);
                memcpy(head + plen + 8, ": ", 2);
                lg().line_buf.clear();
                sd::append_log_lines(lg().line_buf, std::string_view(head, plen + 10), std::string_view(msg, len),
                                     std::string_view(tail_len ? ZSTR_VAL(tail.s) : "", tail_len));
            }
            out = lg().line_buf;
        }
        /* The file first: echoing may run the script's output handler, which may log a
         * line of its own into the buffers `out` points into. */
        bool sink_ok = true;
        if (!lg().settings.console && (!lg().settings.journal || !lg().sink.path().empty()))
            sink_ok = lg().sink.write(out, now);
        if (lg().settings.journal && lg().settings.json) {
            /* No <N> prefix inside a record: the shipper reads the priority from it. */
            ok = write(STDERR_FILENO, out.data(), out.size()) == static_cast<ssize_t>(out.size());
        } else if (lg().settings.journal) {
            /* sd-daemon(3) priority prefix; the journal adds the time and the program. */
            char pri[4] = {'<', static_cast<char>('0' + level), '>', '\0'};
            lg().jline_buf.clear();
            sd::append_log_lines(lg().jline_buf, std::string_view(pri, 3), std::string_view(msg, len),
                                 tail.s ? std::string_view(ZSTR_VAL(tail.s), ZSTR_LEN(tail.s)) : std::string_view());
            ok = write(STDERR_FILENO, lg().jline_buf.data(), lg().jline_buf.size()) ==
                 static_cast<ssize_t>(lg().jline_buf.size());
        } else if (lg().settings.console && lg().settings.in_background) {
            /* A foreground daemon's supervisor (a container runtime) collects both
             * streams; errors and worse go to stderr. Straight to the descriptor: no
             * output buffer may hold a line back. */
            int fd = level <= SD_LOG_ERR ? STDERR_FILENO : STDOUT_FILENO;
            ok = write(fd, out.data(), out.size()) == static_cast<ssize_t>(out.size());
        } else if (!lg().settings.in_background && level < SD_LOG_DEBUG) {
            PHPWRITE(out.data(), out.size());
        }
        ok = sink_ok && ok;
        std::string m;
        if (!ok && lg().sink.should_report()) {
            m = "System_Daemon: " + lg().sink.last_error() +
                " (option logLocation); log lines are lost until it is writable\n";
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
    return ok;
}

/* A fatal error inside a user's log handler (useCustomLogHandler, a PEAR or PSR
 * logger) bails out with longjmp. sd_logf() is called from C++ frames that hold
 * objects with destructors, which a longjmp would skip; so the bailout is caught
 * there and raised again at the next VM interrupt, once those frames have returned. */
void sd_log_on_interrupt()
{
    if (lg().bailout_pending) {
        lg().bailout_pending = false;
        zend_bailout();
    }
}

bool sd_logf(int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    zend_string *m = zend_vstrpprintf(0, fmt, ap);
    va_end(ap);
    bool r = false;
    zend_try
    {
        r = sd_log_message(level, ZSTR_VAL(m), ZSTR_LEN(m), nullptr, 0, 0);
    }
    zend_catch
    {
        lg().bailout_pending = true;
        sd_compat_request_vm_interrupt();
    }
    zend_end_try();
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

bool sd_log_reaches_journal()
{
    refresh_settings();
    return lg().settings.handler == Handler::File && lg().settings.journal && !lg().settings.console;
}

const char *sd_log_open_error()
{
    refresh_settings();
    if (lg().settings.handler != Handler::File || lg().settings.console ||
        (lg().settings.journal && lg().sink.path().empty()) || lg().sink.fd() >= 0 || lg().sink.reopen())
        return nullptr;
    return lg().sink.last_error().c_str();
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

void sd_log_minit()
{
    /* ext/date is always compiled in and started before any shared extension. */
    auto *fn = static_cast<zend_function *>(
        zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("date_default_timezone_set")));
    auto *ini = static_cast<zend_ini_entry *>(zend_hash_str_find_ptr(EG(ini_directives), ZEND_STRL("date.timezone")));
    if (!fn || fn->type != ZEND_INTERNAL_FUNCTION || !fn->internal_function.handler || !ini || !ini->on_modify) return;
    g_tz_set_fn = fn;
    g_orig_tz_set = fn->internal_function.handler;
    fn->internal_function.handler = sd_tz_set_watched;
    g_tz_ini = ini;
    g_orig_tz_ini = ini->on_modify;
    ini->on_modify = sd_tz_ini_watched;
    g_tz_watched = true;
}

void sd_log_mshutdown()
{
    /* This library is unloaded after MSHUTDOWN: nothing may point into it. */
    if (!g_tz_watched) return;
    if (g_tz_set_fn->internal_function.handler == sd_tz_set_watched)
        g_tz_set_fn->internal_function.handler = g_orig_tz_set;
    if (g_tz_ini->on_modify == sd_tz_ini_watched) g_tz_ini->on_modify = g_orig_tz_ini;
    g_tz_watched = false;
}

void sd_log_rshutdown()
{
    lg().sink.close();
    lg().bailout_pending = false;
    lg().settings = Settings();
    lg().prefix_sec = -1;
    lg().prefix_tz = nullptr;
}

bool sd_log_enabled(int level)
{
    refresh_settings();
    return lg().settings.has_name && level <= lg().settings.verbosity;
}

int sd_log_wants(int level)
{
    refresh_settings();
    const Settings &st = lg().settings;
    if (!st.has_name || level > st.verbosity) return 0;
    bool pos = st.json || (level < SD_LOG_NOTICE && (st.file_pos || st.line_pos));
    return SD_LOG_WRITTEN | (pos ? SD_LOG_POSITION : 0);
}

/* The dropped daemon keeps writing through the descriptor root opened; the file is
 * handed over only so that it can reopen it after a rotation. A file root keeps (a
 * shared log, say) may hold what the daemon user must not read: the descriptor is then
 * reopened write-only, under the same number, before the drop. */
void sd_log_hand_over(uid_t uid, gid_t gid)
{
    int fd = sd_log_fd();
    std::string why;
    sd::HandOver r = sd::hand_over_file(fd, uid, gid, sd_log_created(), why);
    if (r == sd::HandOver::NotNeeded || r == sd::HandOver::Done) return;
    std::string log = sd_option_string("logLocation");
    if (r == sd::HandOver::NotOurs) {
        sd_logf(SD_LOG_WARNING,
                "log file %s (option logLocation) belongs to uid %s; not handing it to uid %d, "
                "so the daemon cannot reopen it after a rotation",
                log.c_str(), why.c_str(), static_cast<int>(uid));
    } else {
        sd_logf(SD_LOG_WARNING, "cannot hand the log file %s to uid %d: %s", log.c_str(), static_cast<int>(uid),
                why.c_str());
    }
    if (!sd::reopen_write_only(fd, why)) {
        sd_logf(SD_LOG_WARNING,
                "cannot reopen the log file %s write-only: %s; the daemon user can read it through "
                "its descriptor",
                log.c_str(), why.c_str());
    }
}
