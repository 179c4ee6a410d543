/* restart(): the new process is this PHP binary with its ini and the script's
 * arguments as they were, executed once the whole request has shut down. */
#include "php/restart.h"

#include "php/cmdline.h"
#include "php/events.h"
#include "php/log.h"
#include "php/options.h"
#include "php/state.h"

#include "core/backoff.h"
#include "core/cmdline.h"
#include "core/fd.h"
#include "core/owner.h"
#include "core/pool.h"
#include "core/reexec.h"
#include "core/sdnotify.h"

#include "SAPI.h"

#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr const char *kPidFdEnv = "SYSTEM_DAEMON_PIDFILE_FD";

/* Why a restart cannot proceed, where the daemon's operator looks: the log, and the
 * journal when stderr is its stream and the log lines do not go there already. */
void say_restart_failure(const std::string &why)
{
    sd_logf(SD_LOG_ERR, "Cannot restart {appName}: %s", why.c_str());
    if (sd::journal_stream_is(getenv("JOURNAL_STREAM"), STDERR_FILENO) && !sd_log_reaches_journal()) {
        std::string line = "<3>System_Daemon::restart(): " + why + "\n";
        sd::write_all(STDERR_FILENO, line.data(), line.size());
    }
}

/* What execve() will need, checked while the daemon can still say why it cannot. */
std::string cannot_execute(const std::vector<std::string> &argv)
{
    if (argv.empty()) return "no command line was noted by start()";
    if (access(argv[0].c_str(), X_OK) != 0) return "cannot execute " + argv[0] + ": " + strerror(errno);
    size_t at = sd::script_position(argv);
    if (at < argv.size() && argv[at][0] == '/' && access(argv[at].c_str(), R_OK) != 0)
        return "cannot read the script " + argv[at] + ": " + strerror(errno);
    return "";
}

}  // namespace

/* The descriptors a service manager passed to this very process (socket activation:
 * LISTEN_FDS from 3 on, for LISTEN_PID) are the new image's too: the same parser as
 * listenSockets(). */
int sd_restart_listen_fds_end()
{
    return 3 + static_cast<int>(sd::listen_fds_for_me().size());
}

void sd_restart_minit()
{
    SdDaemon &d = sd_daemon();
    sd::RestartState st;
    if (sd::restart_state_parse(getenv(sd::kRestartStateEnv), st)) {
        d.image_started_ms = st.exec_ms;
        d.restart_prev_delay_ms = st.delay_ms;
    } else {
        d.image_started_ms = sd::monotonic_ms();
    }
    unsetenv(sd::kRestartStateEnv);
    /* Only a number here: start() checks what it names before using it. */
    const char *fd = getenv(kPidFdEnv);
    if (fd) {
        char *end = nullptr;
        long n = strtol(fd, &end, 10);
        if (end != fd && *end == '\0' && n >= 3 && n < 65536) d.adopt_pid_fd = static_cast<int>(n);
        unsetenv(kPidFdEnv);
    }
}

/* A script started by a relative path (php sub/d.php) is found again although the
 * daemon now works in appDir: the builder makes it absolute against the launch's
 * directory. No shell ever sees the words. */
void sd_restart_prepare()
{
    sd_daemon().restart_argv = sd_php_restart_argv(sd_daemon().launch_cwd);
}

std::string sd_restart_cannot_execute()
{
    return cannot_execute(sd_daemon().restart_argv);
}

std::string sd_restart_exec(long delay_ms, const std::vector<int> &keep)
{
    SdDaemon &d = sd_daemon();
    d.service.restore();
    sd::RestartState next{sd::monotonic_ms(), delay_ms};
    setenv(sd::kRestartStateEnv, sd::restart_state_format(next).c_str(), 1);
    /* The pid file and its lock go on in the new image (same pid): after a privilege
     * drop it could not create the file in root's directory again. */
    std::vector<int> also = keep;
    if (d.pid_fd >= 0) {
        setenv(kPidFdEnv, std::to_string(d.pid_fd).c_str(), 1);
        also.push_back(d.pid_fd);
    }
    std::string err = sd::reexec(d.restart_argv, sd_restart_listen_fds_end(), d.launch_cwd, also);
    /* Still this image: it goes on as it was. */
    unsetenv(sd::kRestartStateEnv);
    unsetenv(kPidFdEnv);
    d.service.unrestore();
    return err;
}

