/* setSigHandler(), defaultSigHandler(), iterate(): PHP signal handlers without ticks
 * and without pcntl. ext/core/signals records deliveries; this file runs the PHP side
 * from the VM interrupt (as pcntl_async_signals(true) does) and from iterate().
 *
 * Living next to pcntl: a signal whose handler is someone else's when the daemon
 * starts (pcntl_signal() called before start(), or another extension) keeps that
 * handler; our defaults only take free signals. setSigHandler() is an explicit request
 * and always installs ours. A pcntl_signal() made later replaces ours for that signal:
 * the last one to ask wins, as between any two sigaction() callers. */
#include "php/signals.h"

#include "php/events.h"
#include "php/family.h"
#include "php/limits.h"
#include "php/log.h"
#include "php/observe.h"
#include "php/options.h"
#include "php/children.h"
#include "php/signal_names.h"
#include "php/socket_errors.h"
#include "php/state.h"
#include "php/stats.h"
#include "php/watch.h"

#include "core/sdnotify.h"
#include "core/signals.h"

/* These headers declare their functions without C linkage guards. */
BEGIN_EXTERN_C()
#include "ext/standard/php_filestat.h"
END_EXTERN_C()
#include "zend_exceptions.h"
#include "zend_gc.h"
#include "zend_signal.h"

#include <sys/stat.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <ctime>

namespace {

using sd::sig::kMax;

/* What the script asked for, per signal. `cb` holds the callable for User. */
enum class Kind : unsigned char { None, User, Ignore, Default };
struct Entry {
    Kind kind;
    zval cb;
};

}  // namespace

/* This thread's signal state (SDG(signals)): the script's handlers are its request's
 * closures, freed at its own request end. Signal dispositions are the process's: only
 * the thread that owns it (sd_process_is_mine()) installs, takes or restores them. */
struct sd_signals_globals {
    Entry table[kMax];
    bool in_request = false;
    bool daemon_defaults = false;
    /* Graceful stop: isDying() was seen true; an iterate() already returned while
     * dying without it (a loop that does not look at isDying(): the next iterate()
     * stops it). */
    bool stop_acknowledged = false;
    bool iterated_while_dying = false;
    /* TERM/INT/QUIT deliveries that came straight to this process (not passed on by
     * the daemon to its family): two of them force the stop. */
    int stops_direct = 0;
    bool dispatching = false;
    /* A popen() stream was open at the last SIGCHLD: its child may be among the
     * zombies, and pclose() wants its status, so reaping waits for iterate() to find
     * it closed. */
    bool reap_deferred = false;
    /* With ZEND_SIGNALS the engine puts its own deferring handler on HUP, INT, QUIT,
     * TERM, USR1, USR2 at every request start and keeps the real handler
     * (pcntl_signal()'s, or SIG_DFL) in SIGG(handlers). What it installed is noted at
     * RINIT so that claimed() can look behind it. */
    void *engine_handler[kMax];

    sd_signals_globals()
    {
        for (auto &e : table) {
            e.kind = Kind::None;
            ZVAL_UNDEF(&e.cb);
        }
        for (auto &h : engine_handler) h = nullptr;
    }
};

