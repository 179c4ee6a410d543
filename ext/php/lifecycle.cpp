/* start(), stop(), restart(), ready(), isRunning(), stopRunning(): the Zend side of
 * daemonizing. The steps themselves (forks, pid file, identity) are plain C++ in
 * ext/core; this file decides what to keep, what to apply and how to report. */
#include "php/sd_php.h"

#include "core/daemonize.h"
#include "core/identity.h"
#include "core/pidfile.h"
#include "core/sdnotify.h"

#include "SAPI.h"
#include "main/php_output.h"
#include "zend_exceptions.h"
#include "zend_ini.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char **environ;

sd_state_t sd_state = {false, false};

namespace {

/* Process-wide daemon facts: a daemon is a process, so these live as long as it. */
int pid_fd = -1;
std::string pid_path;
pid_t daemon_pid = 0;
int report_fd = -1;               /* the waiting launcher's pipe, until ready() */
bool restart_requested = false;
bool sd_ready_sent = false;       /* READY=1 went to NOTIFY_SOCKET */
bool sd_stopping_sent = false;
std::vector<std::string> restart_argv;

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
}

/* One sd_notify datagram from the daemon itself (never from a worker it forked: with
 * NotifyAccess=main systemd would drop it anyway). No-op without NOTIFY_SOCKET. */
bool notify(const std::string &msg)
{
    if (!sd_state.in_background || getpid() != daemon_pid || !sd::sd_notify_socket_present()) return true;
    std::string err;
    if (sd::sd_notify_send(msg, err)) return true;
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

[[noreturn]] void fail_in_daemon(int code, const std::string &reason)
{
    sd_logf(SD_LOG_ERR, "%s", reason.c_str());
    /* systemd shows the last STATUS= in "systemctl status" after the failure. */
    notify("STATUS=" + status_line(reason.c_str()));
    if (report_fd >= 0) {
        sd::daemonize_report_failure(report_fd, code, reason);
    }
    /* This process is a copy of the script that never became the daemon: none of
     * the script's shutdown functions may run in it. */
    _exit(code);
}

void chown_log_for(uid_t uid, gid_t gid)
{
    std::string log = sd_option_string("logLocation");
    struct stat st;
    if (log.empty() || stat(log.c_str(), &st) != 0) return;
    if (st.st_uid != uid || st.st_gid != gid) {
        if (chown(log.c_str(), uid, gid) != 0) {
            sd_logf(SD_LOG_WARNING, "cannot hand the log file %s to uid %d: %s", log.c_str(), static_cast<int>(uid),
                    strerror(errno));
        }
    }
}

}  // namespace

void sd_halt(int exit_status)
{
    if (!sd_state.in_background && !sd_state.dying) {
        sd_state.dying = true;
        sd_logf(SD_LOG_INFO, "Process was not daemonized yet, just halting current process");
    }
    sd_state.dying = true;
    if (sd_state.in_background && !sd_stopping_sent) {
        sd_stopping_sent = true;
        notify("STOPPING=1");
    }
    if (EG(exception)) return;
    EG(exit_status) = exit_status;
    zend_throw_unwind_exit();
}

void sd_lifecycle_minit()
{
    inherited.clear();
    for_each_open_fd([](int fd) {
        struct stat st;
        if (fd >= 3 && fstat(fd, &st) == 0) inherited.push_back({fd, st.st_dev, st.st_ino});
    });
}

void sd_lifecycle_rshutdown()
{
    /* Forked workers share the pid file's fd: only the daemon itself removes it. */
    if (pid_fd >= 0 && getpid() == daemon_pid) {
        sd::pidfile_release(pid_fd, pid_path);
        pid_fd = -1;
    }
    if (report_fd >= 0 && getpid() == daemon_pid) {
        sd::daemonize_report_failure(report_fd, 1, "the daemon exited before it was ready");
    }
    if (restart_requested && getpid() == daemon_pid && !restart_argv.empty()) {
        restart_requested = false;
        std::vector<char *> argv;
        for (auto &a : restart_argv) argv.push_back(&a[0]);
        argv.push_back(nullptr);
        execve(argv[0], argv.data(), environ);
        /* Only reached when exec failed; the log may still be open. */
        sd_logf(SD_LOG_CRIT, "restart: cannot execute %s: %s", argv[0], strerror(errno));
    }
}

