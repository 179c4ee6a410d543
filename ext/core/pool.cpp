#include "core/pool.h"

#include "core/backoff.h"
#include "core/signals.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <deque>
#include <vector>

namespace sd {
namespace pool {

namespace {

int g_worker_id = -1;
int g_count = 0;
bool g_master = false;
int g_notify_fd = -1;  // a worker's end of the "reached my loop" pipe

struct Worker {
    pid_t pid;
    int id;
    long long started_ms;
    bool ready;
    bool retiring;         // told to stop by the master: its end is no death
    long long kill_at_ms;  // 0: no deadline
    bool old;              // adopted from the image before a USR2: runs the old code
};

struct Slot {
    long delay_ms = 0;          // the back-off before the last replacement
    long long respawn_at = -1;  // when a replacement is due; -1 none
};

class Master {
public:
    Master(const Config &c, const Hooks &h) : cfg_(c), hooks_(h), slots_(static_cast<size_t>(c.workers)) {}

    // -1 in the master when done, -2 on a setup failure, an id in a worker.
    int run();

private:
    const Config &cfg_;
    const Hooks &hooks_;
    std::vector<Slot> slots_;
    std::vector<Worker> live_;
    int sfd_ = -1;
    int pipe_[2] = {-1, -1};
    sigset_t old_mask_;
    bool stopping_ = false;
    long long stop_deadline_ = 0;
    bool ready_told_ = false;
    // HUP: the ids still to replace, and the one being replaced (-1 none).
    std::deque<int> reload_queue_;
    int reload_id_ = -1;
    pid_t reload_old_ = 0;

