// ext/core/pool: a master forks N workers with ids 0..N-1, says "ready" once each
// reached its loop, replaces a killed worker with its id, backs off a worker that dies
// young, replaces every worker one at a time on HUP (the new one runs before the old
// one is told to stop) and, on TERM, stops them all and returns.
#include "core/pool.h"

#include "core/fd.h"

#include "check.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <string>

namespace {

int g_report = -1;  // workers write "id pid\n" here once they run
int g_ready_fd = -1;
volatile sig_atomic_t g_term = 0;
bool g_die_at_once = false;  // workers with id 0 exit as soon as they start
bool g_ignore_term = false;  // workers that never stop on their own
bool g_adopt_stubborn = false;  // the master adopts, as retiring, a child that ignores TERM

void on_term(int) { g_term = 1; }

std::string g_log_path;  // the master's lines also go there when set
void hook_log(int, const char *msg) {
    fprintf(stderr, "  [master] %s\n", msg);
    if (g_log_path.empty()) return;
    FILE *f = fopen(g_log_path.c_str(), "a");
    if (!f) return;
    fprintf(f, "%s\n", msg);
    fclose(f);
}
void hook_ready() { (void)!write(g_ready_fd, "R", 1); }

// The watchdog hook: due every 100 ms, each call noted on a pipe.
int g_tick_fd = -1;
long long g_tick_due = 0;
long long mono_ms();
void hook_tick()
{
    (void)!write(g_tick_fd, "T", 1);
    g_tick_due = mono_ms() + 100;
}
long long hook_tick_due() { return g_tick_due; }

long long mono_ms() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

[[noreturn]] void worker_body(int id) {
    CHECK(sd::pool::worker_id() == id);
    CHECK(!sd::pool::is_master());
    char line[64];
    int n = snprintf(line, sizeof line, "%d %d\n", id, static_cast<int>(getpid()));
    (void)!write(g_report, line, static_cast<size_t>(n));
    if (g_die_at_once && id == 0) _exit(3);
    struct sigaction sa {};
    sa.sa_handler = g_ignore_term ? SIG_IGN : on_term;
    sigaction(SIGTERM, &sa, nullptr);
    sd::pool::worker_loop_reached();
    while (!g_term) pause();
    _exit(g_failures ? 1 : 0);
}

struct Pool {
    pid_t master = -1;
    int report = -1;
    int ready = -1;
    std::string buf;

    void start(int n, long grace_ms, long long min_uptime_ms) {
        int rp[2], rd[2];
        CHECK(pipe(rp) == 0 && pipe(rd) == 0);
        master = fork();
        if (master == 0) {
            close(rp[0]);
            close(rd[0]);
            g_report = rp[1];
            g_ready_fd = rd[1];
            sd::pool::Config c;
            c.workers = n;
            c.grace_ms = grace_ms;
            c.min_uptime_ms = min_uptime_ms;
            if (g_adopt_stubborn) {
                pid_t old = fork();
                if (old == 0) {
                    signal(SIGTERM, SIG_IGN);
                    for (;;) pause();
                }
                c.adopted = {{old, 0, true}};
                c.after_upgrade = true;
            }
            sd::pool::Hooks h;
            h.log = hook_log;
            h.ready = hook_ready;
            if (g_tick_fd >= 0) {
                h.tick = hook_tick;
                h.tick_due_ms = hook_tick_due;
                g_tick_due = mono_ms();
            }
            int r = sd::pool::run(c, h);
            if (r >= 0) worker_body(r);
            _exit(r == -1 ? 0 : 2);
        }
        close(rp[1]);
        close(rd[1]);
        report = rp[0];
        ready = rd[0];
    }