namespace {

inline sd_signals_globals &sg()
{
    return *SDG(signals);
}

/* The VM the C handler interrupts: the owning thread's. The handler runs on whichever
 * thread the kernel picked, where EG() is some other request's, or nothing at all. */
static_assert(std::atomic<sd_compat_vm_interrupt_t *>::is_always_lock_free,
              "the signal handler needs a lock-free pointer atomic");
std::atomic<sd_compat_vm_interrupt_t *> interrupt_target{nullptr};

void wake_vm()
{
    if (sd_compat_vm_interrupt_t *t = interrupt_target.load(std::memory_order_acquire)) sd_compat_vm_interrupt_set(t);
}

/* Signal dispositions may change from this thread: it owns the process's, or takes
 * them now. False with a warning when it cannot (who is the message's subject). */
bool own_signals(const char *who)
{
    if (zend_string *why = sd_process_claim()) {
        php_error_docref(NULL, E_WARNING, "%s changes the signal handlers of the whole process: %s", who,
                         ZSTR_VAL(why));
        zend_string_release(why);
        return false;
    }
    interrupt_target.store(sd_compat_vm_interrupt_ptr(), std::memory_order_release);
    return true;
}

/* Someone else (pcntl_signal(), another extension) handles signo. */
bool claimed(int signo)
{
    if (sd::sig::current(signo) != sd::sig::Disposition::Foreign) return false;
#ifdef ZEND_SIGNALS
    void *h = sd::sig::handler_address(signo);
    if (h && h == sg().engine_handler[signo]) {
        void *real = SIGG(handlers)[signo - 1].handler;
        return real != reinterpret_cast<void *>(SIG_DFL) && real != reinterpret_cast<void *>(SIG_IGN);
    }
#endif
    return true;
}

/* The script set SIG_IGN for signo with pcntl_signal(). Asked of pcntl itself: the
 * kernel's disposition cannot tell it from an ignore inherited through exec() (nohup's
 * SIGHUP), which daemonize() resets, and start() has reset both by now. */
bool pcntl_ignored(int signo)
{
    zend_function *fn =
        static_cast<zend_function *>(zend_hash_str_find_ptr(EG(function_table), ZEND_STRL("pcntl_signal_get_handler")));
    if (!fn || fn->type != ZEND_INTERNAL_FUNCTION) return false;
    zval arg, ret;
    ZVAL_LONG(&arg, signo);
    ZVAL_UNDEF(&ret);
    zend_call_known_function(fn, NULL, NULL, &ret, 1, &arg, NULL);
    bool ignored = Z_TYPE(ret) == IS_LONG && Z_LVAL(ret) == reinterpret_cast<zend_long>(SIG_IGN);
    zval_ptr_dtor(&ret);
    if (EG(exception)) zend_clear_exception();
    return ignored;
}

void clear_entry(int signo)
{
    Entry &e = sg().table[signo];
    Kind old = e.kind;
    e.kind = Kind::None;
    if (old == Kind::User) {
        zval cb;
        ZVAL_COPY_VALUE(&cb, &e.cb);
        ZVAL_UNDEF(&e.cb);
        /* May run a destructor (user code): the table is consistent before it does. */
        zval_ptr_dtor(&cb);
    }
}

/* Puts the kernel's disposition of signo in line with what we want for it. TERM, INT
 * and QUIT interrupt blocking calls whoever handles them: a loop in accept() notices. */
bool apply(int signo)
{
    sd::sig::graceful_set(signo,
                          sg().table[signo].kind == Kind::None && sg().daemon_defaults && sd_signal_is_stop(signo));
    switch (sg().table[signo].kind) {
        case Kind::User: return sd::sig::install(signo, !sd_signal_is_stop(signo));
        case Kind::Ignore: return sd::sig::set_ignore(signo);
        case Kind::Default: return sd::sig::set_default(signo);
        case Kind::None: break;
    }
    if (sg().daemon_defaults && sd_signal_covered_by_defaults(signo) && !sd_signal_needs_no_action(signo)) {
        if (signo == SIGPIPE) return sd::sig::set_ignore(signo);
        if (sd_signal_is_stop(signo)) return sd::sig::install(signo, false);
        /* No handler: a child's exit then interrupts none of the script's calls
         * (stream_select(), sleep(), accept()). Exited children are reaped from
         * iterate() and isDying() instead (reap_if_due()), PID 1's orphans too. */
        if (signo == SIGCHLD) return sd::sig::set_default(signo);
        return sd::sig::install(signo);
    }
    sd::sig::restore(signo);
    return true;
}

/* ---- the default actions ---- */

/* The stop ends now, as stop() would: what is left of the family is killed first. */
void force_stop(const char *why)
{
    sd_family_kill();
    sd_logf(SD_LOG_NOTICE, "Stopping {appName} now: %s", why);
    sd_halt(0);
}

/* info is null when the script called defaultSigHandler() itself. */
void stop_action(int signo, const sd::sig::Info *info)
{
    sd_family_log();
    if (sd_daemon_halted()) {
        sd_logf(SD_LOG_DEBUG, "Received %s while already stopping", sd_signal_name(signo));
        return;
    }
    /* The grace period's timer sends the signal again with SI_TIMER. */
    bool timer_last = info && info->code == SI_TIMER;
    int direct = info ? info->count - info->forwarded - (timer_last ? 1 : 0) : 1;
    sg().stops_direct += direct;
    char why[160];
    if (timer_last) {
        snprintf(why, sizeof why, "appStopGraceSec (%ld s) is over",
                 static_cast<long>(sd_option_long("appStopGraceSec")));
    } else {
        snprintf(why, sizeof why, "%s received again", sd_signal_name(signo));
    }
    if (!sd_daemon_dying()) {
        sd_logf(SD_LOG_DEBUG, "Received signal: %s", sd_signal_name(signo));
        sd_announce_stop();
        /* Noticed only now (the script was blocked in a system call): the grace
         * period is over already, or a second signal came. */
        if (timer_last || sg().stops_direct > 1) {
            force_stop(why);
            return;
        }
        /* A script that never asked (while (true) { sleep(60); ... }), or the script's
         * own defaultSigHandler(): it ends as exit() would. One that polls finishes its
         * iteration: isDying() turns true, iterate() returns, the code after the loop
         * runs. So does a worker its daemon passed the stop on to, whether it polls or
         * not: its job finishes (the daemon's grace period bounds it). */
        bool from_daemon = info && direct <= 0 && info->forwarded > 0;
        if (!info || (!sd_request().polled && !from_daemon)) {
            sd_halt(0);
            return;
        }
        sd_mark_dying();
        return;
    }
    /* The daemon passing its stop on to a worker that heard it already. */
    if (!timer_last && direct <= 0) return;
    force_stop(why);
}

void default_action(int signo, const sd::sig::Info *info)
{
    switch (signo) {
        case SIGTERM:
        case SIGINT:
        case SIGQUIT: stop_action(signo, info); return;
        case SIGHUP:
            sd_notify_reloading();
            sd_log_reopen();
            sd_logf(SD_LOG_INFO, "Received SIGHUP: log file reopened");
            sd_notify_reloaded();
            return;
        case SIGCHLD: sg().reap_deferred = sd_children_reap(); return;
        default: sd_logf(SD_LOG_DEBUG, "Received signal: %s (ignored: no handler set)", sd_signal_name(signo)); return;
    }
}

void siginfo_array(zval *out, const sd::sig::Info &info)
{
    array_init(out);
    add_assoc_long(out, "signo", info.signo);
    add_assoc_long(out, "errno", info.err);
    add_assoc_long(out, "code", info.code);
    /* pid/uid mean something when a process sent the signal (kill, sigqueue: code <= 0)
     * and for SIGCHLD (the child). */
    if (info.code <= 0 || info.signo == SIGCHLD) {
        add_assoc_long(out, "pid", static_cast<zend_long>(info.pid));
        add_assoc_long(out, "uid", static_cast<zend_long>(info.uid));
    }
    if (info.signo == SIGCHLD) add_assoc_long(out, "status", info.status);
}

/* Runs one taken signal. Returns true when a PHP handler of the script ran (the kind
 * of event that should end an iterate() sleep). */
bool run_one(const sd::sig::Info &info)
{
    int signo = info.signo;
    Entry &e = sg().table[signo];
    if (e.kind == Kind::User) {
        zval cb, args[2], ret;
        /* The handler may replace itself with setSigHandler(): hold our own reference. */
        ZVAL_COPY(&cb, &e.cb);
        ZVAL_LONG(&args[0], signo);
        siginfo_array(&args[1], info);
        ZVAL_UNDEF(&ret);
        call_user_function(NULL, NULL, &cb, &ret, 2, args);
        zval_ptr_dtor(&ret);
        zval_ptr_dtor(&args[1]);
        zval_ptr_dtor(&cb);
        return true;
    }
    if (e.kind == Kind::None && sg().daemon_defaults && sd_signal_covered_by_defaults(signo)) {
        default_action(signo, &info);
        return signo == SIGTERM || signo == SIGINT || signo == SIGQUIT;
    }
    /* Left from a disposition since changed (SIG_IGN after the signal arrived). */
    return false;
}

/* Runs the PHP side of every recorded signal, with our signals blocked so that a
 * handler is never re-entered. Returns true when a script handler ran or the daemon
 * is now stopping. */
bool dispatch()
{
    if (!sg().in_request || sg().dispatching || EG(exception) || !sd::sig::any_pending() || !sd_process_is_mine())
        return false;
    sg().dispatching = true;
    sigset_t old;
    sd::sig::block_ours(&old);
    sd::sig::clear_any_pending();
    /* volatile: read after a longjmp out of a handler's fatal error. */
    volatile bool ran = false;
    bool bailed = false;
    zend_try
    {
        for (int s = 1; s < kMax; ++s) {
            sd::sig::Info info;
            if (!sd::sig::take(s, info)) continue;
            if (run_one(info)) ran = true;
            if (EG(exception)) {
                /* Those not taken yet run at the next interrupt. */
                sd::sig::mark_pending();
                sd_compat_request_vm_interrupt();
                break;
            }
        }
    }
    zend_catch
    {
        bailed = true;
    }
    zend_end_try();
    sd::sig::unblock(&old);
    sg().dispatching = false;
    if (bailed) zend_bailout();
    return ran || sd_daemon_dying();
}

/* SIGCHLD has the daemon's default (no handler): exited children are reaped here,
 * between the script's calls, never by interrupting one. */
void reap_if_due()
{
    if (!sg().in_request || !sg().daemon_defaults || sg().table[SIGCHLD].kind != Kind::None || !sd_process_is_mine() ||
        sd::sig::current(SIGCHLD) != sd::sig::Disposition::Default)
        return;
    if (sg().reap_deferred || sd::sig::exited_child()) sg().reap_deferred = sd_children_reap();
}

}  // namespace

