/* start(), stop(), ready(), isRunning(), stopRunning(), isDying(): the Zend side of
 * daemonizing. The steps themselves (forks, pid file, identity, descriptors) are plain
 * C++ in ext/core; the facts live in state.*, the events and who hears them in
 * events.*; this file is start() as a sequence of named steps, and how it reports. */
#include "php/lifecycle.h"

#include "php/events.h"
#include "php/limits.h"
#include "php/log.h"
#include "php/observe.h"
#include "php/options.h"
#include "php/pool.h"
#include "php/restart.h"
#include "php/upgrade.h"
#include "php/signals.h"
#include "php/state.h"
#include "php/watch.h"

#include "core/daemonize.h"
#include "core/fd.h"
#include "core/fdscan.h"
#include "core/identity.h"
#include "core/owner.h"
#include "core/pidfile.h"
#include "core/reexec.h"
#include "core/rootdir.h"
#include "core/sdnotify.h"
#include "core/signals.h"

#include "SAPI.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
#include "zend_ini.h"

#include <limits.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

/* ---- reporting a failed start ---- */

/* A failed start's reason on stderr. When stderr is the journal's stream it must be
 * there once, at error priority: not at all when the log line went there already,
 * else with the <3> prefix; PHP's own uncaught-exception line is then kept out of
 * it (errors.cpp). */
void reason_to_stderr(const std::string &text)
{
    bool journal = sd::journal_stream_is(getenv("JOURNAL_STREAM"), STDERR_FILENO);
    if (journal) sd_request().start_failure_in_journal = true;
    if (journal && sd_log_reaches_journal()) return;
    std::string line = (journal ? "<3>" : "") + text + "\n";
    sd::write_all(STDERR_FILENO, line.data(), line.size());
}

/* Every reason start() gives up goes to stderr, whatever error_reporting and
 * display_errors say (a script with error_reporting(E_STRICT) otherwise leaves with
 * status 255 and not a word), and to the log. Reasons name the option behind them. */
void report_start_failure(const char *reason)
{
    sd_logf(SD_LOG_ERR, "%s", reason);
    reason_to_stderr(std::string("System_Daemon::start(): ") + reason);
}

/* Before the fork: the launcher is still the script, so the reason also becomes
 * the exception a script may catch. The caller then returns at once (RETURN_THROWS).
 * Safe with C++ objects alive: sd_logf() defers a log handler's bailout. */
void fail_before_fork(const char *reason)
{
    report_start_failure(reason);
    zend_throw_exception(sd_ce_exception, reason, 0);
}

[[noreturn]] void fail_in_daemon(int code, const std::string &reason)
{
    SdDaemon &d = sd_daemon();
    /* A start that failed leaves no pid file of its own: one naming this soon dead
     * pid would later be believed by a stopper, after the pid is reused. */
    if (d.pid_fd >= 0) {
        sd::pidfile_release(d.pid_fd, d.pid_path);
        d.pid_fd = -1;
    }
    sd_logf(SD_LOG_ERR, "%s", reason.c_str());
    /* Under systemd nothing forked: stderr is still the journal's stream, and
     * "journalctl -u" shows what it gets at the default level. */
    if (d.report_fd < 0 && !sd_foreground() && (!d.service.notify_socket().empty() || getenv("JOURNAL_STREAM")))
        reason_to_stderr(reason);
    sd_daemon_failed(code, reason);
    /* This process is a copy of the script that never became the daemon: none of
     * the script's shutdown functions may run in it. */
    _exit(code);
}

/* Why start() failed when a log handler it called ended with a fatal error. */
std::string callback_bailout_reason()
{
    std::string r = "a log handler ended with a fatal error during start()";
    if (PG(last_error_message)) {
        r += ": ";
        r.append(ZSTR_VAL(PG(last_error_message)), ZSTR_LEN(PG(last_error_message)));
    }
    return r;
}

