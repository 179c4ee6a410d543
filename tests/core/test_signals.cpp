// ext/core/signals: the recording handler (notes, counts, sender details, the wake
// hook), dispositions installed and restored, our mask, the interruptible sleep, child
// reaping and the late SIGCHLD install, the graceful stop's timer and the stop forced
// from the handler when the script cannot notice.
#include "core/signals.h"

#include "process.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>

extern char **environ;

namespace {

// Each test runs in a forked child: dispositions, masks, timers and the recorded notes
// are process-wide, so no test sees what another left behind.
void in_child(void (*body)()) {
    pid_t c = test_fork();
    if (c == 0) {
        body();
        child_done();
    }
    CHECK(exited_ok(wait_child(c, 20000)));
}

timespec after_ms(long ms) {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_nsec -= 1000000000L;
        ts.tv_sec += 1;
    }
    return ts;
}

// A helper process that sends signo to this one after delay_ms.
pid_t send_later(int signo, long delay_ms) {
    pid_t target = getpid();
    pid_t c = fork();
    if (c == 0) {
        sleep_ms(delay_ms);
        kill(target, signo);
        _exit(0);
    }
    return c;
}

std::atomic<int> foreign_hits{0};
void foreign_handler(int) { foreign_hits.fetch_add(1); }

// Installs foreign_handler without SA_RESTART, as pcntl or another extension might.
void install_foreign(int signo) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = foreign_handler;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(signo, &sa, nullptr) == 0);
}

bool blocked_now(int signo) {
    sigset_t cur;
    sigprocmask(SIG_SETMASK, nullptr, &cur);
    return sigismember(&cur, signo) == 1;
}

int flags_of(int signo) {
    struct sigaction sa;
    sigaction(signo, nullptr, &sa);
    return sa.sa_flags;
}

void test_names() {
    char buf[32];
    CHECK(std::strcmp(sd::sig::name(SIGTERM, buf, sizeof buf), "SIGTERM") == 0);
    CHECK(std::strcmp(sd::sig::name(SIGCHLD, buf, sizeof buf), "SIGCHLD") == 0);
    const char *rt = sd::sig::name(SIGRTMIN + 2, buf, sizeof buf);
    CHECK(rt == buf && std::strcmp(buf, "SIGRTMIN+2") == 0);
    CHECK(sd::sig::name(0, buf, sizeof buf) == nullptr);
    CHECK(std::strcmp(buf, "signal 0") == 0);

    CHECK(sd::sig::exists(SIGUSR1));
    CHECK(sd::sig::exists(SIGRTMAX));
    CHECK(!sd::sig::exists(0));
    CHECK(!sd::sig::exists(-1));
    CHECK(!sd::sig::exists(sd::sig::kMax));

    for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT, SIGSYS, SIGKILL, SIGSTOP})
        CHECK(sd::sig::is_refused(s));
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGCHLD, SIGPIPE}) CHECK(!sd::sig::is_refused(s));
}

// A delivery is noted, not acted on: counted per signal with the sender's details,
// taken once, and the "something pending" flag set until cleared.
void test_install_records() {
    in_child([] {
        CHECK(sd::sig::current(SIGUSR1) == sd::sig::Disposition::Default);
        CHECK(sd::sig::install(SIGUSR1));
        CHECK(sd::sig::current(SIGUSR1) == sd::sig::Disposition::Ours);
        CHECK(sd::sig::handler_address(SIGUSR1) != nullptr);
        sd::sig::Info info;
        CHECK(!sd::sig::any_pending());
        CHECK(!sd::sig::take(SIGUSR1, info));

        CHECK(kill(getpid(), SIGUSR1) == 0);
        CHECK(kill(getpid(), SIGUSR1) == 0);
        CHECK(sd::sig::any_pending());
        CHECK(!sd::sig::take(SIGUSR2, info));
        CHECK(sd::sig::take(SIGUSR1, info));
        CHECK(info.signo == SIGUSR1);
        CHECK(info.count == 2);
        CHECK(info.code == SI_USER);
        CHECK(info.pid == getpid());
        CHECK(info.uid == getuid());
        CHECK(!sd::sig::take(SIGUSR1, info));

        // The flag is the caller's to clear; taking notes leaves it.
        CHECK(sd::sig::any_pending());
        sd::sig::clear_any_pending();
        CHECK(!sd::sig::any_pending());
        sd::sig::mark_pending();
        CHECK(sd::sig::any_pending());

        CHECK(!sd::sig::take(0, info));
        CHECK(!sd::sig::take(sd::sig::kMax, info));
    });
}

