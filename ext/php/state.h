/* The daemon as a noun (ext/php/state.cpp): what is true of this process and of this
 * thread's request, with no behaviour of its own. Above the options only (foreground
 * is an option or the environment); every unit that asks "are we the daemon?" reads
 * it here, and the ones that change it are start() (lifecycle) and the events unit. */
#ifndef SD_PHP_STATE_H
#define SD_PHP_STATE_H

#include "php/module.h"

#include "core/fdscan.h"
#include "core/serviceenv.h"

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

/* Process-wide: a daemon is a process, so these live as long as it. Written only by
 * the thread that owns the process (sd_process_claim()); in_background may be read by
 * any thread. */
struct SdDaemon {
    /* start() made this process the daemon. */
    std::atomic<bool> in_background{false};
    /* start() has done its work (identity, signals): PHP errors are forwarded from
     * here on unless logPhpErrors says otherwise. */
    bool started = false;
    pid_t pid = 0;   /* the daemon's own pid: forked workers differ */
    int pid_fd = -1; /* the locked pid file, -1 when none */
    std::string pid_path;
    int report_fd = -1;              /* the waiting launcher's pipe, until ready() */
    bool on_probation = false;       /* start() returned; ready once the script's loop runs */
    bool ready_sent = false;         /* READY=1 went to NOTIFY_SOCKET */
    bool stopping_sent = false;      /* STOPPING=1 went */
    std::uint64_t watchdog_last = 0; /* monotonic usec of the last WATCHDOG=1 */
    bool restart_requested = false;
    std::vector<std::string> restart_argv;
    /* The environment when restart() was called, putenv() changes included. */
    std::vector<std::string> restart_env;
    /* restart()'s back-off: when this image was executed (CLOCK_MONOTONIC ms), the
     * wait before it, and the wait before the next one. */
    long long image_started_ms = 0;
    long restart_prev_delay_ms = 0;
    long restart_delay_ms = 0;
    /* The pid file's descriptor a restart() handed over (SYSTEM_DAEMON_PIDFILE_FD), to
     * be adopted by start() once checked; -1 when none. */
    int adopt_pid_fd = -1;
    /* The launch's working directory (a script may chdir() before start()). */
    std::string launch_cwd;
    /* What the launching process inherited, seen at module startup. */
    std::vector<sd::OpenFd> inherited;
    /* NOTIFY_SOCKET, WATCHDOG_*: taken out of the environment by start(). */
    sd::ServiceEnv service;
};

SdDaemon &sd_daemon();

/* start() succeeded in this process (a process-wide fact). */
bool sd_daemon_in_background();
/* This process is the daemon itself, in the thread that started it: not a worker it
 * forked, not another thread's request. Only it talks to systemd and the launcher. */
bool sd_daemon_is_self();
/* start() finished in this thread's request (see SdDaemon::started). */
bool sd_daemon_started_here();

/* This thread's request: stopping (stop(), TERM, emerg()), leaving through sd_halt(). */
struct sd_state_globals {
    bool dying = false;
    bool halted = false;         /* no second stop */
    bool stop_announced = false; /* "Stopping <app>" was logged */
    /* The script called isDying() or iterate() since start() (in a forked worker:
     * since the fork). One that never did stops at the first TERM as exit() would. */
    bool polled = false;
    /* A failed start's reason went to the journal already (at error priority): PHP's
     * uncaught-exception line would repeat it there at info. */
    bool start_failure_in_journal = false;
};
sd_state_globals &sd_request();
bool sd_daemon_dying();
bool sd_daemon_halted();
/* Forgets the request's flags (RSHUTDOWN). */
void sd_state_rshutdown();
sd_state_globals *sd_state_globals_new();
void sd_state_globals_free(sd_state_globals *g);

/* The calling thread owns what belongs to the whole process: signal dispositions,
 * forking into a daemon, the pid file (it called start() or setSigHandler()). Every
 * other thread's request leaves those alone. */
bool sd_process_is_mine();
/* Claims them for the calling thread: nullptr when it owns them now, else why it
 * cannot (the caller releases the string). Only the process's main thread can. The
 * claim ends with the owner's request (sd_lifecycle_post_deactivate()). */
zend_string *sd_process_claim();

/* appForeground, or SYSTEM_DAEMON_FOREGROUND=1 in the environment (so that an image can
 * ask for it without touching the script): start() keeps the process in the foreground
 * and log lines go to stdout/stderr instead of the log file. */
bool sd_foreground();

#endif