void sd_signals_minit(int module_number)
{
    sd_signal_constants_register(module_number);
    sd::sig::set_wake_hook(wake_vm);
    sd::sig::set_action_hook(sd_compat_engine_sigaction);
}

void sd_signals_mshutdown()
{
    sd::sig::set_wake_hook(nullptr);
    sd::sig::set_action_hook(nullptr);
}

void sd_signals_on_interrupt()
{
    if (sd::sig::any_pending()) dispatch();
}

void sd_signals_rinit()
{
    sg().in_request = true;
    for (int s = 1; s < kMax; ++s) {
        sg().engine_handler[s] =
            sd::sig::current(s) == sd::sig::Disposition::Foreign ? sd::sig::handler_address(s) : nullptr;
    }
}

void sd_signals_rshutdown()
{
    sg().in_request = false;
    sg().daemon_defaults = false;
    sg().stop_acknowledged = false;
    sg().iterated_while_dying = false;
    sg().stops_direct = 0;
    sg().reap_deferred = false;
    /* Another thread's request end leaves the process's dispositions alone. */
    if (sd_process_is_mine()) {
        sd_family_stop();
        sd::sig::family_setup(false);
        sd::sig::graceful_reset();
        sd::sig::set_exit_pidfile(-1, nullptr);
        sd::sig::restore_all();
        interrupt_target.store(nullptr, std::memory_order_release);
    }
    for (int s = 1; s < kMax; ++s) clear_entry(s);
}

