/* start(), stop(), restart(), ready(), isRunning(), stopRunning(): the Zend side of
 * daemonizing. The steps themselves (forks, pid file, identity) are plain C++ in
 * ext/core; this file decides what to keep, what to apply and how to report. */
#include "php/sd_php.h"

#include "core/daemonize.h"
#include "core/identity.h"
#include "core/owner.h"
#include "core/pidfile.h"
#include "core/rootdir.h"
#include "core/signals.h"
#include "core/sdnotify.h"

#include "SAPI.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
#include "zend_ini.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <syslog.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char **environ;

namespace {

/* This process is the daemon start() made. A process-wide fact, written only by the
 * thread that owns the process (sd_process_claim()); other threads may read it. */
std::atomic<bool> in_background{false};

}  // namespace

/* This thread's request: stopping, leaving through sd_halt() (SDG(lifecycle)). */
struct sd_lifecycle_globals {
    bool dying = false;   /* stop()/TERM under way */
    bool halted = false;  /* leaving through sd_halt(): no second stop */
};

namespace {

inline sd_lifecycle_globals &lcg() { return *SDG(lifecycle); }

}  // namespace

bool sd_daemon_in_background() { return in_background.load(); }
bool sd_daemon_dying() { return lcg().dying; }
bool sd_daemon_halted() { return lcg().halted; }

bool sd_process_is_mine() { return sd::owner::is_mine(); }

zend_string *sd_process_claim()
{
    std::string why = sd::owner::claim();
    if (why.empty()) return nullptr;
    return zend_string_init(why.data(), why.size(), 0);
}

sd_lifecycle_globals *sd_lifecycle_globals_new()
{
    return new (pemalloc(sizeof(sd_lifecycle_globals), 1)) sd_lifecycle_globals();
}

void sd_lifecycle_globals_free(sd_lifecycle_globals *g)
{
    if (!g) return;
    g->~sd_lifecycle_globals();
    pefree(g, 1);
}

bool sd_foreground()
{
    if (sd_option_bool("appForeground")) return true;
    const char *e = getenv("SYSTEM_DAEMON_FOREGROUND");
    return e && strcmp(e, "1") == 0;
}

namespace {

/* Process-wide daemon facts: a daemon is a process, so these live as long as it. Only
 * the thread that owns the process (sd::owner) touches them. */
int pid_fd = -1;
std::string pid_path;
pid_t daemon_pid = 0;
int report_fd = -1;               /* the waiting launcher's pipe, until ready() */
bool on_probation = false;        /* start() returned; ready once the script's loop runs */
bool restart_requested = false;
bool sd_ready_sent = false;       /* READY=1 went to NOTIFY_SOCKET */
bool sd_stopping_sent = false;
std::vector<std::string> restart_argv;

/* What the service manager said to this process alone (sd_notify socket, watchdog),
 * taken out of the environment by start() so that no process the daemon runs talks
 * to its unit; put back for the image restart() executes. has = it was set. */
struct ServiceVar {
    const char *name;
    bool has;
    std::string value;
};
ServiceVar service_vars[] = {{"NOTIFY_SOCKET", false, {}}, {"WATCHDOG_USEC", false, {}}, {"WATCHDOG_PID", false, {}}};
bool service_vars_taken = false;

const ServiceVar *service_var(const char *name)
{
    for (const auto &v : service_vars)
        if (strcmp(v.name, name) == 0 && v.has) return &v;
    return nullptr;
}

/* The notify socket this daemon reports to, "" when none. */
std::string notify_socket()
{
    const ServiceVar *v = service_var("NOTIFY_SOCKET");
    return v ? v->value : std::string();
}

/* The copy of the environment PHP's $_SERVER and $_ENV hold, when already filled. */
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

/* Root's init scripts and logrotate snippet refuse a pid file there (core/rootdir.h). */
void warn_pid_dir_not_roots(const std::string &pidloc)
{
    std::string why = sd::dir_not_roots_alone(pidloc);
    if (!why.empty())
        sd_logf(SD_LOG_WARNING, "appPidLocation '%s': %s, so root's init script and logrotate snippet will not signal "
                "the daemon through it: use a directory only root can write, such as /run", pidloc.c_str(), why.c_str());
}

void take_service_vars()
{
    if (service_vars_taken) return;
    service_vars_taken = true;
    for (auto &v : service_vars) {
        const char *e = getenv(v.name);
        v.has = e && *e;
        if (v.has) v.value = e;
        if (!e) continue;
        unsetenv(v.name);
        forget_in_superglobal("_SERVER", v.name);
        forget_in_superglobal("_ENV", v.name);
    }
}

void restore_service_vars()
{
    for (const auto &v : service_vars)
        if (v.has) setenv(v.name, v.value.c_str(), 1);
}

/* The descriptors this process inherited, as seen at module startup (before PHP
 * opened the script or anything else). start() closes these and only these, unless
 * a PHP stream took one over (php://fd/N): PHP's own descriptors, like the CLI's
 * handle on the script, which it closes at shutdown, must survive. */
struct InheritedFd {
    int fd;
    dev_t dev;
    ino_t ino;
};
std::vector<InheritedFd> inherited;

template <typename F>
void for_each_open_fd(F f)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d) return;
    int self = dirfd(d);
    while (struct dirent *e = readdir(d)) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (*end || end == e->d_name || fd == self) continue;
        f(static_cast<int>(fd));
    }
    closedir(d);
}

