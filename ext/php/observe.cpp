/* appHeartbeatFile, appStatusFile: what a liveness probe and a metrics collector read
 * of a daemon that has no port. Both are paced by CLOCK_MONOTONIC (a clock step moves
 * neither) and written only by the daemon itself (not a forked worker, not another
 * thread's request), as the daemon user: root never creates or follows anything at
 * these paths. */
#include "php/observe.h"

#include "php/events.h"
#include "php/log.h"
#include "php/options.h"
#include "php/state.h"

#include "core/fd.h"
#include "core/observe.h"
#include "core/owner.h"
#include "core/sdnotify.h"
#include "core/stats.h"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace {

/* Process-wide, as the daemon is: plain statics, built once and never destroyed while
 * a request runs. */
struct Observer {
    bool on = false;       /* start() finished the first write */
    zend_long gen = -1;    /* options generation the paths were read in */
    std::string heartbeat; /* appHeartbeatFile, "" for none */
    std::string status;    /* appStatusFile, "" for none */
    std::string app;
    bool prom = false;
    std::uint64_t hb_every = 0, st_every = 0; /* microseconds */
    std::uint64_t hb_next = 0, st_next = 0;   /* monotonic microseconds */
    bool hb_failing = false, st_failing = false;
};

Observer &ob()
{
    static Observer o;
    return o;
}

/* The pacing clock: CLOCK_MONOTONIC_COARSE is a memory read (a few ns), precise to a
 * tick (1-10 ms), which is plenty for intervals of whole seconds; iterate(0) turns
 * millions of times a second and pays for this read on every call. */
std::uint64_t coarse_usec()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

void read_options()
{
    Observer &o = ob();
    o.gen = SDG(options_gen);
    o.heartbeat = sd_option_string("appHeartbeatFile");
    o.status = sd_option_string("appStatusFile");
    o.app = sd_option_string("appName");
    o.prom = sd::status_is_prom(o.status);
    o.hb_every = static_cast<std::uint64_t>(sd_option_long("appHeartbeatInterval")) * 1000000u;
    o.st_every = static_cast<std::uint64_t>(sd_option_long("appStatusInterval")) * 1000000u;
}

std::string beat()
{
    std::string err = sd::touch_heartbeat(ob().heartbeat);
    return err.empty() ? err : "appHeartbeatFile: " + err;
}

std::string write_status()
{
    Observer &o = ob();
    /* The very figures stats() returns (ext/core/stats), on its own clock: the coarse
     * pacing clock may lag it by a tick. */
    sd::StatsSnapshot f = sd::stats_snapshot(sd::monotonic_usec());
    std::string data = o.prom ? sd::render_status_prom(o.app, f) : sd::render_status_json(o.app, f);
    std::string err = sd::write_file_atomic(o.status, data, 0644);
    /* Once the launcher heard READY=1: a STATUS= before it would not be one. */
    if (err.empty() && sd_daemon().ready_sent) sd_daemon_ready(sd::status_summary(f).c_str());
    return err.empty() ? err : "appStatusFile: " + err;
}

/* A failure is logged once per streak: a full disk must not flood the log a line per
 * interval; the recovery is logged too, so the gap in the file's times is explained. */
void report(bool &failing, const std::string &err, const char *what)
{
    if (!err.empty() && !failing) sd_logf(SD_LOG_WARNING, "%s", err.c_str());
    if (err.empty() && failing) sd_logf(SD_LOG_NOTICE, "%s is written again", what);
    failing = !err.empty();
}

/* A worker forked by the daemon writes neither file: only the daemon speaks for itself.
 * Noted at the fork instead of a getpid() a tick, which costs iterate(0) a system call. */
void forget_in_child()
{
    ob().on = false;
}

}  // namespace

std::string sd_observe_start()
{
    Observer &o = ob();
    read_options();
    std::uint64_t now = coarse_usec();
    o.hb_failing = o.st_failing = false;
    if (!o.heartbeat.empty()) {
        std::string err = beat();
        if (!err.empty()) return err;
        o.hb_next = now + o.hb_every;
    }
    if (!o.status.empty()) {
        std::string err = write_status();
        if (!err.empty()) return err;
        o.st_next = now + o.st_every;
    }
    static bool registered = false;
    if (!registered) registered = pthread_atfork(nullptr, nullptr, forget_in_child) == 0;
    o.on = registered;
    return std::string();
}

void sd_observe_tick()
{
    /* Another thread's request is not the daemon's: it does not even look (the record
     * is the daemon thread's alone, unlocked). */
    if (!sd::owner::is_mine()) return;
    Observer &o = ob();
    if (!o.on || (o.heartbeat.empty() && o.status.empty() && o.gen == SDG(options_gen))) return;
    if (!sd_daemon_started_here()) return;
    std::uint64_t now = coarse_usec();
    if (o.gen != SDG(options_gen)) {
        /* A setOption() after start(): the new paths and intervals from now on. */
        std::string hb = o.heartbeat, st = o.status;
        read_options();
        if (o.heartbeat != hb) o.hb_next = now;
        if (o.status != st) o.st_next = now;
    }
    if (!o.heartbeat.empty() && now >= o.hb_next) {
        o.hb_next = now + o.hb_every;
        report(o.hb_failing, beat(), "appHeartbeatFile");
    }
    if (!o.status.empty() && now >= o.st_next) {
        o.st_next = now + o.st_every;
        report(o.st_failing, write_status(), "appStatusFile");
    }
}

void sd_observe_request_end(bool clean)
{
    Observer &o = ob();
    if (!o.on) return;
    o.on = false;
    if (!clean) return;
    if (!o.heartbeat.empty()) unlink(o.heartbeat.c_str());
    if (!o.status.empty()) unlink(o.status.c_str());
}