void sd_signals_daemon_started()
{
    /* start() claimed the process for this thread already. */
    if (!own_signals("start()")) return;
    sg().daemon_defaults = true;
    /* TERM now cuts blocking socket calls short: each must say EINTR. */
    sd_socket_errors_install();
    /* A service manager stops the whole group; so does the daemon, unless the script
     * says it manages its children. Orphans stay in the family (re-parented here). */
    sd_family_setup();
    if (!sd::sig::graceful_setup(static_cast<long>(sd_option_long("appStopGraceSec")) * 1000)) {
        sd_logf(SD_LOG_WARNING,
                "appStopGraceSec: cannot create the grace period's timer (%s): "
                "TERM, INT and QUIT stop the daemon at once",
                strerror(errno));
    }
    for (int s = 1; s < kMax; ++s) {
        if (sg().table[s].kind != Kind::None) {
            /* daemonize() reset what was ignored: put the script's choices back. */
            apply(s);
            continue;
        }
        if (!sd_signal_covered_by_defaults(s)) continue;
        if (pcntl_ignored(s)) {
            sd_logf(SD_LOG_DEBUG, "%s stays ignored, as pcntl_signal() asked", sd_signal_name(s));
            sd::sig::graceful_set(s, false);
            if (!sd::sig::set_ignore(s))
                sd_logf(SD_LOG_WARNING, "Cannot ignore %s: %s", sd_signal_name(s), strerror(errno));
            continue;
        }
        if (claimed(s)) {
            sd_logf(SD_LOG_DEBUG, "%s keeps the handler set by pcntl_signal() or another extension", sd_signal_name(s));
            continue;
        }
        if (!apply(s)) sd_logf(SD_LOG_WARNING, "Cannot handle %s: %s", sd_signal_name(s), strerror(errno));
    }
}