    void logf(int level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
    pid_t spawn(int id);  // 0 in the child: called from run()'s loop only
    void child_setup(int id, pid_t master);
    void reap();
    void read_ready();
    void on_signal(int signo);
    void start_stop();
    void next_reload();
    void kill_overdue(long long now);
    int poll_timeout(long long now) const;
    Worker *find(pid_t pid);
    bool id_covered(int id) const;  // a live worker not retiring has this id
    void check_all_ready();
    void adopt();
    void upgrade();
};

void Master::logf(int level, const char *fmt, ...)
{
    if (!hooks_.log) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    hooks_.log(level, buf);
}

Worker *Master::find(pid_t pid)
{
    for (auto &w : live_)
        if (w.pid == pid) return &w;
    return nullptr;
}

bool Master::id_covered(int id) const
{
    for (const auto &w : live_)
        if (w.id == id && !w.retiring) return true;
    return false;
}

void Master::child_setup(int id, pid_t master)
{
    g_master = false;
    g_worker_id = id;
    close(sfd_);
    close(pipe_[0]);
    g_notify_fd = pipe_[1];
    /* A worker outlives no master: one killed, or a new image of the script that failed
     * before it took the pool over, would leave it serving with nobody to stop it. */
    prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
    if (getppid() != master) raise(SIGTERM);
}

pid_t Master::spawn(int id)
{
    pid_t master = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        child_setup(id, master);
        return 0;
    }
    if (pid < 0) {
        logf(LOG_ERR, "Cannot fork worker %d: %s; trying again", id, strerror(errno));
        slots_[static_cast<size_t>(id)].respawn_at = monotonic_ms() + 1000;
        return -1;
    }
    live_.push_back(Worker{pid, id, monotonic_ms(), false, false, 0, false});
    logf(LOG_INFO, "Worker %d started (pid %d)", id, static_cast<int>(pid));
    return pid;
}

void Master::check_all_ready()
{
    if (ready_told_) return;
    for (int id = 0; id < cfg_.workers; ++id) {
        bool ok = false;
        for (const auto &w : live_)
            if (w.id == id && w.ready && !w.old) ok = true;
        if (!ok) return;
    }
    ready_told_ = true;
    logf(LOG_INFO, "All %d workers are running", cfg_.workers);
    if (hooks_.ready) hooks_.ready();
}

void Master::read_ready()
{
    int32_t pids[64];
    for (;;) {
        ssize_t n = read(pipe_[0], pids, sizeof pids);
        if (n <= 0) return;
        for (ssize_t i = 0; i < n / static_cast<ssize_t>(sizeof pids[0]); ++i) {
            Worker *w = find(static_cast<pid_t>(pids[i]));
            if (!w || w->ready) continue;
            w->ready = true;
            // A HUP's replacement runs: now the worker it replaces may go.
            if (w->id == reload_id_ && w->pid != reload_old_) {
                Worker *old = reload_old_ > 0 ? find(reload_old_) : nullptr;
                if (old) {
                    logf(LOG_INFO, "Worker %d (pid %d) runs: its predecessor (pid %d) is told to stop", w->id,
                         static_cast<int>(w->pid), static_cast<int>(old->pid));
                    old->retiring = true;
                    old->kill_at_ms = cfg_.grace_ms > 0 ? monotonic_ms() + cfg_.grace_ms : 0;
                    kill(old->pid, SIGTERM);
                } else {
                    next_reload();
                }
            }
        }
        check_all_ready();
    }
}

void Master::next_reload()
{
    reload_id_ = -1;
    reload_old_ = 0;
    while (!stopping_ && !reload_queue_.empty()) {
        int id = reload_queue_.front();
        reload_queue_.pop_front();
        Worker *old = nullptr;
        for (auto &w : live_)
            if (w.id == id && !w.retiring) old = &w;
        if (!old) continue;  // dead: its replacement is the new code already
        reload_id_ = id;
        reload_old_ = old->pid;
        // Forks happen in run()'s loop only: a child must not unwind through here.
        slots_[static_cast<size_t>(id)].respawn_at = 0;
        return;
    }
}

void Master::reap()
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        Worker *w = find(pid);
        if (!w) continue;
        Worker dead = *w;
        live_.erase(live_.begin() + (w - live_.data()));
        long long now = monotonic_ms();
        if (WIFSIGNALED(status)) {
            char buf[32];
            const char *name = sig::name(WTERMSIG(status), buf, sizeof buf);
            logf(dead.retiring || stopping_ ? LOG_INFO : LOG_WARNING, "Worker %d (pid %d) was killed by %s", dead.id,
                 static_cast<int>(pid), name ? name : "a signal");
        } else {
            int code = WEXITSTATUS(status);
            logf(code == 0 || dead.retiring || stopping_ ? LOG_INFO : LOG_WARNING,
                 code == 0 ? "Worker %d (pid %d) ended normally (exit status %d)"
                           : "Worker %d (pid %d) exited with status %d",
                 dead.id, static_cast<int>(pid), code);
        }
        if (pid == reload_old_) next_reload();
        // The replacement a HUP started is replaced itself when it dies before it runs.
        bool reloading = dead.id == reload_id_ && pid != reload_old_;
        if (stopping_ || dead.retiring || (id_covered(dead.id) && !reloading)) continue;
        Slot &s = slots_[static_cast<size_t>(dead.id)];
        s.delay_ms = restart_delay_ms(s.delay_ms, now - dead.started_ms, cfg_.min_uptime_ms);
        s.respawn_at = now + s.delay_ms;
        if (s.delay_ms > 0)
            logf(LOG_NOTICE, "Worker %d died within appMinUptime: replaced in %ld ms", dead.id, s.delay_ms);
    }
}

void Master::start_stop()
{
    if (stopping_) return;
    stopping_ = true;
    if (hooks_.stopping) hooks_.stopping();
    reload_queue_.clear();
    stop_deadline_ = cfg_.grace_ms > 0 ? monotonic_ms() + cfg_.grace_ms : 0;
    for (auto &s : slots_) s.respawn_at = -1;
    for (auto &w : live_) kill(w.pid, SIGTERM);
}

void Master::on_signal(int signo)
{
    switch (signo) {
        case SIGCHLD: reap(); break;
        case SIGTERM:
        case SIGINT:
        case SIGQUIT: {
            char buf[32];
            logf(LOG_INFO, "Received %s: stopping the %zu workers", sig::name(signo, buf, sizeof buf), live_.size());
            start_stop();
            break;
        }
        case SIGUSR2: upgrade(); break;
        case SIGHUP:
            if (hooks_.reload) hooks_.reload();
            if (stopping_) break;
            logf(LOG_INFO, "Received SIGHUP: replacing the workers one at a time");
            reload_queue_.clear();
            for (int id = 0; id < cfg_.workers; ++id)
                if (id != reload_id_) reload_queue_.push_back(id);
            if (reload_id_ < 0) next_reload();
            break;
        default: break;
    }
}

void Master::upgrade()
{
    if (!hooks_.upgrade) return;
    if (stopping_) {
        logf(LOG_NOTICE, "Received SIGUSR2 while stopping: ignored");
        return;
    }
    logf(LOG_INFO, "Received SIGUSR2: executing the script anew in this process (pid %d)", static_cast<int>(getpid()));
    std::string why = hooks_.upgrade_check ? hooks_.upgrade_check() : "";
    if (!why.empty()) {
        logf(LOG_ERR, "SIGUSR2: the workers go on with the code they run: %s", why.c_str());
        return;
    }
    /* What came during the check is handled first: the new image would get a pending
     * signal before it waits for signals again (PHP unblocks its own at startup). */
    std::vector<int> came;
    struct signalfd_siginfo si;
    while (read(sfd_, &si, sizeof si) == static_cast<ssize_t>(sizeof si))
        came.push_back(static_cast<int>(si.ssi_signo));
    for (int s : came)
        if (s != SIGUSR2) on_signal(s);
    if (stopping_) {
        logf(LOG_NOTICE, "SIGUSR2: a stop came first; not executing the script anew");
        return;
    }
    std::vector<Adopted> workers;
    for (const auto &w : live_) workers.push_back(Adopted{w.pid, w.id, w.retiring});
    why = hooks_.upgrade(workers);
    logf(LOG_ERR, "SIGUSR2: the workers go on with the code they run: %s", why.c_str());
}

/* The workers of the image before a USR2 go on serving until a worker of the new code
 * runs in each one's place, as on HUP; ids the new code no longer has only end. */
void Master::adopt()
{
    long long now = monotonic_ms();
    for (const Adopted &a : cfg_.adopted) {
        bool surplus = a.id >= cfg_.workers;
        live_.push_back(Worker{a.pid, a.id, now, true, a.retiring || surplus, 0, true});
        /* One told to stop before the exec gets its grace again, not none. */
        if (a.retiring || surplus) live_.back().kill_at_ms = cfg_.grace_ms > 0 ? now + cfg_.grace_ms : 0;
        if (surplus && !a.retiring) {
            logf(LOG_INFO, "Worker %d (pid %d) of the previous code: appWorkers is %d now, so it is told to stop", a.id,
                 static_cast<int>(a.pid), cfg_.workers);
            kill(a.pid, SIGTERM);
        }
    }
    if (!cfg_.adopted.empty())
        logf(LOG_INFO, "Took over %zu workers of the previous code: replacing them one at a time", cfg_.adopted.size());
    for (int id = 0; id < cfg_.workers; ++id)
        if (id_covered(id)) reload_queue_.push_back(id);
    next_reload();
    /* One that ended during the exec was not reaped by anybody yet. */
    reap();
}

void Master::kill_overdue(long long now)
{
    for (auto &w : live_) {
        long long at = stopping_ && stop_deadline_ > 0 ? stop_deadline_ : w.retiring ? w.kill_at_ms : 0;
        if (at == 0 || now < at || w.kill_at_ms < 0) continue;
        logf(LOG_WARNING, "Worker %d (pid %d) did not stop within appStopGraceSec: killed", w.id,
             static_cast<int>(w.pid));
        kill(w.pid, SIGKILL);
        w.kill_at_ms = -1;  // killed once
    }
}

int Master::poll_timeout(long long now) const
{
    long long next = -1;
    auto consider = [&next](long long at) {
        if (at > 0 && (next < 0 || at < next)) next = at;
    };
    for (const auto &s : slots_)
        if (s.respawn_at >= 0) consider(s.respawn_at == 0 ? 1 : s.respawn_at);
    for (const auto &w : live_) {
        if (w.kill_at_ms < 0) continue;
        if (stopping_)
            consider(stop_deadline_);
        else if (w.retiring)
            consider(w.kill_at_ms);
    }
    if (hooks_.tick && hooks_.tick_due_ms) consider(hooks_.tick_due_ms());
    if (next < 0) return -1;
    return next <= now ? 0 : static_cast<int>(next - now);
}

int Master::run()
{
    sigset_t set;
    wait_set(&set);
    if (sigprocmask(SIG_BLOCK, &set, &old_mask_) != 0) return -2;
    /* Blocked by the USR2 that executed this image, not by the script. */
    if (cfg_.after_upgrade)
        for (int s = 1; s < NSIG; ++s)
            if (sigismember(&set, s)) sigdelset(&old_mask_, s);
    sfd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd_ < 0 || pipe2(pipe_, O_CLOEXEC) != 0) {
        int e = errno;
        sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
        if (sfd_ >= 0) close(sfd_);
        errno = e;
        return -2;
    }
    fcntl(pipe_[0], F_SETFL, O_NONBLOCK);
    g_master = true;
    g_count = cfg_.workers;
    if (cfg_.after_upgrade) adopt();
    if (cfg_.stop_at_once) {
        logf(LOG_INFO, "A stop signal came before the pool started: not starting any worker");
        start_stop();
    }
    int recorded[16];
    int n_recorded = hooks_.recorded ? hooks_.recorded(recorded, 16) : 0;
    for (int i = 0; i < n_recorded; ++i) on_signal(recorded[i]);
    for (int id = 0; id < cfg_.workers; ++id)
        if (!stopping_ && !id_covered(id) && spawn(id) == 0) return id;
    for (;;) {
        long long now = monotonic_ms();
        for (size_t id = 0; id < slots_.size(); ++id) {
            Slot &s = slots_[id];
            if (s.respawn_at < 0 || s.respawn_at > now || stopping_) continue;
            s.respawn_at = -1;
            if (spawn(static_cast<int>(id)) == 0) return static_cast<int>(id);
        }
        kill_overdue(now);
        if (stopping_ && live_.empty()) break;
        if (hooks_.tick && hooks_.tick_due_ms) {
            long long due = hooks_.tick_due_ms();
            if (due > 0 && due <= now) hooks_.tick();
        }
        struct pollfd fds[2] = {{sfd_, POLLIN, 0}, {pipe_[0], POLLIN, 0}};
        int n = poll(fds, 2, poll_timeout(now));
        if (n < 0 && errno != EINTR) {
            logf(LOG_ERR, "poll: %s", strerror(errno));
            sleep(1);
        }
        if (n <= 0) continue;
        if (fds[1].revents & POLLIN) read_ready();
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(sfd_, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
                on_signal(static_cast<int>(si.ssi_signo));
            }
        }
    }
    close(sfd_);
    close(pipe_[0]);
    close(pipe_[1]);
    sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
    return -1;
}

}  // namespace

