// ext/core/family: a daemon's children and grandchildren are found (orphans too, once
// it is a subreaper), a zombie does not count as running, and signal_all() reaches them.
#include "core/family.h"

#include "check.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>

namespace {

void pause_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

bool contains(const pid_t *p, size_t n, pid_t x) {
    for (size_t i = 0; i < n; ++i)
        if (p[i] == x) return true;
    return false;
}

void test_children_and_grandchildren() {
    // The test runs in its own child, which becomes the "daemon".
    pid_t d = fork();
    if (d == 0) {
        g_failures = 0;
        CHECK(sd::family::become_subreaper());
        int p[2];
        CHECK(pipe(p) == 0);
        pid_t worker = fork();
        if (worker == 0) {
            pid_t grandchild = fork();
            if (grandchild == 0) {
                pause_ms(20000);
                _exit(0);
            }
            CHECK(write(p[1], &grandchild, sizeof grandchild) == sizeof grandchild);
            pause_ms(20000);
            _exit(0);
        }
        pid_t grandchild = 0;
        CHECK(read(p[0], &grandchild, sizeof grandchild) == sizeof grandchild);
        pid_t found[16];
        size_t n = sd::family::live(getpid(), found, 16);
        CHECK(n == 2 && contains(found, n, worker) && contains(found, n, grandchild));
        // The worker dies: its child is re-parented here, still in the family.
        kill(worker, SIGKILL);
        pause_ms(200);
        CHECK(!sd::family::is_live(worker));  // a zombie until reaped
        n = sd::family::live(getpid(), found, 16);
        CHECK(n == 1 && found[0] == grandchild);
        waitpid(worker, nullptr, 0);
        CHECK(sd::family::signal_all(getpid(), SIGTERM) == 1);
        int st = 0;
        CHECK(waitpid(grandchild, &st, 0) == grandchild && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
        CHECK(sd::family::live(getpid(), found, 16) == 0);
        CHECK(sd::family::signal_all(getpid(), SIGTERM) == 0);
        std::fflush(stderr);
        _exit(g_failures ? 1 : 0);
    }
    int st = 0;
    alarm(30);
    waitpid(d, &st, 0);
    alarm(0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"children_and_grandchildren", test_children_and_grandchildren},
    };
    return run_tests("test_family", tests);
}