sd_signals_globals *sd_signals_globals_new()
{
    return new (pemalloc(sizeof(sd_signals_globals), 1)) sd_signals_globals();
}

void sd_signals_globals_free(sd_signals_globals *g)
{
    if (!g) return;
    g->~sd_signals_globals();
    pefree(g, 1);
}

void sd_signals_acknowledged()
{
    sg().stop_acknowledged = true;
}

void sd_signals_poll()
{
    reap_if_due();
}

ZEND_METHOD(System_Daemon, setSigHandler)
{
    zval *zsig = nullptr, *handler = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 2)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(zsig)
        Z_PARAM_ZVAL(handler)
    ZEND_PARSE_PARAMETERS_END();
    bool no_sig = !zsig || Z_TYPE_P(zsig) == IS_NULL;
    bool no_handler = !handler || Z_TYPE_P(handler) == IS_NULL;
    /* The original's start() called it this way to map signal names: nothing to do. */
    if (no_sig && no_handler) RETURN_NULL();

    int signo = no_sig ? 0 : sd_signal_from_zval(zsig);
    if (signo == 0 || !sd::sig::exists(signo)) {
        zend_string *d = no_sig ? zend_string_init("null", 4, 0) : sd_signal_describe_handler(zsig);
        php_error_docref(NULL, E_WARNING, "Unknown signal %s: pass a signal number such as SIGTERM", ZSTR_VAL(d));
        zend_string_release(d);
        RETURN_FALSE;
    }
    if (sd::sig::is_refused(signo)) {
        php_error_docref(
            NULL, E_WARNING, "%s cannot have a PHP handler: %s, so it keeps its default action", sd_signal_name(signo),
            signo == SIGKILL || signo == SIGSTOP ? "no process can catch it"
                                                 : "it reports a fault that a deferred handler cannot fix");
        RETURN_FALSE;
    }

    Kind kind;
    if (no_handler) {
        php_error_docref(NULL, E_WARNING, "No handler given for %s: pass a callable, SIG_IGN or SIG_DFL",
                         sd_signal_name(signo));
        RETURN_FALSE;
    } else if (Z_TYPE_P(handler) == IS_LONG && (Z_LVAL_P(handler) == 0 || Z_LVAL_P(handler) == 1)) {
        kind = Z_LVAL_P(handler) == 1 ? Kind::Ignore : Kind::Default;
    } else {
        char *error = nullptr;
        if (!zend_is_callable_ex(handler, NULL, 0, NULL, NULL, &error)) {
            zend_string *d = sd_signal_describe_handler(handler);
            php_error_docref(NULL, E_WARNING,
                             "Handler %s for %s is not callable%s%s: pass a callable, SIG_IGN or SIG_DFL", ZSTR_VAL(d),
                             sd_signal_name(signo), error ? ": " : "", error ? error : "");
            zend_string_release(d);
            if (error) efree(error);
            RETURN_FALSE;
        }
        if (error) efree(error);
        kind = Kind::User;
    }

    if (!own_signals("setSigHandler()")) RETURN_FALSE;
    clear_entry(signo);
    if (EG(exception)) RETURN_THROWS();
    sg().table[signo].kind = kind;
    if (kind == Kind::User) ZVAL_COPY(&sg().table[signo].cb, handler);
    if (!apply(signo)) {
        php_error_docref(NULL, E_WARNING, "Cannot set the handler of %s: %s", sd_signal_name(signo), strerror(errno));
        RETURN_FALSE;
    }
    RETURN_TRUE;
}

ZEND_METHOD(System_Daemon, defaultSigHandler)
{
    zend_long signo;
    zval *siginfo = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_LONG(signo)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(siginfo)
    ZEND_PARSE_PARAMETERS_END();
    (void)return_value;
    switch (signo) {
        case SIGTERM:
        case SIGINT:
        case SIGQUIT:
        case SIGHUP:
        case SIGCHLD: default_action(static_cast<int>(signo), nullptr); break;
        default:
            sd_logf(SD_LOG_DEBUG, "Received signal: %s",
                    sd::sig::exists(static_cast<int>(signo)) ? sd_signal_name(static_cast<int>(signo)) : "(unknown)");
            break;
    }
}