int run(const Config &config, const Hooks &hooks)
{
    if (config.workers < 1) {
        errno = EINVAL;
        return -2;
    }
    Master m(config, hooks);
    return m.run();
}

void wait_set(sigset_t *set)
{
    sigemptyset(set);
    for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR2}) sigaddset(set, s);
}

std::string format_adopted(const std::vector<Adopted> &workers)
{
    std::string s;
    for (const Adopted &w : workers) {
        if (!s.empty()) s += ',';
        s += std::to_string(w.pid) + ':' + std::to_string(w.id);
        if (w.retiring) s += ":r";
    }
    return s;
}

std::vector<Adopted> parse_adopted(const char *text)
{
    std::vector<Adopted> out;
    if (!text) return out;
    const char *p = text;
    while (*p) {
        char *end = nullptr;
        long pid = strtol(p, &end, 10);
        if (end == p || *end != ':') return {};
        p = end + 1;
        long id = strtol(p, &end, 10);
        if (end == p) return {};
        bool retiring = false;
        if (end[0] == ':' && end[1] == 'r') {
            retiring = true;
            end += 2;
        }
        if (*end != ',' && *end != '\0') return {};
        p = *end ? end + 1 : end;
        if (pid <= 0 || id < 0 || id > 100000) continue;
        /* A child of ours, dead or alive, not yet reaped: WNOWAIT leaves it to reap(). */
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_PID, static_cast<id_t>(pid), &si, WEXITED | WNOHANG | WNOWAIT) != 0) continue;
        out.push_back(Adopted{static_cast<pid_t>(pid), static_cast<int>(id), retiring});
    }
    return out;
}

int worker_id()
{
    return g_worker_id;
}

int worker_count()
{
    return g_count;
}

bool is_master()
{
    return g_master;
}

void set_comm(const char *name)
{
    prctl(PR_SET_NAME, name, 0, 0, 0);
}

void worker_loop_reached()
{
    if (g_notify_fd < 0) return;
    int32_t pid = static_cast<int32_t>(getpid());
    ssize_t n;
    do n = write(g_notify_fd, &pid, sizeof pid);
    while (n < 0 && errno == EINTR);
    close(g_notify_fd);
    g_notify_fd = -1;
}

}  // namespace pool
}  // namespace sd