/* fds PHP's own streams still use (files and sockets the script opened before
 * start()): they survive daemonizing, everything else inherited is closed. */
void collect_stream_fds(HashTable *list, std::vector<int> &fds)
{
    zval *zv;
    ZEND_HASH_FOREACH_VAL(list, zv) {
        if (Z_TYPE_P(zv) != IS_RESOURCE) continue;
        zend_resource *res = Z_RES_P(zv);
        if ( (res->type != php_file_le_stream() && res->type != php_file_le_pstream())) continue;
        php_stream *s = static_cast<php_stream *>(res->ptr);
        int fd = -1;
        /* AS_FD_FOR_SELECT: casting AS_FD re-seeks the fd to the stream's idea of its
         * position, which rewinds a stdout shared with the launching shell. */
        if (s && php_stream_cast(s, PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL, reinterpret_cast<void **>(&fd), 0) ==
                     SUCCESS && fd > 2) {
            fds.push_back(fd);
        }
    } ZEND_HASH_FOREACH_END();
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

/* The original never applied sysMemoryLimit, sysMaxExecutionTime, sysMaxInputTime. */
bool apply_sys_limits(std::string &err)
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
        if (!set_ini(l.ini, v)) {
            err = std::string("cannot apply ") + l.option + " = " + v + " (" + l.ini + ")";
            return false;
        }
    }
    return true;
}

/* The launch's working directory, as the process started (a script may chdir()
 * before start(); the daemon itself moves to appDir). */
std::string launch_cwd;

/* A script started by a relative path (php sub/d.php) is found again by restart()
 * although the daemon now works in appDir: its path is made absolute against the
 * launch's directory. at = the script's index in restart_argv. */
void absolutise_script_path(size_t at)
{
    if (at >= restart_argv.size() || SG(request_info).argc < 1) return;
    std::string &script = restart_argv[at];
    if (script.empty() || script[0] == '/' || script == "-" || launch_cwd.empty()) return;
    script = launch_cwd + "/" + script;
}

/* argv for restart(): this PHP binary, its ini (-n, -c, every -d), then the script
 * and its arguments, exactly as they were; no shell ever sees them. */