/* Before the fork: the start fails in the process that called it, with the reason on
 * stderr, and the fatal error goes on its way (shutdown functions, exit status 255).
 * Called only from a frame that holds no C++ object. */
void fail_if_callback_bailed_before_fork()
{
    if (!sd_log_take_bailout()) return;
    {
        std::string m = "System_Daemon: cannot start: " + callback_bailout_reason() + "\n";
        sd::write_all(STDERR_FILENO, m.data(), m.size());
    }
    zend_bailout();
}

/* In the daemon: the launcher is told why, and this copy of the script leaves. The
 * failure is not logged through the handler that just failed. */
void fail_if_callback_bailed_in_daemon()
{
    if (!sd_log_take_bailout()) return;
    sd_daemon_failed(255, callback_bailout_reason());
    _exit(255);
}

/* ---- before the fork ---- */

/* Options whose refusal must stop start() before anything happens. True when it
 * failed (the exception is thrown). */
bool start_refused_by_options()
{
    const char *option, *reason;
    if (sd_option_identity_refused(&option, &reason)) {
        zend_string *msg = zend_strpprintf(0, "%s: %s; not starting, as the daemon would run as %s %d instead", option,
                                           reason, strcmp(option, "appRunAsUID") == 0 ? "uid" : "gid",
                                           static_cast<int>(sd_option_long(option)));
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        return true;
    }
    gid_t gid;
    std::string gid_err, gid_note;
    if (!sd_option_run_as_gid(&gid, &gid_err, &gid_note)) {
        fail_before_fork(gid_err.c_str());
        return true;
    }
    /* In a pool the master runs no loop of the script's and the workers are many: no one
     * would keep one heartbeat or status file fresh, and a liveness probe on it would
     * restart a healthy pool over and over. */
    if (sd_option_long("appWorkers") > 0) {
        for (const char *o : {"appHeartbeatFile", "appStatusFile"}) {
            if (!sd_option_is_set(o)) continue;
            zend_string *msg =
                zend_strpprintf(0, "%s: not available with appWorkers (%ld) yet: no process of a pool keeps it fresh",
                                o, static_cast<long>(sd_option_long("appWorkers")));
            fail_before_fork(ZSTR_VAL(msg));
            zend_string_release(msg);
            return true;
        }
    }
    /* The daemon's chdir would fail after the fork too, but without the option's name. */
    std::string appdir = sd_option_string("appDir");
    struct stat st;
    int rc = appdir.empty() ? 0 : stat(appdir.c_str(), &st);
    int e = errno;
    if (!appdir.empty() && (rc != 0 || !S_ISDIR(st.st_mode))) {
        zend_string *msg = zend_strpprintf(0, "appDir: cannot use %s as the working directory: %s", appdir.c_str(),
                                           rc != 0 ? strerror(e) : "not a directory");
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        return true;
    }
    return false;
}

/* Step 1: whether this request may start a daemon at all. True when refused (the
 * exception is thrown, or the warning given for a second start()). */
bool refused(bool *already)
{
    *already = false;
    if (sd_daemon_in_background() && sd::owner::is_mine()) {
        php_error_docref(NULL, E_WARNING, "The daemon is already running in this process");
        *already = true;
        return true;
    }
    if (strcmp(sapi_module.name, "cli") != 0) {
        fail_before_fork("You can only create a daemon from the command line (CLI SAPI)");
        return true;
    }
    /* Forks, signal dispositions and the pid file belong to the whole process: one
     * thread, the main one, may have them (a fork copies only the calling thread). */
    if (zend_string *why = sd_process_claim()) {
        zend_string *msg = zend_strpprintf(0, "Cannot daemonize from this thread: %s", ZSTR_VAL(why));
        zend_string_release(why);
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        return true;
    }
    if (sd_option_string("appName").empty()) {
        fail_before_fork(
            "appName: the option is required before start(): set it with "
            "System_Daemon::setOption('appName', 'myapp')");
        return true;
    }
    return start_refused_by_options();
}