    // The next "id pid" a worker reports, within ms; false on timeout.
    bool next(int *id, pid_t *pid, int ms) {
        long long end = mono_ms() + ms;
        for (;;) {
            size_t nl = buf.find('\n');
            if (nl != std::string::npos) {
                int i = -1, p = -1;
                sscanf(buf.c_str(), "%d %d", &i, &p);
                buf.erase(0, nl + 1);
                *id = i;
                *pid = p;
                return true;
            }
            long long left = end - mono_ms();
            if (left <= 0) return false;
            struct pollfd pfd = {report, POLLIN, 0};
            if (poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
            char tmp[256];
            ssize_t n = read(report, tmp, sizeof tmp);
            if (n <= 0) return false;
            buf.append(tmp, static_cast<size_t>(n));
        }
    }

    bool got_ready(int ms) {
        struct pollfd pfd = {ready, POLLIN, 0};
        if (poll(&pfd, 1, ms) <= 0) return false;
        char c;
        return read(ready, &c, 1) == 1;
    }

    // TERM to the master: it must return (exit 0) within ms, its workers gone.
    void stop(int ms) {
        kill(master, SIGTERM);
        long long end = mono_ms() + ms;
        int st = -1;
        pid_t r = 0;
        while ((r = waitpid(master, &st, WNOHANG)) == 0 && mono_ms() < end) usleep(5000);
        CHECK(r == master);
        if (r != master) {
            kill(master, SIGKILL);
            waitpid(master, &st, 0);
        }
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        close(report);
        close(ready);
    }
};

bool gone(pid_t pid) {
    // A worker is the master's child: once the master returned it was reaped.
    return kill(pid, 0) != 0;
}

void test_ids_ready_and_stop() {
    Pool p;
    p.start(3, 2000, 0);
    std::map<int, pid_t> ids;
    for (int i = 0; i < 3; ++i) {
        int id = -1;
        pid_t pid = -1;
        CHECK(p.next(&id, &pid, 5000));
        ids[id] = pid;
    }
    CHECK(ids.size() == 3 && ids.count(0) && ids.count(1) && ids.count(2));
    CHECK(p.got_ready(5000));
    p.stop(5000);
    for (auto &kv : ids) CHECK(gone(kv.second));
}

// A master with nothing else to do still feeds the service manager's watchdog on time
// (systemd kills a unit whose main process misses WatchdogSec=).
void test_idle_master_ticks() {
    int tp[2];
    CHECK(pipe(tp) == 0);
    g_tick_fd = tp[1];
    Pool p;
    p.start(1, 2000, 0);
    close(tp[1]);
    g_tick_fd = -1;
    int id = -1;
    pid_t pid = -1;
    CHECK(p.next(&id, &pid, 5000));
    CHECK(p.got_ready(5000));
    fcntl(tp[0], F_SETFL, O_NONBLOCK);
    char drain[256];
    while (read(tp[0], drain, sizeof drain) > 0) {
    }
    usleep(1050000);
    ssize_t n = read(tp[0], drain, sizeof drain);
    CHECK(n >= 7 && n <= 12);  // every 100 ms over a second, the machine's noise allowed
    p.stop(5000);
    close(tp[0]);
}

void test_killed_worker_comes_back_with_its_id() {
    Pool p;
    p.start(4, 2000, 10000);
    std::map<int, pid_t> ids;
    for (int i = 0; i < 4; ++i) {
        int id = -1;
        pid_t pid = -1;
        CHECK(p.next(&id, &pid, 5000));
        ids[id] = pid;
    }
    // Two at once: both come back, each with its own id.
    kill(ids[1], SIGKILL);
    kill(ids[3], SIGKILL);
    long long t0 = mono_ms();
    std::set<int> back;
    for (int i = 0; i < 2; ++i) {
        int id = -1;
        pid_t pid = -1;
        CHECK(p.next(&id, &pid, 1000));
        CHECK(pid != ids[id]);
        back.insert(id);
    }
    CHECK(back == (std::set<int>{1, 3}));
    CHECK(mono_ms() - t0 < 1000);
    p.stop(5000);
}

void test_young_deaths_back_off() {
    g_die_at_once = true;
    Pool p;
    p.start(1, 1000, 10000);
    // 0, 0.1, 0.2, 0.4, 0.8 s: five starts in 1.2 s at most, instead of hundreds.
    int starts = 0, id;
    pid_t pid = -1;
    long long end = mono_ms() + 1200;
    while (p.next(&id, &pid, static_cast<int>(std::max(1LL, end - mono_ms())))) ++starts;
    CHECK(starts >= 3 && starts <= 5);
    g_die_at_once = false;
    p.stop(5000);
}

void test_hup_replaces_one_at_a_time() {
    char tmpl[] = "/tmp/sd-pool-log.XXXXXX";
    int lfd = mkstemp(tmpl);
    CHECK(lfd >= 0);
    close(lfd);
    g_log_path = tmpl;
    Pool p;
    p.start(3, 2000, 0);
    std::map<int, pid_t> ids;
    for (int i = 0; i < 3; ++i) {
        int id = -1;
        pid_t pid = -1;
        CHECK(p.next(&id, &pid, 5000));
        ids[id] = pid;
    }
    CHECK(p.got_ready(5000));
    kill(p.master, SIGHUP);
    std::map<int, pid_t> fresh;
    for (int i = 0; i < 3; ++i) {
        int id = -1;
        pid_t pid = -1;
        CHECK(p.next(&id, &pid, 5000));
        CHECK(pid != ids[id]);
        fresh[id] = pid;
    }
    CHECK(fresh.size() == 3);
    long long end = mono_ms() + 3000;
    while (!gone(ids[2]) && mono_ms() < end) usleep(2000);
    p.stop(5000);
    g_log_path.clear();
    // For each id in turn: the new worker starts, runs, then the old one is told and
    // ends; only then does the next id's replacement start.
    std::string want;
    for (int id = 0; id < 3; ++id) {
        char b[256];
        snprintf(b, sizeof b,
                 "Worker %d started (pid %d)\nWorker %d (pid %d) runs: its predecessor (pid %d) is told to stop\n"
                 "Worker %d (pid %d) ended normally (exit status 0)\n",
                 id, fresh[id], id, fresh[id], ids[id], id, ids[id]);
        want += b;
    }
    FILE *f = fopen(tmpl, "r");
    std::string log;
    char line[512];
    while (f && fgets(line, sizeof line, f)) log += line;
    if (f) fclose(f);
    unlink(tmpl);
    size_t at = log.find("Received SIGHUP: replacing the workers one at a time\n");
    CHECK(at != std::string::npos);
    if (at != std::string::npos) {
        std::string after = log.substr(at + strlen("Received SIGHUP: replacing the workers one at a time\n"));
        CHECK(after.compare(0, want.size(), want) == 0);
    }
}

void test_stop_is_bounded() {
    // Workers that ignore TERM are killed once the grace is over.
    Pool p;
    g_ignore_term = true;
    p.start(2, 300, 0);
    g_ignore_term = false;
    int id = -1;
    pid_t pid = -1;
    CHECK(p.next(&id, &pid, 5000));
    CHECK(p.next(&id, &pid, 5000));
    CHECK(p.got_ready(5000));
    long long t0 = mono_ms();
    p.stop(3000);
    CHECK(mono_ms() - t0 < 2000);
}

// A worker of the image before a USR2 that was already told to stop when the exec
// came: its grace starts again in the new master, and ends with a kill.
void test_adopted_retiring_worker_is_killed_after_its_grace() {
    char tmpl[] = "/tmp/sd-pool-log.XXXXXX";
    int lfd = mkstemp(tmpl);
    CHECK(lfd >= 0);
    close(lfd);
    g_log_path = tmpl;
    g_adopt_stubborn = true;
    Pool p;
    p.start(1, 300, 0);
    g_adopt_stubborn = false;
    int id = -1;
    pid_t pid = -1;
    CHECK(p.next(&id, &pid, 5000) && id == 0);
    CHECK(p.got_ready(5000));
    // Read before the stop: the stop's own deadline would kill it too.
    std::string log;
    long long end = mono_ms() + 3000;
    while (log.find("did not stop within appStopGraceSec: killed") == std::string::npos && mono_ms() < end) {
        usleep(20000);
        sd::UniqueFd fd(open(tmpl, O_RDONLY | O_CLOEXEC));
        log.clear();
        if (fd) sd::read_all(fd.get(), log, 1 << 20);
    }
    CHECK(log.find("did not stop within appStopGraceSec: killed") != std::string::npos);
    p.stop(5000);
    g_log_path.clear();
    unlink(tmpl);
}

void test_set_comm_cuts_to_15() {
    // In a child: the test program's own name stays for the other tests' messages.
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        sd::pool::set_comm("a-long-app-name: worker 12");
        char buf[64] = {0};
        int fd = open("/proc/self/comm", O_RDONLY);
        ssize_t n = read(fd, buf, sizeof buf - 1);
        (void)!write(fds[1], buf, n > 0 ? static_cast<size_t>(n) : 0);
        _exit(0);
    }
    close(fds[1]);
    char got[64] = {0};
    ssize_t n = read(fds[0], got, sizeof got - 1);
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    CHECK(n > 0);
    CHECK(std::string(got) == "a-long-app-name\n");
}

}  // namespace