void prepare_restart_argv()
{
    restart_argv.clear();
    const char *bin = PG(php_binary) ? PG(php_binary) : "php";
    restart_argv.emplace_back(bin);
    if (sapi_module.php_ini_ignore) restart_argv.emplace_back("-n");
    if (sapi_module.php_ini_path_override) {
        restart_argv.emplace_back("-c");
        restart_argv.emplace_back(sapi_module.php_ini_path_override);
    }
    if (sapi_module.ini_entries) {
        const char *p = sapi_module.ini_entries;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? static_cast<size_t>(nl - p) : strlen(p);
            if (len > 0) {
                restart_argv.emplace_back("-d");
                restart_argv.emplace_back(p, len);
            }
            p += len + (nl ? 1 : 0);
        }
    }
    for (int i = 0; i < SG(request_info).argc; ++i) restart_argv.emplace_back(SG(request_info).argv[i]);
    absolutise_script_path(restart_argv.size() - static_cast<size_t>(std::max(SG(request_info).argc, 0)));
}

/* One sd_notify datagram from the daemon itself (never from a worker it forked: with
 * NotifyAccess=main systemd would drop it anyway). No-op without NOTIFY_SOCKET. */
bool notify(const std::string &msg)
{
    if (!in_background || getpid() != daemon_pid || !sd::owner::is_mine() || notify_socket().empty()) return true;
    std::string err;
    if (sd::sd_notify_to(notify_socket(), msg, err)) return true;
    sd_logf(SD_LOG_WARNING, "sd_notify: %s", err.c_str());
    return false;
}