/* Step 2: the first line, naming where the others will go. */
void announce()
{
    const char *where = sd_option_bool("usePEARLogInstance")    ? "(PEAR Log)"
                        : sd_option_bool("useCustomLogHandler") ? "(Custom log handler)"
                        : sd_option_bool("usePsrLogger")        ? "(PSR-3 logger)"
                        : sd_foreground()                       ? "(stdout and stderr, in the foreground)"
                        : sd_log_journal_only()                 ? "(the journal)"
                                                                : nullptr;
    sd_logf(SD_LOG_NOTICE, "Starting %s daemon, output in: '%s'", sd_option_string("appName").c_str(),
            where ? where : sd_option_string("logLocation").c_str());
}

/* Step 3: a daemon whose log cannot be opened (a symlink planted by another user, a
 * directory that is not there) would run blind: refuse before forking, while the
 * shell that runs us can still see the reason. True when refused. */
bool log_unusable()
{
    const char *why = sd_log_open_error();
    if (!why) return false;
    zend_string *msg = zend_strpprintf(0, "Cannot start the daemon: logLocation: %s", why);
    fail_before_fork(ZSTR_VAL(msg));
    zend_string_release(msg);
    return true;
}

/* fds PHP's own streams still use (files and sockets the script opened before
 * start()): they survive daemonizing, everything else inherited is closed. */
void collect_stream_fds(HashTable *list, std::vector<int> &fds)
{
    zval *zv;
    ZEND_HASH_FOREACH_VAL (list, zv) {
        if (Z_TYPE_P(zv) != IS_RESOURCE) continue;
        zend_resource *res = Z_RES_P(zv);
        if ((res->type != php_file_le_stream() && res->type != php_file_le_pstream())) continue;
        php_stream *s = static_cast<php_stream *>(res->ptr);
        int fd = -1;
        /* AS_FD_FOR_SELECT: casting AS_FD re-seeks the fd to the stream's idea of its
         * position, which rewinds a stdout shared with the launching shell. */
        if (s &&
            php_stream_cast(s, PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL, reinterpret_cast<void **>(&fd),
                            0) == SUCCESS &&
            fd > 2) {
            fds.push_back(fd);
        }
    }
    ZEND_HASH_FOREACH_END();
}

/* Step 4: what daemonize() is to do. Takes the service manager's variables out of
 * the environment (a daemon under systemd does not fork). */
void forget_in_superglobal(const char *global, const char *name)
{
    zval *arr = zend_hash_str_find(&EG(symbol_table), global, strlen(global));
    if (!arr) return;
    ZVAL_DEREF(arr);
    if (Z_TYPE_P(arr) != IS_ARRAY) return;
    if (!zend_hash_str_exists(Z_ARRVAL_P(arr), name, strlen(name))) return;
    SEPARATE_ARRAY(arr);
    zend_hash_str_del(Z_ARRVAL_P(arr), name, strlen(name));
}

/* Replaces a value $_SERVER or $_ENV already holds (one they do not hold comes from
 * the environment when they are filled). */
void set_in_superglobal(const char *global, const char *name, const std::string &value)
{
    zval *arr = zend_hash_str_find(&EG(symbol_table), global, strlen(global));
    if (!arr) return;
    ZVAL_DEREF(arr);
    if (Z_TYPE_P(arr) != IS_ARRAY || !zend_hash_str_exists(Z_ARRVAL_P(arr), name, strlen(name))) return;
    SEPARATE_ARRAY(arr);
    zval v;
    ZVAL_STRINGL(&v, value.data(), value.size());
    zend_hash_str_update(Z_ARRVAL_P(arr), name, strlen(name), &v);
}

void forget_service_var(const char *name)
{
    /* The copies PHP's $_SERVER and $_ENV hold, when already filled. */
    forget_in_superglobal("_SERVER", name);
    forget_in_superglobal("_ENV", name);
}

