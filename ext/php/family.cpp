/* The daemon's family in the log and at the daemon's end (see family.h). */
#include "php/family.h"

#include "php/children.h"
#include "php/log.h"
#include "php/options.h"

#include "core/family.h"
#include "core/signals.h"

#include <signal.h>
#include <unistd.h>

#include <ctime>

void sd_family_setup()
{
    bool on = sd_option_bool("appStopChildren");
    sd::sig::family_setup(on);
    if (on && !sd::family::become_subreaper())
        sd_logf(SD_LOG_DEBUG, "appStopChildren: orphaned grandchildren go to init, out of reach of the stop");
}

void sd_family_log()
{
    int signo = 0;
    if (int n = sd::sig::family_take_sent(&signo)) {
        char buf[32];
        const char *name = sd::sig::name(signo, buf, sizeof buf);
        sd_logf(SD_LOG_INFO, "%s passed on to %d process%s of the family", name ? name : buf, n, n == 1 ? "" : "es");
    }
    if (int n = sd::sig::family_take_killed())
        sd_logf(SD_LOG_WARNING, "Killed %d process%s of the family still running when appStopGraceSec (%ld s) was over",
                n, n == 1 ? "" : "es", static_cast<long>(sd_option_long("appStopGraceSec")));
}

void sd_family_kill()
{
    if (!sd::sig::family_stopped_here()) return;
    if (size_t n = sd::family::signal_all(getpid(), SIGKILL))
        sd_logf(SD_LOG_WARNING, "Killed %zu process%s of the family: the stop is forced", n, n == 1 ? "" : "es");
}

void sd_family_stop()
{
    if (!sd::sig::family_stopped_here()) return;
    sd_family_log();
    pid_t pids[1024];
    size_t n = sd::family::live(getpid(), pids, 1024);
    if (n == 0) return;
    for (size_t i = 0; i < n; ++i) kill(pids[i], SIGTERM);
    sd_logf(SD_LOG_INFO, "Waiting for %zu process%s of the family to stop", n, n == 1 ? "" : "es");
    long long deadline = sd::sig::grace_deadline_ms();
    for (;;) {
        sd_children_reap();
        if (EG(exception)) zend_clear_exception();
        n = sd::family::live(getpid(), pids, 1024);
        if (n == 0) return;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (deadline && static_cast<long long>(now.tv_sec) * 1000 + now.tv_nsec / 1000000 >= deadline) break;
        struct timespec ts = {0, 20000000L};
        nanosleep(&ts, nullptr);
    }
    for (size_t i = 0; i < n; ++i) kill(pids[i], SIGKILL);
    sd_logf(SD_LOG_WARNING, "Killed %zu process%s of the family still running when appStopGraceSec (%ld s) was over", n,
            n == 1 ? "" : "es", static_cast<long>(sd_option_long("appStopGraceSec")));
}