ZEND_METHOD(System_Daemon, start)
{
    ZEND_PARSE_PARAMETERS_NONE();
    if (sd_state.in_background) {
        php_error_docref(NULL, E_WARNING, "The daemon is already running in this process");
        RETURN_TRUE;
    }
    if (strcmp(sapi_module.name, "cli") != 0) {
        zend_throw_exception(sd_ce_exception, "You can only create a daemon from the command line (CLI SAPI)", 0);
        RETURN_THROWS();
    }
    if (sd_option_string("appName").empty()) {
        zend_throw_exception(sd_ce_exception, "Option appName is required before start(): set it with "
                                              "System_Daemon::setOption('appName', 'myapp')", 0);
        RETURN_THROWS();
    }
    const char *where = sd_option_bool("usePEARLogInstance") ? "(PEAR Log)"
                        : sd_option_bool("useCustomLogHandler") ? "(Custom log handler)"
                        : sd_option_bool("usePsrLogger") ? "(PSR-3 logger)"
                        : nullptr;
    sd_logf(SD_LOG_NOTICE, "Starting %s daemon, output in: '%s'", sd_option_string("appName").c_str(),
            where ? where : sd_option_string("logLocation").c_str());

    /* A daemon whose log cannot be opened (a symlink planted by another user, a
     * directory that is not there) would run blind: refuse before forking, while the
     * shell that runs us can still see the reason. */
    if (const char *why = sd_log_open_error()) {
        zend_throw_exception_ex(sd_ce_exception, 0, "Cannot start the daemon: %s", why);
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

    sd::DaemonizeOptions opts;
    opts.umask_value = static_cast<mode_t>(sd_option_long("appUmask"));
    opts.chdir_to = appdir;
    opts.fork = getenv("NOTIFY_SOCKET") == nullptr;
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
        zend_throw_exception_ex(sd_ce_exception, 0, "Cannot daemonize: %s", err.c_str());
        RETURN_THROWS();
    }
    sd_compat_after_fork_in_child();
    daemon_pid = getpid();
    sd_state.in_background = true;
    sd_state.dying = false;

    if (!apply_sys_limits(err)) fail_in_daemon(1, err);

    pid_t holder = 0;
    pid_path = pidloc;
    /* Only root can hand the pid directory to the daemon's user; anyone else keeps
     * it as their own (and fails the identity change below, with its reason). */
    bool root = geteuid() == 0;
    pid_fd = sd::pidfile_acquire(pidloc, root ? uid : static_cast<uid_t>(-1), root ? gid : static_cast<gid_t>(-1),
                                 daemon_pid, err, holder);
    if (pid_fd < 0) fail_in_daemon(holder > 0 ? 3 : 1, app + " cannot start: " + err);

    if ((uid != getuid() || gid != getgid())) {
        chown_log_for(uid, gid);
        if (!sd::drop_privileges(uid, gid, err)) {
            if (sd_option_bool("appDieOnIdentityCrisis")) {
                fail_in_daemon(4, "Unable to change identity: " + err);
            }
            sd_logf(SD_LOG_CRIT, "Unable to change identity: %s", err.c_str());
        } else {
            std::string home = sd::user_home(uid);
            if (!home.empty()) setenv("HOME", home.c_str(), 1);
            sd_logf(SD_LOG_INFO, "Changed identity to %s:%s", sd::user_name(uid).c_str(),
                    sd::group_name(gid).c_str());
        }
    }

    if (!SDG(log_php_errors_set) || sd_option_bool("logPhpErrors")) sd_errors_enable(sd_option_bool("logPhpErrors"));
    sd_signals_daemon_started();

    if (!sd_option_bool("appDeferReady")) sd_daemon_ready(nullptr);
    RETURN_TRUE;
}

bool sd_daemon_ready(const char *status)
{
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

void sd_notify_watchdog_tick()
{
    static std::uint64_t last = 0;
    /* Read every time: systemctl can change the interval at run time
     * (WATCHDOG_USEC= through sd_notify is the daemon's, but a re-exec brings new
     * variables), and a worker forked by the daemon must not ping for it. */
    std::uint64_t usec = sd::watchdog_usec_for_me();
    if (usec == 0 || !sd::sd_notify_socket_present()) return;
    std::uint64_t now = sd::monotonic_usec();
    if (last != 0 && now - last < usec / 2) return;
    last = now;
    std::string err;
    if (!sd::sd_notify_send("WATCHDOG=1", err)) sd_logf(SD_LOG_WARNING, "sd_notify: %s", err.c_str());
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
    if (!sd_state.in_background) {
        php_error_docref(NULL, E_WARNING, "ready() is for a started daemon: call System_Daemon::start() first");
        RETURN_FALSE;
    }
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
    restart_requested = sd_state.in_background;
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
    RETURN_BOOL(sd_state.dying);
}

ZEND_METHOD(System_Daemon, isInBackground)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(sd_state.in_background);
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

/* The classes are built in, so there is nothing to load; kept so that scripts doing
 * spl_autoload_register(array('System_Daemon', 'autoload')) run unchanged. */
ZEND_METHOD(System_Daemon, autoload)
{
    zval *name;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(name)
    ZEND_PARSE_PARAMETERS_END();
    if (Z_TYPE_P(name) != IS_STRING) RETURN_FALSE;
    zend_string *lc = zend_string_tolower(Z_STR_P(name));
    bool known = zend_hash_exists(EG(class_table), lc);
    zend_string_release(lc);
    RETURN_BOOL(known);
}