sd::DaemonizeOptions daemonize_options()
{
    sd::DaemonizeOptions opts;
    opts.umask_value = static_cast<mode_t>(sd_option_long("appUmask"));
    opts.chdir_to = sd_option_string("appDir");
    sd_daemon().service.take(forget_service_var);
    /* The CLI reads the script through a descriptor it keeps open, not close-on-exec:
     * no program the daemon runs may inherit it. */
    sd::cloexec_on_file(SG(request_info).path_translated);
    /* Under systemd, or for a supervisor that wants the process it started (a
     * container runtime): no fork. */
    opts.fork = sd_daemon().service.notify_socket().empty() && !sd_foreground();
    /* The image a pool's USR2 executed is the daemon already: its workers are this
     * process's children, and they wait for it. */
    opts.keep_mask = sd_upgrade_is_new_image();
    if (opts.keep_mask) opts.fork = false;
    opts.pid_file = sd_option_string("appPidLocation");
    /* zend_ini_string(): INI_STR() is gone in 8.6 */
    const char *stderr_path = zend_ini_string(ZEND_STRL("system_daemon.daemon_stderr"), 0);
    if (stderr_path) opts.stderr_path = stderr_path;
    std::vector<int> streams;
    collect_stream_fds(&EG(regular_list), streams);
    collect_stream_fds(&EG(persistent_list), streams);
    /* The pid file restart() handed over is adopted after the fork. */
    if (sd_daemon().adopt_pid_fd >= 0) streams.push_back(sd_daemon().adopt_pid_fd);
    opts.keep_fds = sd::fds_to_keep(sd_daemon().inherited, streams);
    return opts;
}

/* ---- in the daemon ---- */

/* A process the daemon forks (pcntl_fork() workers) would share the pid file's open
 * file description, and with it the lock: an orphan worker of a killed daemon would
 * keep "the daemon" running for every later start() and stopRunning(). The child
 * drops its copy at once, and the launcher's report channel with it (only the daemon
 * reports). Only async-signal-safe calls: the child of a multi-threaded process. */
void drop_daemon_fds_in_child()
{
    SdDaemon &d = sd_daemon();
    if (d.pid_fd >= 0) {
        close(d.pid_fd);
        d.pid_fd = -1;
    }
    if (d.report_fd >= 0) {
        close(d.report_fd);
        d.report_fd = -1;
    }
    /* A worker's stop is graceful once it polls itself, not because its daemon did. */
    if (SDG(state)) sd_request().polled = false;
}

/* Step 5: this process is the daemon now. */
void become_daemon()
{
    sd_compat_after_fork_in_child();
    static bool registered = false;
    if (!registered) registered = pthread_atfork(nullptr, nullptr, drop_daemon_fds_in_child) == 0;
    sd_daemon().pid = getpid();
    sd_daemon().in_background = true;
    sd_request().dying = false;
    sd_request().polled = false;
}

bool set_ini(const char *name, const std::string &value)
{
    zend_string *n = zend_string_init(name, strlen(name), 0);
    zend_string *v = zend_string_init(value.data(), value.size(), 0);
    /* max_input_time is PHP_INI_PERDIR: only a system-level change reaches it. */
    zend_result r = zend_alter_ini_entry_ex(n, v, PHP_INI_SYSTEM, PHP_INI_STAGE_RUNTIME, 0);
    zend_string_release(n);
    zend_string_release(v);
    return r == SUCCESS;
}

/* Step 6: the original never applied sysMemoryLimit, sysMaxExecutionTime,
 * sysMaxInputTime. */
void apply_sys_limits()
{
    static const struct {
        const char *option;
        const char *ini;
    } limits[] = {
        {"sysMemoryLimit", "memory_limit"},
        {"sysMaxExecutionTime", "max_execution_time"},
        {"sysMaxInputTime", "max_input_time"},
    };
    for (const auto &l : limits) {
        std::string v = sd_option_string(l.option);
        if (v.empty()) continue;
        if (!set_ini(l.ini, v))
            fail_in_daemon(1, std::string("cannot apply ") + l.option + " = " + v + " (" + l.ini + ")");
    }
}