// SIGCHLD carries the child's pid and exit status.
void test_sigchld_status() {
    in_child([] {
        CHECK(sd::sig::install(SIGCHLD));
        pid_t c = fork();
        if (c == 0) _exit(7);
        sd::sig::Info info;
        long long deadline = now_ms() + 5000;
        bool got = false;
        while (!(got = sd::sig::take(SIGCHLD, info)) && now_ms() < deadline) sleep_ms(2);
        CHECK(got);
        CHECK(info.pid == c);
        CHECK(info.code == CLD_EXITED);
        CHECK(info.status == 7);
        CHECK(exit_code(wait_child(c)) == 7);
    });
}

// SA_RESTART only on request; refused and unknown signals are never installed.
void test_install_flags_and_refusals() {
    in_child([] {
        CHECK(sd::sig::install(SIGUSR1));
        CHECK((flags_of(SIGUSR1) & SA_RESTART) != 0);
        CHECK((flags_of(SIGUSR1) & SA_SIGINFO) != 0);
        CHECK(sd::sig::install(SIGUSR1, false));
        CHECK((flags_of(SIGUSR1) & SA_RESTART) == 0);

        // A handler without SA_RESTART makes a blocking read() fail with EINTR.
        int p[2];
        CHECK(pipe(p) == 0);
        pid_t helper = send_later(SIGUSR1, 100);
        char b;
        ssize_t n = read(p[0], &b, 1);
        CHECK(n < 0 && errno == EINTR);
        CHECK(exited_ok(wait_child(helper)));
        close(p[0]);
        close(p[1]);

        for (int s : {SIGSEGV, SIGKILL, SIGSTOP, 0, sd::sig::kMax}) {
            sd::sig::Disposition before = sd::sig::current(s);
            CHECK(!sd::sig::install(s));
            CHECK(!sd::sig::set_ignore(s));
            CHECK(sd::sig::current(s) == before);
        }
        CHECK(sd::sig::current(0) == sd::sig::Disposition::Invalid);
    });
}

// restore() puts back what was there before the first change, whoever installed it,
// and forgets notes taken under our handler.
void test_restore() {
    in_child([] {
        install_foreign(SIGUSR2);
        CHECK(sd::sig::current(SIGUSR2) == sd::sig::Disposition::Foreign);
        CHECK(sd::sig::handler_address(SIGUSR2) == reinterpret_cast<void *>(foreign_handler));
        CHECK(sd::sig::install(SIGUSR2));
        CHECK(sd::sig::set_ignore(SIGUSR2));
        CHECK(sd::sig::current(SIGUSR2) == sd::sig::Disposition::Ignore);
        CHECK(sd::sig::install(SIGUSR2));
        kill(getpid(), SIGUSR2);
        CHECK(foreign_hits.load() == 0);
        sd::sig::restore(SIGUSR2);
        CHECK(sd::sig::current(SIGUSR2) == sd::sig::Disposition::Foreign);
        CHECK(sd::sig::handler_address(SIGUSR2) == reinterpret_cast<void *>(foreign_handler));
        sd::sig::Info info;
        CHECK(!sd::sig::take(SIGUSR2, info));
        kill(getpid(), SIGUSR2);
        CHECK(foreign_hits.load() == 1);

        // A second restore, and one of a signal never changed, do nothing.
        CHECK(sd::sig::set_ignore(SIGHUP));
        sd::sig::restore(SIGUSR2);
        CHECK(sd::sig::current(SIGUSR2) == sd::sig::Disposition::Foreign);
        sd::sig::restore(SIGUSR1);
        CHECK(sd::sig::current(SIGUSR1) == sd::sig::Disposition::Default);

        CHECK(sd::sig::set_default(SIGPIPE));
        CHECK(sd::sig::install(SIGTERM));
        sd::sig::restore_all();
        CHECK(sd::sig::current(SIGHUP) == sd::sig::Disposition::Default);
        CHECK(sd::sig::current(SIGTERM) == sd::sig::Disposition::Default);
        CHECK(sd::sig::current(SIGPIPE) == sd::sig::Disposition::Default);
    });
}

