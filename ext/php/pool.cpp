#include "php/pool.h"

#include "php/events.h"
#include "php/log.h"
#include "php/options.h"
#include "php/state.h"
#include "php/upgrade.h"

#include "core/daemonize.h"
#include "core/pidfile.h"
#include "core/pool.h"
#include "core/sdnotify.h"
#include "core/signals.h"
#include "core/stats.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

/* appProcessTitle: "<app>: master" / "<app>: worker 2". The kernel's comm (ps -o comm,
 * top, pgrep) takes 15 characters; the full title goes over the argv area, which is
 * the CLI SAPI's to rewrite safely (its cli_set_process_title() moved the environment
 * out of the way at startup), so it is asked through the engine's function table and
 * skipped where that SAPI is not running. */
void set_title(int worker)
{
    if (!sd_option_bool("appProcessTitle")) return;
    char title[256];
    {
        std::string app = sd_option_string("appName");
        if (worker < 0)
            snprintf(title, sizeof title, "%s: master", app.c_str());
        else
            snprintf(title, sizeof title, "%s: worker %d", app.c_str(), worker);
    }
    sd::pool::set_comm(title);
    zend_function *fn =
        static_cast<zend_function *>(zend_hash_str_find_ptr(CG(function_table), ZEND_STRL("cli_set_process_title")));
    if (!fn) return;
    zval arg, ret;
    ZVAL_STRING(&arg, title);
    ZVAL_UNDEF(&ret);
    zend_call_known_function(fn, nullptr, nullptr, &ret, 1, &arg, nullptr);
    zval_ptr_dtor(&arg);
    zval_ptr_dtor(&ret);
}

/* The master's lines: a file, the console or the journal. A handler, PEAR Log or PSR
 * logger is user code, which the master never runs: their lines are the workers'. */
void master_log(int level, const char *msg)
{
    if (sd_log_runs_user_code()) return;
    sd_logf(level, "%s", msg);
}

void master_ready()
{
    std::string status = std::to_string(sd::pool::worker_count()) + " workers running";
    sd_daemon_ready(status.c_str());
}

void master_reload()
{
    sd_notify_reloading();
    sd_log_reopen();
    master_log(SD_LOG_INFO, "Received SIGHUP: log file reopened");
    sd_notify_reloaded();
}

void master_stopping()
{
    sd_mark_dying();
}

long long master_watchdog_due_ms()
{
    return static_cast<long long>(sd_notify_watchdog_due() / 1000);
}

/* What the script's handlers caught that the master is to act on (a USR2 then is not
 * repeated: the operator sends it again once the pool runs). */
int recorded_signals(int *signals, int max)
{
    int n = 0;
    for (int s : {SIGTERM, SIGINT, SIGQUIT, SIGHUP}) {
        sd::sig::Info info;
        if (n < max && sd::sig::take(s, info)) signals[n++] = s;
    }
    return n;
}

/* The pool stopped: the pid file goes, and the master leaves without running any of
 * the script's shutdown functions or destructors (it ran none of its code since
 * start()). */
[[noreturn]] void master_exit()
{
    SdDaemon &d = sd_daemon();
    sd::sig::set_exit_pidfile(-1, nullptr);
    if (d.pid_fd >= 0) {
        sd::pidfile_release(d.pid_fd, d.pid_path);
        d.pid_fd = -1;
    }
    master_log(SD_LOG_INFO, "Stopped: every worker has ended");
    if (d.report_fd >= 0) sd_daemon_failed(1, "the pool stopped before every worker was running");
    _exit(0);
}

/* In a worker: the systemd conversation is the master's (a worker's STOPPING=1 or
 * WATCHDOG=1 would speak for it), and its own limits count from its birth. */
void become_worker()
{
    sd_daemon().service = sd::ServiceEnv();
    sd::stats().iterations = 0;
    sd::stats_started(sd::monotonic_usec());
    set_title(sd::pool::worker_id());
}

}  // namespace

bool sd_pool_start(std::string *error)
{
    long n = static_cast<long>(sd_option_long("appWorkers"));
    if (n <= 0) return false;
    sd::pool::Config c;
    c.workers = static_cast<int>(n);
    c.grace_ms = static_cast<long>(sd_option_long("appStopGraceSec")) * 1000;
    c.min_uptime_ms = static_cast<long long>(sd_option_long("appMinUptime")) * 1000;
    sd::pool::Hooks h;
    h.log = master_log;
    h.ready = master_ready;
    h.reload = master_reload;
    h.stopping = master_stopping;
    h.tick = sd_notify_watchdog_tick;
    h.tick_due_ms = master_watchdog_due_ms;
    h.upgrade_check = sd_upgrade_check;
    h.upgrade = sd_upgrade_exec;
    c.adopted = sd_upgrade_take_over();
    c.after_upgrade = sd_upgrade_is_new_image();
    c.stop_at_once = sd_daemon_dying();
    h.recorded = recorded_signals;
    sd_logf(SD_LOG_INFO, "Starting a pool of %ld workers", n);
    SdDaemon &d = sd_daemon();
    /* As a single daemon's launcher does, this one waits a moment for "ready". */
    if (d.report_fd >= 0) sd::daemonize_report_started(d.report_fd);
    set_title(-1);
    int r = sd::pool::run(c, h);
    if (r >= 0) {
        become_worker();
        return true;
    }
    if (r == -1) master_exit();
    *error = std::string("appWorkers: cannot supervise workers: ") + strerror(errno);
    return false;
}

ZEND_METHOD(System_Daemon, workerId)
{
    ZEND_PARSE_PARAMETERS_NONE();
    int id = sd::pool::worker_id();
    RETURN_LONG(id < 0 ? 0 : id);
}

ZEND_METHOD(System_Daemon, isMaster)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(sd::pool::is_master());
}

ZEND_METHOD(System_Daemon, workerCount)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_LONG(sd::pool::worker_count());
}
