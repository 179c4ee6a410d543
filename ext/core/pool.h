// A supervised pool of workers (appWorkers), in plain C++: the master forks N copies of
// the process, replaces the ones that die (with their id, backing off when they die
// young), replaces them one at a time on HUP and stops them all, bounded, on
// TERM/INT/QUIT. The master runs nothing but this loop: it waits in poll() on a
// signalfd and on the pipe through which a worker says it reached its loop, so it uses
// no CPU while nothing happens.
#ifndef SD_CORE_POOL_H
#define SD_CORE_POOL_H

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace sd {
namespace pool {

// A worker of the image before a USR2: a child of this very process, running the old
// code. The new master replaces each one (a retiring one only ends).
struct Adopted {
    pid_t pid;
    int id;
    bool retiring;
};

struct Config {
    int workers = 0;
    long grace_ms = 0;            // a worker's stop is bounded by this (0: no bound)
    long long min_uptime_ms = 0;  // a worker that dies younger is replaced after a back-off
    std::vector<Adopted> adopted;
    // This image was executed by a USR2 (workers or not): the signals run() waits for
    // were blocked by that exec, not by the script, and no worker inherits them blocked.
    bool after_upgrade = false;
    // A stop signal reached the master before it got here (the script's handler
    // recorded it): no worker is started, the adopted ones are stopped.
    bool stop_at_once = false;
};

// Called in the master only; none may fork or run the host's user code. Levels are
// syslog's (LOG_ERR...).
struct Hooks {
    void (*log)(int level, const char *msg) = nullptr;
    void (*ready)() = nullptr;     // every id has a worker that reached its loop, first time
    void (*reload)() = nullptr;    // HUP, before the workers are replaced
    void (*stopping)() = nullptr;  // TERM/INT/QUIT, before the workers are told
    // USR2: upgrade_check() says why the script cannot be executed anew ("" when it
    // can); then, unless a stop signal came meanwhile, upgrade() executes it in this
    // process, handing it `workers` (the live ones, to adopt). It returns only when it
    // did not, with the reason for the log; the pool then goes on as it was. Unset:
    // USR2 is ignored.
    std::string (*upgrade_check)() = nullptr;
    std::string (*upgrade)(const std::vector<Adopted> &workers) = nullptr;
    // The service manager's watchdog is the master's to feed (a worker's WATCHDOG=1
    // would not count): tick() is called once tick_due_ms() (CLOCK_MONOTONIC ms; 0 =
    // never) has come, even while the master waits for nothing else.
    void (*tick)() = nullptr;
    long long (*tick_due_ms)() = nullptr;
    // Signals the script's handlers caught before run() blocked them (PHP unblocks the
    // ones it installs, so one pending across a USR2's exec lands there): taken once
    // they are blocked, and handled as if read from the signalfd. Returns how many.
    int (*recorded)(int *signals, int max) = nullptr;
};

// Forks the workers and supervises them. Returns in each worker its id (0..workers-1),
// with the signal mask of the caller; returns -1 in the master once the pool has
// stopped and every worker was reaped, or -2 when the pool could not be set up
// (errno). The caller blocks nothing: run() blocks the signals it waits for itself.
int run(const Config &config, const Hooks &hooks);

// The signals run() blocks and waits for. A USR2 keeps them blocked across the exec
// (one arriving then stays pending for the new master); a worker never inherits them
// blocked.
void wait_set(sigset_t *set);

// Adopted workers through the environment ("pid:id[:r],..."), and back. parse() keeps
// only children of this process that have not been reaped: nothing else is a worker,
// whatever the variable says.
std::string format_adopted(const std::vector<Adopted> &workers);
std::vector<Adopted> parse_adopted(const char *text);

// In a worker: its id; -1 elsewhere.
int worker_id();
// The pool's size in a worker or the master; 0 without a pool.
int worker_count();
// This process is a pool's master (inside run()).
bool is_master();
// A worker tells the master, once, that it reached its loop (first iterate() or
// isDying()). Cheap after the first call; a no-op outside a worker.
void worker_loop_reached();
// The calling thread's name in /proc/<pid>/comm (what ps -o comm and top show), cut to
// the kernel's 15 characters.
void set_comm(const char *name);

}  // namespace pool
}  // namespace sd

#endif
