// Plain C++ checks for what published System_Daemon scripts rely on: appName rules,
// relative locations, the graceful stop's timer, TERM installed without SA_RESTART, and
// the stop forced from the handler when a second TERM finds the first still untaken.
#include "core/options.h"
#include "core/signals.h"
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>

namespace {


long long now_ms() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void test_appname_rule() {
    const sd::OptionDef *d = sd::find_option("appName");
    CHECK(d != nullptr);
    if (!d) return;
    for (const char *ok : {"knx-tracking.php", "LogParser", "a", "my_app-2.0", "x-"}) {
        CHECK(sd::check_string(*d, ok, "").empty());
    }
    for (const char *bad : {"", ".hidden", "-x", "a/b", "a b", "a;b", "a\nb", "caf\xc3\xa9"}) {
        CHECK(!sd::check_string(*d, bad, "").empty());
    }
    CHECK(sd::check_string(*d, std::string(64, 'n'), "").empty());
    CHECK(!sd::check_string(*d, std::string(65, 'n'), "").empty());
}

void test_absolute_path() {
    CHECK(sd::absolute_path("/srv/app", "././example/example.pid") == "/srv/app/example/example.pid");
    CHECK(sd::absolute_path("/srv/app", "x.pid") == "/srv/app/x.pid");
    CHECK(sd::absolute_path("/srv/app/", "a//b/./c.log") == "/srv/app/a/b/c.log");
    CHECK(sd::absolute_path("/srv/app", "../x.pid") == "/srv/app/../x.pid");
    CHECK(sd::absolute_path("/srv/app", "/var/run/x.pid") == "/var/run/x.pid");
    CHECK(sd::absolute_path("/", ".") == "/");
}

// In a child: the first TERM starts the grace period, which re-sends TERM with SI_TIMER.
// TERM is installed without SA_RESTART: a blocking read() returns EINTR.
void test_graceful_timer() {
    pid_t c = fork();
    if (c == 0) {
        g_failures = 0;
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
        {"appname_rule", test_appname_rule},
        {"absolute_path", test_absolute_path},
        {"graceful_timer", test_graceful_timer},
        {"graceful_not_in_forked_copy", test_graceful_not_in_forked_copy},
        {"second_term_forces_exit", test_second_term_forces_exit},
        {"grace_timer_forces_exit_when_untaken", test_grace_timer_forces_exit_when_untaken},
        {"no_forced_exit_in_forked_worker", test_no_forced_exit_in_forked_worker},
    };
    return run_tests("test_compat_core", tests);
}