void sd_restart_run_if_requested()
{
    SdDaemon &d = sd_daemon();
    if (!d.restart_requested) return;
    d.restart_requested = false;
    sd::environment_replace(d.restart_env);
    d.restart_env.clear();
    /* The back-off decided (and logged) by restart(). A stop signal during the wait
     * ends the process: its handlers are gone with the request. */
    if (d.restart_delay_ms > 0) {
        struct timespec ts = {d.restart_delay_ms / 1000, (d.restart_delay_ms % 1000) * 1000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
    }
    std::string err = sd_restart_exec(d.restart_delay_ms, {});
    /* The request is over (no log handler, no options): syslog, and the journal when
     * stderr is its stream. */
    syslog(LOG_DAEMON | LOG_CRIT, "System_Daemon restart: %s", err.c_str());
    if (sd::journal_stream_is(getenv("JOURNAL_STREAM"), STDERR_FILENO)) {
        std::string line = "<2>System_Daemon::restart(): " + err + "\n";
        sd::write_all(STDERR_FILENO, line.data(), line.size());
    }
}

void sd_restart_request_end()
{
    SdDaemon &d = sd_daemon();
    if (getpid() != d.pid || d.restart_argv.empty()) d.restart_requested = false;
}

namespace {

enum class Scheduled { Yes, NotHere, Failed };

/* What restart() and a limit's recycle share: only the daemon itself, in its owning
 * thread, executes a new image; one it could not execute is refused now, while the
 * script can still hear why. */
Scheduled schedule(std::string &why)
{
    SdDaemon &d = sd_daemon();
    d.restart_requested = sd_daemon_in_background() && sd::owner::is_mine();
    if (!d.restart_requested) return Scheduled::NotHere;
    why = cannot_execute(d.restart_argv);
    if (!why.empty()) {
        d.restart_requested = false;
        return Scheduled::Failed;
    }
    /* Now: PHP undoes the script's putenv() changes at request shutdown, before the
     * exec, and the new image is to see them (as the original's exec() through a
     * shell did). */
    d.restart_env = sd::environment_now();
    /* A restart loop cannot spin: an image that ran less than appMinUptime waits
     * before the next, doubling each time. */
    long long up = sd::monotonic_ms() - d.image_started_ms;
    long long min_up = static_cast<long long>(sd_option_long("appMinUptime")) * 1000;
    d.restart_delay_ms = sd::restart_delay_ms(d.restart_prev_delay_ms, up, min_up);
    if (d.restart_delay_ms > 0) {
        sd_logf(SD_LOG_NOTICE, "Restarting too fast (up %.1f s, appMinUptime %lld s): waiting %.1f s first",
                static_cast<double>(up) / 1000, min_up / 1000, static_cast<double>(d.restart_delay_ms) / 1000);
    }
    return Scheduled::Yes;
}

}  // namespace

bool sd_restart_schedule()
{
    std::string why;
    switch (schedule(why)) {
        case Scheduled::Yes: return true;
        case Scheduled::NotHere: return false;
        case Scheduled::Failed: break;
    }
    say_restart_failure(why);
    return false;
}

ZEND_METHOD(System_Daemon, restart)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value; /* never returns to the script */
    /* A pool's worker is not the daemon: it ends, as stop() would, and its master
     * forks a fresh one with its id (the master's code: a new image of the code is a
     * restart of the service). */
    int worker = sd::pool::worker_id();
    if (worker >= 0) {
        sd_logf(SD_LOG_INFO, "Restarting worker %d: it ends, and the master starts a fresh one in its place", worker);
        sd_halt(0);
        return;
    }
    sd_logf(SD_LOG_INFO, "Restarting {appName}");
    /* The new process is started from RSHUTDOWN, after shutdown functions and
     * destructors ran. */
    std::string why;
    if (schedule(why) == Scheduled::Failed) {
        say_restart_failure(why);
        sd_halt(1);
        return;
    }
    sd_halt(0);
}