/* Root's init scripts and logrotate snippet refuse a pid file in a directory that
 * anyone but root can write (core/rootdir.h): say so now, not when they refuse. */
void warn_pid_dir_not_roots(const std::string &pidloc)
{
    std::string why = sd::dir_not_roots_alone(pidloc);
    if (!why.empty()) {
        sd_logf(SD_LOG_WARNING,
                "appPidLocation '%s': %s, so root's init script and logrotate snippet will not signal "
                "the daemon through it: use a directory only root can write, such as /run",
                pidloc.c_str(), why.c_str());
    }
}

/* Step 7: in the foreground the supervisor knows the pid: a pid file only when the
 * script asked for one (the default location usually does not exist in an image). */
void take_pid_file()
{
    SdDaemon &d = sd_daemon();
    std::string pidloc = sd_option_string("appPidLocation");
    d.pid_path = pidloc;
    if (sd_foreground() && !sd_option_is_set("appPidLocation")) return;
    if (geteuid() == 0) warn_pid_dir_not_roots(pidloc);
    std::string err;
    if (d.adopt_pid_fd >= 0) {
        int fd = d.adopt_pid_fd;
        d.adopt_pid_fd = -1;
        d.pid_fd = sd::pidfile_adopt(fd, pidloc, d.pid, err);
        if (d.pid_fd >= 0) {
            sd_logf(SD_LOG_DEBUG, "appPidLocation: kept the pid file of the image before restart()");
            return;
        }
        sd_logf(SD_LOG_WARNING, "appPidLocation: not adopting the pid file restart() handed over: %s", err.c_str());
        err.clear();
    }
    pid_t holder = 0;
    d.pid_fd = sd::pidfile_acquire(pidloc, d.pid, err, holder);
    if (d.pid_fd < 0) {
        fail_in_daemon(holder > 0 ? 3 : 1,
                       sd_option_string("appName") + " cannot start: " + (holder > 0 ? "" : "appPidLocation: ") + err);
    }
}

/* Programs the daemon runs (and PHP code reading getenv() or $_SERVER) must find
 * neither root's home or name, as su and a unit's User= see to, nor the login session
 * of whoever started it (its ssh agent, runtime directory, sudo caller: see
 * core/identity.h). A uid without a passwd entry gets HOME=/, its number, /bin/sh. */
void become_user_in_environment(uid_t uid, const std::string &name)
{
    for (const std::string &v : sd::session_vars_in(sd::process_environ())) {
        unsetenv(v.c_str());
        forget_service_var(v.c_str());
    }
    std::string home = sd::user_home(uid), shell = sd::user_shell(uid);
    const std::pair<const char *, std::string> vars[] = {{"HOME", home.empty() ? "/" : home},
                                                         {"USER", name},
                                                         {"LOGNAME", name},
                                                         {"SHELL", shell.empty() ? "/bin/sh" : shell}};
    for (const auto &kv : vars) {
        setenv(kv.first, kv.second.c_str(), 1);
        set_in_superglobal("_SERVER", kv.first, kv.second);
        set_in_superglobal("_ENV", kv.first, kv.second);
    }
}

