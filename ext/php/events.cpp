/* The daemon's events and who hears them: the launcher through its pipe
 * (sd::daemonize_report_*), systemd through NOTIFY_SOCKET (sd::sd_notify_to). */
#include "php/events.h"

#include "php/log.h"
#include "php/state.h"

#include "core/daemonize.h"
#include "core/pool.h"
#include "core/sdnotify.h"

#include <unistd.h>

namespace {

/* One sd_notify datagram from the daemon itself (never from a worker it forked: with
 * NotifyAccess=main systemd would drop it anyway). No-op without NOTIFY_SOCKET. */
bool notify(const std::string &msg)
{
    const std::string &socket = sd_daemon().service.notify_socket();
    if (!sd_daemon_is_self() || socket.empty()) return true;
    std::string err;
    if (sd::sd_notify_to(socket, msg, err)) return true;
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

/* The interval from the variables start() took, 0 when this process (a worker the
 * daemon forked, say) has no watchdog to feed. */
std::uint64_t watchdog_usec_mine()
{
    if (!sd_daemon_is_self() || sd_daemon().service.notify_socket().empty()) return 0;
    return sd_daemon().service.watchdog_usec(static_cast<long>(getpid()));
}

/* "PHP Fatal error: <message> in <file>:<line>" when the request ends on one, else "".
 * An uncaught exception's message goes on with its stack trace: its first line only. */
std::string fatal_error_summary()
{
    if (!PG(last_error_message) || !(PG(last_error_type) & (E_ERROR | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR |
                                                            E_RECOVERABLE_ERROR | E_PARSE)))
        return "";
    std::string msg(ZSTR_VAL(PG(last_error_message)), ZSTR_LEN(PG(last_error_message)));
    auto nl = msg.find('\n');
    if (nl != std::string::npos) msg.resize(nl);
    std::string r = "PHP Fatal error: " + msg;
    if (PG(last_error_file))
        r += std::string(" in ") + ZSTR_VAL(PG(last_error_file)) + ":" + std::to_string(PG(last_error_lineno));
    return r;
}

}  // namespace

void sd_daemon_running()
{
    SdDaemon &d = sd_daemon();
    sd_request().polled = true;
    sd::pool::worker_loop_reached();
    if (d.on_probation && getpid() == d.pid && sd_process_is_mine()) {
        d.on_probation = false;
        sd_daemon_ready(nullptr);
    }
}

bool sd_daemon_ready(const char *status)
{
    SdDaemon &d = sd_daemon();
    d.on_probation = false;
    if (d.report_fd >= 0) sd::daemonize_report_ready(d.report_fd);
    /* The first call is the readiness (MAINPID: the pid systemd is to watch, which is
     * this process, as start() did not fork); later calls only update the status. */
    std::string msg;
    if (!d.ready_sent) {
        msg = "READY=1\nMAINPID=" + std::to_string(getpid()) +
              "\nSTATUS=" + (status ? status_line(status) : std::string("Running"));
    } else if (status) {
        msg = "STATUS=" + status_line(status);
    } else {
        return true;
    }
    bool ok = notify(msg);
    if (ok) d.ready_sent = true;
    return ok;
}

void sd_daemon_set_up(bool defer_ready)
{
    SdDaemon &d = sd_daemon();
    if (defer_ready) return;
    if (d.report_fd >= 0) {
        /* The launcher waits a moment more: a script that dies right after start()
         * (an uncaught exception connecting to its database, with the log on
         * /dev/null) fails it instead of leaving no trace. The first isDying() or
         * iterate() ends the wait. */
        sd::daemonize_report_started(d.report_fd);
        d.on_probation = true;
    } else {
        sd_daemon_ready(nullptr);
    }
}

std::uint64_t sd_notify_watchdog_due()
{
    std::uint64_t usec = watchdog_usec_mine();
    if (usec == 0) return 0;
    std::uint64_t last = sd_daemon().watchdog_last;
    return last == 0 ? sd::monotonic_usec() : last + usec / 2;
}

void sd_notify_watchdog_tick()
{
    std::uint64_t &last = sd_daemon().watchdog_last;
    /* The variables start() took (a re-exec takes them again); a worker forked by
     * the daemon must not ping for it. */
    std::uint64_t usec = watchdog_usec_mine();
    if (usec == 0) return;
    std::uint64_t now = sd::monotonic_usec();
    if (last != 0 && now - last < usec / 2) return;
    last = now;
    std::string err;
    if (!sd::sd_notify_to(sd_daemon().service.notify_socket(), "WATCHDOG=1", err))
        sd_logf(SD_LOG_WARNING, "sd_notify: %s", err.c_str());
}

void sd_notify_reloading()
{
    notify(sd::sd_reloading_message());
}

void sd_notify_reloaded()
{
    notify("READY=1");
}

void sd_daemon_failed(int code, const std::string &reason)
{
    /* systemd shows the last STATUS= in "systemctl status" after the failure. */
    notify("STATUS=" + status_line(reason.c_str()));
    if (sd_daemon().report_fd >= 0) sd::daemonize_report_failure(sd_daemon().report_fd, code, reason);
}

void sd_mark_dying()
{
    SdDaemon &d = sd_daemon();
    sd_request().dying = true;
    if (d.in_background && sd_process_is_mine() && !d.stopping_sent) {
        d.stopping_sent = true;
        notify("STOPPING=1");
    }
}

void sd_announce_stop()
{
    if (sd_request().stop_announced) return;
    sd_request().stop_announced = true;
    sd_logf(SD_LOG_INFO, "Stopping {appName}");
}

void sd_halt(int exit_status)
{
    if (!sd_daemon_in_background() && !sd_request().dying) {
        sd_request().dying = true;
        sd_logf(SD_LOG_INFO, "Process was not daemonized yet, just halting current process");
    }
    sd_request().halted = true;
    sd_mark_dying();
    if (EG(exception)) return;
    EG(exit_status) = exit_status;
    zend_throw_unwind_exit();
}

void sd_events_request_end()
{
    SdDaemon &d = sd_daemon();
    std::string fatal = fatal_error_summary();
    /* "systemctl status" shows why the unit failed, not only "status=255". */
    if (!fatal.empty() && EG(exit_status) != 0) notify("STATUS=" + status_line(fatal.c_str()));
    if (d.report_fd < 0 || getpid() != d.pid) return;
    if (d.on_probation && EG(exit_status) == 0) {
        /* Did its work and left cleanly before the launcher stopped waiting. */
        sd::daemonize_report_ready(d.report_fd);
    } else {
        std::string why = "the daemon exited";
        if (EG(exit_status) != 0) why += " with status " + std::to_string(EG(exit_status));
        why += " before it was ready";
        if (!fatal.empty()) why += ": " + fatal;
        sd::daemonize_report_failure(d.report_fd, 1, why);
    }
    d.on_probation = false;
}