// The wake hook runs in the handler, for every delivery: a self-pipe written there
// wakes a poll() that the note alone could not.
int wake_pipe[2] = {-1, -1};
void wake_by_pipe() {
    char c = 'w';
    if (write(wake_pipe[1], &c, 1) < 0) {
    }
}

void test_wake_hook() {
    in_child([] {
        CHECK(pipe(wake_pipe) == 0);
        sd::sig::set_wake_hook(wake_by_pipe);
        CHECK(sd::sig::install(SIGUSR1));
        pid_t helper = send_later(SIGUSR1, 50);
        struct pollfd pf = {wake_pipe[0], POLLIN, 0};
        int r;
        do {
            r = poll(&pf, 1, 5000);
        } while (r < 0 && errno == EINTR);
        CHECK(r == 1);
        char c = 0;
        CHECK(read(wake_pipe[0], &c, 1) == 1 && c == 'w');
        sd::sig::Info info;
        CHECK(sd::sig::take(SIGUSR1, info));
        CHECK(exited_ok(wait_child(helper)));

        // Unhooked: a delivery is still noted, the pipe stays empty.
        sd::sig::set_wake_hook(nullptr);
        kill(getpid(), SIGUSR1);
        CHECK(sd::sig::take(SIGUSR1, info));
        pf.revents = 0;
        CHECK(poll(&pf, 1, 0) == 0);
    });
}

// block_ours() holds back exactly our signals until unblock().
void test_block_ours() {
    in_child([] {
        CHECK(sd::sig::install(SIGUSR1));
        install_foreign(SIGUSR2);
        sigset_t old;
        sd::sig::block_ours(&old);
        CHECK(blocked_now(SIGUSR1));
        CHECK(!blocked_now(SIGUSR2));
        kill(getpid(), SIGUSR1);
        sd::sig::Info info;
        CHECK(!sd::sig::take(SIGUSR1, info));
        sd::sig::unblock(&old);
        CHECK(!blocked_now(SIGUSR1));
        CHECK(sd::sig::take(SIGUSR1, info));

        // A signal no longer ours is no longer blocked: replaced, or restored.
        CHECK(sd::sig::set_ignore(SIGUSR1));
        sd::sig::block_ours(&old);
        CHECK(!blocked_now(SIGUSR1));
        sd::sig::unblock(&old);
        CHECK(sd::sig::install(SIGUSR1));
        sd::sig::restore(SIGUSR1);
        sd::sig::block_ours(&old);
        CHECK(!blocked_now(SIGUSR1));
        sd::sig::unblock(&old);
    });
}

void test_sleep_until() {
    in_child([] {
        CHECK(sd::sig::install(SIGUSR1));
        install_foreign(SIGUSR2);

        long long t0 = now_ms();
        CHECK(sd::sig::sleep_until(after_ms(100)) == sd::sig::Wake::Timeout);
        long long slept = now_ms() - t0;
        CHECK(slept >= 90 && slept < 3000);
        CHECK(sd::sig::sleep_until(after_ms(-10)) == sd::sig::Wake::Timeout);

        // Recorded before the call: no sleep at all.
        kill(getpid(), SIGUSR1);
        t0 = now_ms();
        CHECK(sd::sig::sleep_until(after_ms(5000)) == sd::sig::Wake::Pending);
        CHECK(now_ms() - t0 < 1000);
        sd::sig::Info info;
        CHECK(sd::sig::take(SIGUSR1, info));
        sd::sig::clear_any_pending();

        // Arriving during the sleep ends it.
        pid_t helper = send_later(SIGUSR1, 100);
        t0 = now_ms();
        CHECK(sd::sig::sleep_until(after_ms(5000)) == sd::sig::Wake::Pending);
        CHECK(now_ms() - t0 < 3000);
        CHECK(exited_ok(wait_child(helper)));
        CHECK(sd::sig::take(SIGUSR1, info));
        sd::sig::clear_any_pending();

        // Sent while blocked, just before the sleep: the kernel holds it, and the
        // sleep's own unblocking delivers it (no lost wake-up).
        sigset_t old;
        sd::sig::block_ours(&old);
        kill(getpid(), SIGUSR1);
        CHECK(!sd::sig::any_pending());
        t0 = now_ms();
        CHECK(sd::sig::sleep_until(after_ms(5000)) == sd::sig::Wake::Pending);
        CHECK(now_ms() - t0 < 1000);
        CHECK(blocked_now(SIGUSR1));  // the caller's mask is left as it was
        sd::sig::unblock(&old);
        CHECK(sd::sig::take(SIGUSR1, info));
        sd::sig::clear_any_pending();

        // Someone else's handler ran: Interrupted, nothing recorded.
        helper = send_later(SIGUSR2, 100);
        t0 = now_ms();
        CHECK(sd::sig::sleep_until(after_ms(5000)) == sd::sig::Wake::Interrupted);
        CHECK(now_ms() - t0 < 3000);
        CHECK(foreign_hits.load() == 1);
        CHECK(!sd::sig::any_pending());
        CHECK(exited_ok(wait_child(helper)));
    });
}