/* Step 8: appRunAsUID/appRunAsGID. */
void change_identity()
{
    uid_t uid = static_cast<uid_t>(sd_option_long("appRunAsUID"));
    gid_t gid;
    std::string gid_err, gid_note;
    /* Checked before the fork already; the passwd database may have changed since. */
    if (!sd_option_run_as_gid(&gid, &gid_err, &gid_note)) fail_in_daemon(4, gid_err);
    if (uid == getuid() && gid == getgid()) return;
    if (!gid_note.empty()) sd_logf(SD_LOG_INFO, "%s", gid_note.c_str());
    sd_log_hand_over(uid, gid);
    std::string err;
    bool still_privileged = false;
    if (!sd::drop_privileges(uid, gid, err, still_privileged)) {
        /* A process that could climb back to root never runs as a daemon meant to
         * be unprivileged; appDieOnIdentityCrisis is about a drop that was refused. */
        if (still_privileged || sd_option_bool("appDieOnIdentityCrisis")) {
            fail_in_daemon(4, "appRunAsUID/appRunAsGID: Unable to change identity to " + std::to_string(uid) + ":" +
                                  std::to_string(gid) + ": " + err);
        }
        sd_logf(SD_LOG_CRIT, "appRunAsUID/appRunAsGID: Unable to change identity to %u:%u: %s",
                static_cast<unsigned>(uid), static_cast<unsigned>(gid), err.c_str());
        return;
    }
    std::string name = sd::user_name(uid);
    if (name.empty()) name = std::to_string(static_cast<unsigned long>(uid));
    become_user_in_environment(uid, name);
    std::string group = sd::group_name(gid);
    if (group.empty()) group = std::to_string(static_cast<unsigned long>(gid));
    sd_logf(SD_LOG_INFO, "Changed identity to %s:%s", name.c_str(), group.c_str());
}

/* Step 9: appHeartbeatFile, appStatusFile, first written as the daemon user. */
void start_observing()
{
    std::string err = sd_observe_start();
    if (!err.empty()) fail_in_daemon(1, err);
}

}  // namespace

ZEND_METHOD(System_Daemon, start)
{
    ZEND_PARSE_PARAMETERS_NONE();
    bool already;
    if (refused(&already)) {
        if (already) RETURN_TRUE;
        RETURN_THROWS();
    }
    announce();
    fail_if_callback_bailed_before_fork();
    if (log_unusable()) RETURN_THROWS();

    /* Nothing buffered may be written twice (once by each process after the fork).
     * Output handlers are user code that may bail out: flushed before any C++
     * object with a destructor exists in this frame. */
    php_output_flush_all();
    fflush(stdout);
    fflush(stderr);
    if (EG(exception)) RETURN_THROWS();
    sd_restart_prepare();

    {
        sd::DaemonizeOptions opts = daemonize_options();
        std::string err;
        /* The launching process waits inside daemonize() and leaves through _exit with
         * the daemon's verdict; only the daemon returns. */
        sd_daemon().report_fd = sd::daemonize(opts, err);
        if (!err.empty()) {
            if (sd_daemon().report_fd >= 0) fail_in_daemon(1, err);
            zend_string *msg = zend_strpprintf(0, "Cannot daemonize: %s", err.c_str());
            fail_before_fork(ZSTR_VAL(msg));
            zend_string_release(msg);
            RETURN_THROWS();
        }
    }
    become_daemon();
    apply_sys_limits();
    take_pid_file();
    change_identity();
    start_observing();
    fail_if_callback_bailed_in_daemon();

    /* PHP errors are forwarded from here on (errors.cpp's rule). */
    sd_daemon().started = true;
    /* A second TERM while the script cannot notice the first removes it from the handler. */
    sd::sig::set_exit_pidfile(sd_daemon().pid_fd, sd_daemon().pid_path.c_str());
    sd_signals_daemon_started();
    if (sd_option_long("appWorkers") > 0) {
        /* Only the workers come back; the master is ready when they all run. */
        std::string err;
        if (!sd_pool_start(&err)) fail_in_daemon(1, err);
        RETURN_TRUE;
    }
    sd_upgrade_abandon();
    sd_daemon_set_up(sd_option_bool("appDeferReady"));
    RETURN_TRUE;
}

void sd_lifecycle_minit()
{
    sd_restart_minit();
    char cwd[PATH_MAX];
    sd_daemon().launch_cwd = getcwd(cwd, sizeof cwd) ? cwd : "";
    sd_daemon().inherited = sd::open_fds_from(3);
}