// The adopted workers' variable: only children of this process, not yet reaped, are
// taken; anything else in it is nobody's worker.
void test_adopted_are_children_only() {
    pid_t kid = fork();
    if (kid == 0) {
        pause();
        _exit(0);
    }
    pid_t dead = fork();
    if (dead == 0) _exit(3);
    siginfo_t si;
    waitid(P_PID, static_cast<id_t>(dead), &si, WEXITED | WNOWAIT);  // a zombie, not reaped
    std::vector<sd::pool::Adopted> in = {{kid, 0, false}, {dead, 1, true}, {1, 2, false}, {getpid(), 3, false}};
    std::string text = sd::pool::format_adopted(in);
    CHECK(text == std::to_string(kid) + ":0," + std::to_string(dead) + ":1:r,1:2," + std::to_string(getpid()) + ":3");
    std::vector<sd::pool::Adopted> out = sd::pool::parse_adopted(text.c_str());
    CHECK(out.size() == 2);
    if (out.size() == 2) {
        CHECK(out[0].pid == kid && out[0].id == 0 && !out[0].retiring);
        CHECK(out[1].pid == dead && out[1].id == 1 && out[1].retiring);
    }
    CHECK(sd::pool::parse_adopted("12:x").empty());
    CHECK(sd::pool::parse_adopted((std::to_string(kid) + ":0;").c_str()).empty());
    CHECK(sd::pool::parse_adopted(nullptr).empty());
    // Still there for whoever reaps it.
    int st = 0;
    CHECK(waitpid(dead, &st, 0) == dead && WIFEXITED(st) && WEXITSTATUS(st) == 3);
    kill(kid, SIGKILL);
    waitpid(kid, &st, 0);
    CHECK(sd::pool::parse_adopted((std::to_string(kid) + ":0").c_str()).empty());  // reaped: gone
}