ZEND_METHOD(System_Daemon, iterate)
{
    zval *zsecs = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_NUMBER(zsecs)
    ZEND_PARSE_PARAMETERS_END();
    double secs = !zsecs ? 0.0 : Z_TYPE_P(zsecs) == IS_LONG ? static_cast<double>(Z_LVAL_P(zsecs)) : Z_DVAL_P(zsecs);
    if (std::isnan(secs) || secs < 0) {
        php_error_docref(NULL, E_WARNING, "sleepSeconds must be 0 or more, %g given: not sleeping", secs);
        secs = 0;
    }
    /* About 31 years: keeps the deadline inside time_t arithmetic. */
    if (secs > 1e9) secs = 1e9;

    if (sd_limits_loop_ignores_dying()) return;
    sd_watch_iterate_called();
    {
        std::uint64_t now = sd::monotonic_usec();
        sd_stats_iterate_called(now);
        sd_limits_check(now);
    }
    sd_daemon_running();
    sd_notify_watchdog_tick();
    sd_observe_tick();
    reap_if_due();
    if (EG(exception)) return;
    bool woke = dispatch();
    if (EG(exception)) return;
    /* A loop that never asks isDying() (while (true) { ...; iterate(); }): the
     * iterate() that saw the stop returned so the loop could look; this one stops. */
    if (sd_daemon_dying() && !sd_daemon_halted() && !sg().stop_acknowledged && sg().iterated_while_dying &&
        sd_daemon_in_background()) {
        force_stop("the loop goes on without calling isDying()");
        return;
    }

    if (secs > 0 && !woke && !sd_daemon_dying()) {
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        double whole = std::floor(secs);
        deadline.tv_sec += static_cast<time_t>(whole);
        deadline.tv_nsec += static_cast<long>((secs - whole) * 1e9);
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_nsec -= 1000000000L;
            deadline.tv_sec += 1;
        }
        /* appMaxRunTime falls due in an idle loop too: the sleep ends then. */
        if (std::uint64_t due = sd_limits_due_usec()) {
            struct timespec d;
            d.tv_sec = static_cast<time_t>(due / 1000000u);
            d.tv_nsec = static_cast<long>(due % 1000000u) * 1000L;
            if (d.tv_sec < deadline.tv_sec || (d.tv_sec == deadline.tv_sec && d.tv_nsec < deadline.tv_nsec))
                deadline = d;
        }
        /* Our signals are not this thread's to take (it owns no handler, or another
         * thread does): a plain sleep, which someone else's handler still cuts short. */
        if (!sd_process_is_mine()) clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr);
        while (sd_process_is_mine()) {
            /* A sleep longer than half the watchdog interval wakes in between to
             * ping: systemd would kill a daemon that merely sleeps. */
            struct timespec until = deadline;
            std::uint64_t due = sd_notify_watchdog_due();
            if (due) {
                struct timespec d;
                d.tv_sec = static_cast<time_t>(due / 1000000u);
                d.tv_nsec = static_cast<long>(due % 1000000u) * 1000L;
                if (d.tv_sec < until.tv_sec || (d.tv_sec == until.tv_sec && d.tv_nsec < until.tv_nsec)) until = d;
            }
            sd::sig::Wake w = sd::sig::sleep_until(until);
            if (w == sd::sig::Wake::Timeout) {
                if (until.tv_sec == deadline.tv_sec && until.tv_nsec == deadline.tv_nsec) break;
                sd_notify_watchdog_tick();
                continue;
            }
            /* Someone else's handler ran (pcntl's): its PHP side wants the VM now. */
            if (w == sd::sig::Wake::Interrupted) break;
            /* Inside one of our handlers nothing more can be dispatched: return. */
            if (sg().dispatching) break;
            bool ran = dispatch();
            if (EG(exception)) return;
            /* A reaped child, a reopened log or an ignored signal is no reason for the
             * script's loop to run early; its own handler or a stop is. */
            if (ran || sd_daemon_dying()) break;
        }
    }

    /* The ping may be due again after the sleep, and a limit reached. */
    if (secs > 0) {
        sd_notify_watchdog_tick();
        sd_limits_check(sd::monotonic_usec());
    }
    if (sd_daemon_dying() && !sg().stop_acknowledged) sg().iterated_while_dying = true;
    php_clear_stat_cache(false, NULL, 0);
    zend_gc_collect_cycles();
    sd_limits_iterate_returns();
    sd_stats_iterate_returns(sd::monotonic_usec());
    sd_watch_iterate_returns();
    RETURN_TRUE;
}