/* STATUS= is one line of the datagram: a newline would start another assignment. */
std::string status_line(const char *status)
{
    std::string s = status;
    for (char &c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

/* Every reason start() gives up goes to stderr, whatever error_reporting and
 * display_errors say (a script with error_reporting(E_STRICT) otherwise leaves with
 * status 255 and not a word), and to the log. Reasons name the option behind them. */
void report_start_failure(const char *reason)
{
    sd_logf(SD_LOG_ERR, "%s", reason);
    static const char prefix[] = "System_Daemon::start(): ";
    std::string line = std::string(prefix) + reason + "\n";
    const char *p = line.data();
    size_t left = line.size();
    while (left > 0) {
        ssize_t n = write(2, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n;
        left -= static_cast<size_t>(n);
    }
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
    /* A start that failed leaves no pid file of its own: one naming this soon dead
     * pid would later be believed by a stopper, after the pid is reused. */
    if (pid_fd >= 0) {
        sd::pidfile_release(pid_fd, pid_path);
        pid_fd = -1;
    }
    sd_logf(SD_LOG_ERR, "%s", reason.c_str());
    /* systemd shows the last STATUS= in "systemctl status" after the failure. */
    notify("STATUS=" + status_line(reason.c_str()));
    /* Under systemd nothing forked: stderr is still the journal's stream, and
     * "journalctl -u" shows what it gets at the default level. */
    if (report_fd < 0 && !sd_foreground() && (!notify_socket().empty() || getenv("JOURNAL_STREAM"))) {
        std::string line = reason + "\n";
        ssize_t w = write(STDERR_FILENO, line.data(), line.size());
        (void)w;
    }
    if (report_fd >= 0) {
        sd::daemonize_report_failure(report_fd, code, reason);
    }
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
        ssize_t w = write(STDERR_FILENO, m.data(), m.size());
        (void)w;
    }
    zend_bailout();
}

/* In the daemon: the launcher is told why, and this copy of the script leaves. The
 * failure is not logged through the handler that just failed. */
void fail_if_callback_bailed_in_daemon()
{
    if (!sd_log_take_bailout()) return;
    std::string reason = callback_bailout_reason();
    notify("STATUS=" + status_line(reason.c_str()));
    if (report_fd >= 0) sd::daemonize_report_failure(report_fd, 255, reason);
    _exit(255);
}

/* A process the daemon forks (pcntl_fork() workers) would share the pid file's open
 * file description, and with it the lock: an orphan worker of a killed daemon would
 * keep "the daemon" running for every later start() and stopRunning(). The child
 * drops its copy at once, and the launcher's report channel with it (only the daemon
 * reports). Only async-signal-safe calls: the child of a multi-threaded process. */
void drop_daemon_fds_in_child()
{
    if (pid_fd >= 0) {
        close(pid_fd);
        pid_fd = -1;
    }
    if (report_fd >= 0) {
        close(report_fd);
        report_fd = -1;
    }
}

void drop_daemon_fds_at_fork()
{
    static bool registered = false;
    if (registered) return;
    registered = pthread_atfork(nullptr, nullptr, drop_daemon_fds_in_child) == 0;
}

}  // namespace

/* A file root keeps (a shared log, say) may hold what the daemon user must not read:
 * the descriptor it keeps writing through is reopened write-only, under the same
 * number, before the drop. */
static void sd_log_keep_write_only(int fd, const std::string &log)
{
    std::string self = "/proc/self/fd/" + std::to_string(fd);
    int w = open(self.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
    struct stat a, b;
    if (w >= 0 && fstat(w, &a) == 0 && fstat(fd, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino &&
        dup3(w, fd, O_CLOEXEC) == fd) {
        close(w);
        return;
    }
    int e = errno;
    if (w >= 0) close(w);
    sd_logf(SD_LOG_WARNING, "cannot reopen the log file %s write-only: %s; the daemon user can read it through "
            "its descriptor", log.c_str(), strerror(e));
}

/* The dropped daemon keeps writing through the descriptor root opened; the file is
 * handed over only so that it can reopen it after a rotation. Only through that
 * descriptor (a path could lead elsewhere by now), and only a regular file with one
 * link that this process created or that already is the target user's: anything else
 * may be a file the daemon user must not own. */
void sd_log_hand_over(uid_t uid, gid_t gid)
{
    int fd = sd_log_fd();
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    if (st.st_uid == uid && st.st_gid == gid) return;
    std::string log = sd_option_string("logLocation");
    if (st.st_nlink != 1 || (!sd_log_created() && st.st_uid != uid)) {
        sd_logf(SD_LOG_WARNING, "log file %s (option logLocation) belongs to uid %d; not handing it to uid %d, "
                "so the daemon cannot reopen it after a rotation", log.c_str(), static_cast<int>(st.st_uid),
                static_cast<int>(uid));
        sd_log_keep_write_only(fd, log);
        return;
    }
    if (fchown(fd, uid, gid) != 0) {
        sd_logf(SD_LOG_WARNING, "cannot hand the log file %s to uid %d: %s", log.c_str(), static_cast<int>(uid),
                strerror(errno));
        sd_log_keep_write_only(fd, log);
    }
}

namespace {

/* Options whose refusal must stop start() before anything happens. True when it
 * failed (the exception is thrown). */
bool start_refused_by_options()
{
    const char *option, *reason;
    if (sd_option_identity_refused(&option, &reason)) {
        zend_string *msg = zend_strpprintf(0, "%s: %s; not starting, as the daemon would run as %s %d instead",
                                           option, reason, strcmp(option, "appRunAsUID") == 0 ? "uid" : "gid",
                                           static_cast<int>(sd_option_long(option)));
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        return true;
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

}  // namespace

void sd_mark_dying()
{
    lcg().dying = true;
    if (in_background && sd::owner::is_mine() && !sd_stopping_sent) {
        sd_stopping_sent = true;
        notify("STOPPING=1");
    }
}

void sd_halt(int exit_status)
{
    if (!in_background && !lcg().dying) {
        lcg().dying = true;
        sd_logf(SD_LOG_INFO, "Process was not daemonized yet, just halting current process");
    }
    lcg().halted = true;
    sd_mark_dying();
    if (EG(exception)) return;
    EG(exit_status) = exit_status;
    zend_throw_unwind_exit();
}

void sd_lifecycle_minit()
{
    char cwd[PATH_MAX];
    launch_cwd = getcwd(cwd, sizeof cwd) ? cwd : "";
    inherited.clear();
    for_each_open_fd([](int fd) {
        struct stat st;
        if (fd >= 3 && fstat(fd, &st) == 0) inherited.push_back({fd, st.st_dev, st.st_ino});
    });
}

void sd_lifecycle_rshutdown()
{
    /* Another thread's request: the daemon, if any, is not its to release. */
    bool mine = sd::owner::is_mine();
    lcg() = sd_lifecycle_globals();
    if (!mine) return;
    /* Forked workers share the pid file's fd: only the daemon itself removes it. */
    if (pid_fd >= 0 && getpid() == daemon_pid) {
        sd::sig::set_exit_pidfile(-1, nullptr);
        sd::pidfile_release(pid_fd, pid_path);
        pid_fd = -1;
    }
    if (report_fd >= 0 && getpid() == daemon_pid) {
        if (on_probation && EG(exit_status) == 0) {
            /* Did its work and left cleanly before the launcher stopped waiting. */
            sd::daemonize_report_ready(report_fd);
        } else {
            std::string why = "the daemon exited";
            if (EG(exit_status) != 0) why += " with status " + std::to_string(EG(exit_status));
            why += " before it was ready";
            if (PG(last_error_message) && (PG(last_error_type) & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR |
                                                                   E_USER_ERROR | E_RECOVERABLE_ERROR | E_PARSE))) {
                std::string msg(ZSTR_VAL(PG(last_error_message)), ZSTR_LEN(PG(last_error_message)));
                /* An uncaught exception's message goes on with its stack trace. */
                auto nl = msg.find('\n');
                if (nl != std::string::npos) msg.resize(nl);
                why += ": PHP Fatal error: " + msg;
                if (PG(last_error_file)) {
                    why += std::string(" in ") + ZSTR_VAL(PG(last_error_file)) + ":" +
                           std::to_string(PG(last_error_lineno));
                }
            }
            sd::daemonize_report_failure(report_fd, 1, why);
        }
        on_probation = false;
    }
    /* restart(): the new image is executed once the whole request has shut down
     * (sd_lifecycle_post_deactivate()); only the pid file goes here. */
    if (getpid() != daemon_pid || restart_argv.empty()) restart_requested = false;
}

namespace {

/* The descriptors a service manager passed to this very process (socket activation:
 * LISTEN_FDS from 3 on, for LISTEN_PID): they are the new image's too. */
int listen_fds_end()
{
    const char *pid = getenv("LISTEN_PID");
    const char *n = getenv("LISTEN_FDS");
    if (!pid || !n) return 3;
    char *end;
    long p = strtol(pid, &end, 10);
    if (*end || p != static_cast<long>(getpid())) return 3;
    long count = strtol(n, &end, 10);
    if (*end || count <= 0 || count > 65536) return 3;
    return 3 + static_cast<int>(count);
}

}  // namespace

namespace {

void run_restart()
{
    restart_requested = false;
    /* Nothing of the old image may reach the new one: a listening socket would make
     * its bind() fail. Marked close-on-exec rather than closed, so a failed exec
     * leaves this process as it was. */
    int keep_end = listen_fds_end();
    for_each_open_fd([keep_end](int fd) {
        if (fd < keep_end) return;
        int fl = fcntl(fd, F_GETFD);
        if (fl >= 0 && !(fl & FD_CLOEXEC)) fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
    });
    /* Relative arguments mean what they meant at the launch (best effort: a dropped
     * identity may not enter that directory; the script path is absolute anyway). */
    if (!launch_cwd.empty() && chdir(launch_cwd.c_str()) != 0) {
        /* stays in appDir */
    }
    std::vector<char *> argv;
    for (auto &a : restart_argv) argv.push_back(&a[0]);
    argv.push_back(nullptr);
    restore_service_vars();
    execve(argv[0], argv.data(), environ);
    /* The request is over (no log handler, no options): syslog is what is left. */
    syslog(LOG_DAEMON | LOG_CRIT, "System_Daemon restart: cannot execute %s: %s", argv[0], strerror(errno));
}

}  // namespace

void sd_lifecycle_post_deactivate()
{
    if (!sd::owner::is_mine()) return;
    if (restart_requested) run_restart();
    /* The request that owned the process is over: its signal dispositions are
     * restored and its pid file released. */
    sd::owner::release();
}

ZEND_METHOD(System_Daemon, start)
{
    ZEND_PARSE_PARAMETERS_NONE();
    if (in_background && sd::owner::is_mine()) {
        php_error_docref(NULL, E_WARNING, "The daemon is already running in this process");
        RETURN_TRUE;
    }
    if (strcmp(sapi_module.name, "cli") != 0) {
        fail_before_fork("You can only create a daemon from the command line (CLI SAPI)");
        RETURN_THROWS();
    }
    /* Forks, signal dispositions and the pid file belong to the whole process: one
     * thread, the main one, may have them (a fork copies only the calling thread). */
    if (zend_string *why = sd_process_claim()) {
        zend_string *msg = zend_strpprintf(0, "Cannot daemonize from this thread: %s", ZSTR_VAL(why));
        zend_string_release(why);
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        RETURN_THROWS();
    }
    if (sd_option_string("appName").empty()) {
        fail_before_fork("appName: the option is required before start(): set it with "
                         "System_Daemon::setOption('appName', 'myapp')");
        RETURN_THROWS();
    }
    if (start_refused_by_options()) RETURN_THROWS();
    bool foreground = sd_foreground();
    const char *where = sd_option_bool("usePEARLogInstance") ? "(PEAR Log)"
                        : sd_option_bool("useCustomLogHandler") ? "(Custom log handler)"
                        : sd_option_bool("usePsrLogger") ? "(PSR-3 logger)"
                        : foreground ? "(stdout and stderr, in the foreground)"
                        : sd_log_journal_only() ? "(the journal)"
                        : nullptr;
    sd_logf(SD_LOG_NOTICE, "Starting %s daemon, output in: '%s'", sd_option_string("appName").c_str(),
            where ? where : sd_option_string("logLocation").c_str());
    fail_if_callback_bailed_before_fork();

    /* A daemon whose log cannot be opened (a symlink planted by another user, a
     * directory that is not there) would run blind: refuse before forking, while the
     * shell that runs us can still see the reason. */
    if (const char *why = sd_log_open_error()) {
        zend_string *msg = zend_strpprintf(0, "Cannot start the daemon: logLocation: %s", why);
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        RETURN_THROWS();
    }

    /* Nothing buffered may be written twice (once by each process after the fork).
     * Output handlers are user code that may bail out: flushed before any C++
     * object with a destructor exists in this frame. */
    php_output_flush_all();
    fflush(stdout);
    fflush(stderr);
    if (EG(exception)) RETURN_THROWS();
    prepare_restart_argv();

    std::string app = sd_option_string("appName");
    std::string pidloc = sd_option_string("appPidLocation");
    std::string appdir = sd_option_string("appDir");
    uid_t uid = static_cast<uid_t>(sd_option_long("appRunAsUID"));
    gid_t gid = static_cast<gid_t>(sd_option_long("appRunAsGID"));
    if (geteuid() == 0) warn_pid_dir_not_roots(pidloc);

    sd::DaemonizeOptions opts;
    opts.umask_value = static_cast<mode_t>(sd_option_long("appUmask"));
    opts.chdir_to = appdir;
    take_service_vars();
    /* Under systemd, or for a supervisor that wants the process it started (a
     * container runtime): no fork. */
    opts.fork = notify_socket().empty() && !foreground;
    opts.pid_file = pidloc;
    /* zend_ini_string(): INI_STR() is gone in 8.6 */
    const char *stderr_path = zend_ini_string(ZEND_STRL("system_daemon.daemon_stderr"), 0);
    if (stderr_path) opts.stderr_path = stderr_path;
    std::vector<int> streams;
    collect_stream_fds(&EG(regular_list), streams);
    collect_stream_fds(&EG(persistent_list), streams);
    for_each_open_fd([&](int fd) {
        if (fd < 3) return;
        bool was_inherited = false;
        struct stat st;
        for (const auto &i : inherited) {
            if (i.fd == fd && fstat(fd, &st) == 0 && st.st_dev == i.dev && st.st_ino == i.ino) was_inherited = true;
        }
        bool php_stream = std::find(streams.begin(), streams.end(), fd) != streams.end();
        if (!was_inherited || php_stream) opts.keep_fds.push_back(fd);
    });

    std::string err;
    /* The launching process waits inside daemonize() and leaves through _exit with the
     * daemon's verdict; only the daemon returns. */
    report_fd = sd::daemonize(opts, err);
    if (!err.empty()) {
        if (report_fd >= 0) fail_in_daemon(1, err);
        zend_string *msg = zend_strpprintf(0, "Cannot daemonize: %s", err.c_str());
        err.clear();
        fail_before_fork(ZSTR_VAL(msg));
        zend_string_release(msg);
        RETURN_THROWS();
    }
    sd_compat_after_fork_in_child();
    drop_daemon_fds_at_fork();
    daemon_pid = getpid();
    in_background = true;
    lcg().dying = false;

    if (!apply_sys_limits(err)) fail_in_daemon(1, err);

    pid_t holder = 0;
    pid_path = pidloc;
    /* In the foreground the supervisor knows the pid: a pid file only when the script
     * asked for one (the default location usually does not exist in an image). */
    if (!foreground || sd_option_is_set("appPidLocation")) {
        pid_fd = sd::pidfile_acquire(pidloc, daemon_pid, err, holder);
        if (pid_fd < 0) fail_in_daemon(holder > 0 ? 3 : 1, app + " cannot start: " + (holder > 0 ? "" : "appPidLocation: ") + err);
    }

    if ((uid != getuid() || gid != getgid())) {
        sd_log_hand_over(uid, gid);
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
        } else {
            /* Programs the daemon runs (and PHP code reading getenv()) must not find
             * root's home or name: a uid without a passwd entry gets "/" and its number. */
            std::string home = sd::user_home(uid), name = sd::user_name(uid);
            if (name.empty()) name = std::to_string(static_cast<unsigned long>(uid));
            setenv("HOME", home.empty() ? "/" : home.c_str(), 1);
            setenv("USER", name.c_str(), 1);
            setenv("LOGNAME", name.c_str(), 1);
            std::string group = sd::group_name(gid);
            if (group.empty()) group = std::to_string(static_cast<unsigned long>(gid));
            sd_logf(SD_LOG_INFO, "Changed identity to %s:%s", name.c_str(), group.c_str());
        }
    }

    fail_if_callback_bailed_in_daemon();
    if (!SDG(log_php_errors_set) || sd_option_bool("logPhpErrors")) sd_errors_enable(sd_option_bool("logPhpErrors"));
    /* A second TERM while the script cannot notice the first removes it from the handler. */
    sd::sig::set_exit_pidfile(pid_fd, pid_path.c_str());
    sd_signals_daemon_started();

    if (!sd_option_bool("appDeferReady")) {
        if (report_fd >= 0) {
            /* The launcher waits a moment more: a script that dies right after start()
             * (an uncaught exception connecting to its database, with the log on
             * /dev/null) fails it instead of leaving no trace. The first isDying() or
             * iterate() ends the wait. */
            sd::daemonize_report_started(report_fd);
            on_probation = true;
        } else {
            sd_daemon_ready(nullptr);
        }
    }
    RETURN_TRUE;
}

void sd_daemon_running()
{
    if (on_probation && getpid() == daemon_pid && sd::owner::is_mine()) {
        on_probation = false;
        sd_daemon_ready(nullptr);
    }
}

bool sd_daemon_ready(const char *status)
{
    on_probation = false;
    if (report_fd >= 0) sd::daemonize_report_ready(report_fd);
    /* The first call is the readiness (MAINPID: the pid systemd is to watch, which is
     * this process, as start() did not fork); later calls only update the status. */
    std::string msg;
    if (!sd_ready_sent) {
        msg = "READY=1\nMAINPID=" + std::to_string(getpid()) + "\nSTATUS=" +
              (status ? status_line(status) : std::string("Running"));
    } else if (status) {
        msg = "STATUS=" + status_line(status);
    } else {
        return true;
    }
    bool ok = notify(msg);
    if (ok) sd_ready_sent = true;
    return ok;
}

namespace {
std::uint64_t watchdog_last = 0;  /* monotonic usec of the last WATCHDOG=1 */

/* The interval from the variables start() took, 0 when this process (a worker the
 * daemon forked, say) has no watchdog to feed. */
std::uint64_t watchdog_usec_mine()
{
    if (!in_background || getpid() != daemon_pid || !sd::owner::is_mine() || notify_socket().empty()) return 0;
    const ServiceVar *wu = service_var("WATCHDOG_USEC"), *wp = service_var("WATCHDOG_PID");
    return sd::watchdog_usec_from(wu ? wu->value.c_str() : nullptr, wp ? wp->value.c_str() : nullptr,
                                  static_cast<long>(getpid()));
}
}

std::uint64_t sd_notify_watchdog_due()
{
    std::uint64_t usec = watchdog_usec_mine();
    if (usec == 0) return 0;
    return watchdog_last == 0 ? sd::monotonic_usec() : watchdog_last + usec / 2;
}

void sd_notify_watchdog_tick()
{
    std::uint64_t &last = watchdog_last;
    /* The variables start() took (a re-exec takes them again); a worker forked by
     * the daemon must not ping for it. */
    std::uint64_t usec = watchdog_usec_mine();
    if (usec == 0) return;
    std::uint64_t now = sd::monotonic_usec();
    if (last != 0 && now - last < usec / 2) return;
    last = now;
    std::string err;
    if (!sd::sd_notify_to(notify_socket(), "WATCHDOG=1", err)) sd_logf(SD_LOG_WARNING, "sd_notify: %s", err.c_str());
}

void sd_notify_reloading()
{
    notify(sd::sd_reloading_message());
}

void sd_notify_reloaded()
{
    notify("READY=1");
}

ZEND_METHOD(System_Daemon, ready)
{
    zval *status = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(status)
    ZEND_PARSE_PARAMETERS_END();
    if (!in_background) {
        php_error_docref(NULL, E_WARNING, "ready() is for a started daemon: call System_Daemon::start() first");
        RETURN_FALSE;
    }
    if (!sd::owner::is_mine()) {
        php_error_docref(NULL, E_WARNING, "ready() is for the thread that called System_Daemon::start()");
        RETURN_FALSE;
    }
    /* A stop that came while preparing (TERM now lets the script run on to here) is
     * not readiness: the launcher hears "exited before it was ready". */
    if (lcg().dying && report_fd >= 0) RETURN_FALSE;
    zend_string *s = status && Z_TYPE_P(status) != IS_NULL ? zval_get_string(status) : nullptr;
    bool ok = sd_daemon_ready(s ? ZSTR_VAL(s) : nullptr);
    if (s) zend_string_release(s);
    RETURN_BOOL(ok);
}

ZEND_METHOD(System_Daemon, stop)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value; /* never returns to the script */
    sd_logf(SD_LOG_INFO, "Stopping {appName}");
    sd_halt(0);
}

ZEND_METHOD(System_Daemon, restart)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value; /* never returns to the script */
    sd_logf(SD_LOG_INFO, "Restarting {appName}");
    /* The new process is started from RSHUTDOWN, after shutdown functions and
     * destructors ran and the pid file was released. */
    restart_requested = in_background && sd::owner::is_mine();
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
    if (lcg().dying) sd_signals_acknowledged();
    RETURN_BOOL(lcg().dying);
}

ZEND_METHOD(System_Daemon, isInBackground)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(in_background);
}

ZEND_METHOD(System_Daemon, __construct)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value;
}

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