// A stop that came before run(): recorded by the script's handler, or the master
// already dying: no worker is forked, run() returns in the master at once.
int g_recorded_signal = 0;
int hook_recorded(int *signals, int max) {
    if (max < 1 || !g_recorded_signal) return 0;
    signals[0] = g_recorded_signal;
    return 1;
}
void test_stop_before_run_starts_no_worker() {
    for (int how = 0; how < 2; ++how) {
        int forked[2];
        CHECK(pipe(forked) == 0);
        pid_t c = fork();
        if (c == 0) {
            close(forked[0]);
            sd::pool::Config cfg;
            cfg.workers = 3;
            cfg.grace_ms = 1000;
            cfg.stop_at_once = how == 0;
            sd::pool::Hooks h;
            g_recorded_signal = how == 1 ? SIGTERM : 0;
            h.recorded = hook_recorded;
            int r = sd::pool::run(cfg, h);
            if (r >= 0) (void)!write(forked[1], "W", 1);  // a worker was forked
            _exit(r == -1 ? 0 : 10 + r);
        }
        close(forked[1]);
        int st = 0;
        waitpid(c, &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        char buf[8];
        CHECK(read(forked[0], buf, sizeof buf) == 0);  // no worker ever ran
        close(forked[0]);
    }
}

int main() {
    static const NamedTest tests[] = {
        {"stop_before_run_starts_no_worker", test_stop_before_run_starts_no_worker},
        {"adopted_retiring_killed", test_adopted_retiring_worker_is_killed_after_its_grace},
        {"adopted_are_children_only", test_adopted_are_children_only},
        {"ids_ready_and_stop", test_ids_ready_and_stop},
        {"idle_master_ticks", test_idle_master_ticks},
        {"killed_worker_keeps_id", test_killed_worker_comes_back_with_its_id},
        {"young_deaths_back_off", test_young_deaths_back_off},
        {"hup_one_at_a_time", test_hup_replaces_one_at_a_time},
        {"stop_is_bounded", test_stop_is_bounded},
        {"set_comm_cuts_to_15", test_set_comm_cuts_to_15},
    };
    return run_tests("test_pool", tests);
}