void sd_lifecycle_rshutdown()
{
    /* Another thread's request: the daemon, if any, is not its to release. */
    bool mine = sd::owner::is_mine();
    /* While the daemon is still this request's: a limit's exit status. */
    sd_limits_request_end();
    sd_watch_request_end();
    sd_state_rshutdown();
    if (!mine) return;
    SdDaemon &d = sd_daemon();
    /* Forked workers share the pid file's fd: only the daemon itself removes it. */
    if (d.pid_fd >= 0 && getpid() == d.pid) {
        sd::sig::set_exit_pidfile(-1, nullptr);
        /* restart(): the new image adopts the file, descriptor and lock. */
        if (!d.restart_requested) {
            sd::pidfile_release(d.pid_fd, d.pid_path);
            d.pid_fd = -1;
        }
    }
    if (getpid() == d.pid) sd_observe_request_end(EG(exit_status) == 0 && !d.restart_requested);
    sd_events_request_end();
    /* restart(): the new image is executed once the whole request has shut down
     * (sd_lifecycle_post_deactivate()); only the pid file goes here. */
    sd_restart_request_end();
}

void sd_lifecycle_post_deactivate()
{
    if (!sd::owner::is_mine()) return;
    sd_restart_run_if_requested();
    /* The request that owned the process is over: its signal dispositions are
     * restored and its pid file released. */
    sd::owner::release();
}

ZEND_METHOD(System_Daemon, ready)
{
    zval *status = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(status)
    ZEND_PARSE_PARAMETERS_END();
    if (!sd_daemon_in_background()) {
        php_error_docref(NULL, E_WARNING, "ready() is for a started daemon: call System_Daemon::start() first");
        RETURN_FALSE;
    }
    if (!sd::owner::is_mine()) {
        php_error_docref(NULL, E_WARNING, "ready() is for the thread that called System_Daemon::start()");
        RETURN_FALSE;
    }
    /* A stop that came while preparing (TERM now lets the script run on to here) is
     * not readiness: the launcher hears "exited before it was ready". */
    if (sd_daemon_dying() && sd_daemon().report_fd >= 0) RETURN_FALSE;
    zend_string *s = status && Z_TYPE_P(status) != IS_NULL ? zval_get_string(status) : nullptr;
    bool ok = sd_daemon_ready(s ? ZSTR_VAL(s) : nullptr);
    if (s) zend_string_release(s);
    RETURN_BOOL(ok);
}

ZEND_METHOD(System_Daemon, stop)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value; /* never returns to the script */
    sd_announce_stop();
    sd_halt(0);
}

ZEND_METHOD(System_Daemon, isRunning)
{
    ZEND_PARSE_PARAMETERS_NONE();
    std::string path = sd_option_string("appPidLocation");
    pid_t pid = 0;
    sd::PidState st = sd::pidfile_probe(path, pid);
    if (st == sd::PidState::Stale) {
        sd_logf(SD_LOG_INFO, "Stale pid file %s (pid %d holds no lock): no daemon is running", path.c_str(),
                static_cast<int>(pid));
    }
    RETURN_BOOL(st == sd::PidState::Running);
}

ZEND_METHOD(System_Daemon, stopRunning)
{
    ZEND_PARSE_PARAMETERS_NONE();
    std::string msg;
    bool ok = sd::pidfile_stop(sd_option_string("appPidLocation"), 30000, msg);
    sd_logf(ok ? SD_LOG_INFO : SD_LOG_WARNING, "%s", msg.c_str());
    RETURN_BOOL(ok);
}

ZEND_METHOD(System_Daemon, isDying)
{
    ZEND_PARSE_PARAMETERS_NONE();
    sd_daemon_running();
    sd_signals_poll();
    if (EG(exception)) RETURN_THROWS();
    sd_limits_check(sd::monotonic_usec());
    sd_observe_tick();
    bool dying = sd_daemon_dying();
    if (dying) {
        sd_signals_acknowledged();
        sd_limits_acknowledged();
    }
    RETURN_BOOL(dying);
}

ZEND_METHOD(System_Daemon, isInBackground)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(sd_daemon_in_background());
}

ZEND_METHOD(System_Daemon, __construct)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value;
}