void test_has_children_and_reap() {
    in_child([] {
        CHECK(!sd::sig::has_children());
        pid_t kids[3];
        for (int i = 0; i < 3; ++i) {
            kids[i] = fork();
            if (kids[i] == 0) _exit(10 + i);
        }
        CHECK(sd::sig::has_children());
        // All three have exited once each can be seen as a zombie.
        for (pid_t k : kids) {
            siginfo_t si;
            std::memset(&si, 0, sizeof si);
            CHECK(waitid(P_PID, static_cast<id_t>(k), &si, WEXITED | WNOWAIT) == 0);
        }
        pid_t keep[] = {kids[1]};
        pid_t pids[3];
        int statuses[3];
        // One at a time when max is 1; the kept child is never reaped.
        size_t n1 = sd::sig::reap_children(keep, 1, pids, statuses, 1);
        CHECK(n1 == 1);
        size_t n2 = sd::sig::reap_children(keep, 1, pids + 1, statuses + 1, 2);
        CHECK(n2 == 1);
        CHECK(sd::sig::reap_children(keep, 1, pids, statuses, 3) == 0);
        std::set<pid_t> reaped = {pids[0], pids[1]};
        CHECK(reaped == (std::set<pid_t>{kids[0], kids[2]}));
        for (size_t i = 0; i < 2; ++i) {
            int want = pids[i] == kids[0] ? 10 : 12;
            CHECK(WIFEXITED(statuses[i]) && WEXITSTATUS(statuses[i]) == want);
        }
        CHECK(sd::sig::has_children());
        CHECK(exit_code(wait_child(kids[1])) == 11);
        CHECK(!sd::sig::has_children());
    });
}

void test_graceful_timer() {
    pid_t c = fork();
    if (c == 0) {
        g_failures = 0;
        alarm(15);  // a child stuck in read() must not outlive the test
        CHECK(sd::sig::install(SIGTERM, false));
        sd::sig::graceful_set(SIGTERM, true);
        CHECK(sd::sig::graceful_setup(200));
        CHECK(!sd::sig::graceful_started());

        struct sigaction sa;
        sigaction(SIGTERM, nullptr, &sa);
        CHECK((sa.sa_flags & SA_RESTART) == 0);

        long long t0 = now_ms();
        kill(getpid(), SIGTERM);
        sd::sig::Info info;
        CHECK(sd::sig::take(SIGTERM, info));
        CHECK(info.code == SI_USER);
        CHECK(sd::sig::graceful_started());

        // A read nobody will satisfy: only the timer's TERM can end it.
        int p[2];
        CHECK(pipe(p) == 0);
        char b;
        ssize_t n = read(p[0], &b, 1);
        int e = errno;
        long long waited = now_ms() - t0;
        CHECK(n < 0 && e == EINTR);
        CHECK(waited >= 150 && waited < 5000);
        CHECK(sd::sig::take(SIGTERM, info));
        CHECK(info.code == SI_TIMER);

        // The period bounds the whole stop: once over, the timer comes once more a
        // second later, for a script that could not take the first one either.
        t0 = now_ms();
        n = read(p[0], &b, 1);
        e = errno;
        waited = now_ms() - t0;
        CHECK(n < 0 && e == EINTR);
        CHECK(waited >= 700 && waited < 5000);
        CHECK(sd::sig::take(SIGTERM, info));
        CHECK(info.code == SI_TIMER);

        // No bound (0): graceful all the same, and no timer ever fires.
        sd::sig::graceful_reset();
        sd::sig::graceful_set(SIGTERM, true);
        CHECK(sd::sig::graceful_setup(0));
        kill(getpid(), SIGTERM);
        CHECK(sd::sig::take(SIGTERM, info));
        CHECK(sd::sig::graceful_started());
        CHECK(sd::sig::grace_deadline_ms() == 0);
        struct timespec ts = {0, 300000000L};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
        CHECK(!sd::sig::take(SIGTERM, info));
        sd::sig::graceful_reset();
        sd::sig::restore_all();
        std::fflush(stderr);
        _exit(g_failures ? 1 : 0);
    }
    int st = 0;
    alarm(20);
    waitpid(c, &st, 0);
    alarm(0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

// A daemon whose first TERM is never taken (the script is inside a call that PHP
// resumes after EINTR): a second TERM, or the grace period's timer, ends it from the
// handler, by the signal itself, after removing the pid file. A worker forked from it is
// not ended that way.
void run_forced_exit(bool by_timer, bool in_fork) {
    char dir[] = "/tmp/sd-core-forced.XXXXXX";
    CHECK(mkdtemp(dir) != nullptr);
    std::string path = std::string(dir) + "/d.pid";
    pid_t c = fork();
    if (c == 0) {
        g_failures = 0;
        alarm(15);
        int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        CHECK(fd >= 0);
        CHECK(write(fd, "1\n", 2) == 2);
        CHECK(sd::sig::install(SIGTERM, false));
        sd::sig::graceful_set(SIGTERM, true);
        CHECK(sd::sig::graceful_setup(by_timer ? 200 : 60000));
        sd::sig::set_exit_pidfile(fd, path.c_str());
        if (in_fork) {
            pid_t w = fork();
            if (w != 0) {
                int wst = 0;
                waitpid(w, &wst, 0);
                _exit(WIFEXITED(wst) ? WEXITSTATUS(wst) : 99);
            }
        }
        kill(getpid(), SIGTERM);
        if (!by_timer) kill(getpid(), SIGTERM);
        struct timespec ts = {1, 0};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
        sd::sig::Info info;
        CHECK(sd::sig::take(SIGTERM, info));
        std::fflush(stderr);
        _exit(g_failures ? 1 : 0);
    }
    int st = 0;
    alarm(20);
    waitpid(c, &st, 0);
    alarm(0);
    struct stat sb;
    if (in_fork) {
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
        CHECK(stat(path.c_str(), &sb) == 0);
    } else {
        CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
        CHECK(stat(path.c_str(), &sb) != 0 && errno == ENOENT);
    }
    unlink(path.c_str());
    rmdir(dir);
}

void test_second_term_forces_exit() { run_forced_exit(false, false); }
void test_grace_timer_forces_exit_when_untaken() { run_forced_exit(true, false); }
void test_no_forced_exit_in_forked_worker() { run_forced_exit(false, true); }

// A forked copy of the daemon has no grace period of its own: TERM there stops at once.
void test_graceful_not_in_forked_copy() {
    CHECK(sd::sig::install(SIGTERM));
    sd::sig::graceful_set(SIGTERM, true);
    CHECK(sd::sig::graceful_setup(1000));
    pid_t c = fork();
    if (c == 0) {
        g_failures = 0;
        kill(getpid(), SIGTERM);
        sd::sig::Info info;
        CHECK(sd::sig::take(SIGTERM, info));
        CHECK(!sd::sig::graceful_started());
        sd::sig::graceful_reset();
        std::fflush(stderr);
        _exit(g_failures ? 1 : 0);
    }
    int st = 0;
    waitpid(c, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(!sd::sig::graceful_started());
    sd::sig::graceful_reset();
    sd::sig::restore_all();
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"names", test_names},
        {"install_records", test_install_records},
        {"sigchld_status", test_sigchld_status},
        {"install_flags_and_refusals", test_install_flags_and_refusals},
        {"restore", test_restore},
        {"wake_hook", test_wake_hook},
        {"block_ours", test_block_ours},
        {"sleep_until", test_sleep_until},
        {"has_children_and_reap", test_has_children_and_reap},
        {"graceful_timer", test_graceful_timer},
        {"graceful_not_in_forked_copy", test_graceful_not_in_forked_copy},
        {"second_term_forces_exit", test_second_term_forces_exit},
        {"grace_timer_forces_exit_when_untaken", test_grace_timer_forces_exit_when_untaken},
        {"no_forced_exit_in_forked_worker", test_no_forced_exit_in_forked_worker},
    };
    return run_tests("test_signals", tests);
}
