// ext/core/reexec: the new image runs in cwd with the environment, without the old
// image's descriptors from keep_end on; a failed exec returns why.
#include "core/reexec.h"

#include "core/backoff.h"

#include "check.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace {

int run_child(const std::string &script, int keep_end, const std::string &cwd) {
    pid_t pid = fork();
    if (pid == 0) {
        std::string err = sd::reexec({"/bin/sh", "-c", script}, keep_end, cwd);
        _exit(err.empty() ? 98 : 99);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void test_descriptors_and_cwd() {
    int keep = fcntl(open("/dev/null", O_RDONLY), F_DUPFD, 100);
    int drop = fcntl(keep, F_DUPFD, 150);
    CHECK(keep >= 100 && drop >= 150);
    setenv("SD_REEXEC_TEST", "here", 1);
    std::string script = "[ -e /proc/self/fd/" + std::to_string(keep) + " ] && [ ! -e /proc/self/fd/" +
                         std::to_string(drop) + " ] && [ \"$(pwd)\" = / ] && [ \"$SD_REEXEC_TEST\" = here ]";
    CHECK(run_child(script, keep + 1, "/") == 0);
    unsetenv("SD_REEXEC_TEST");
    close(keep);
    close(drop);
}

void test_failure_returns_reason() {
    std::string err = sd::reexec({"/nonexistent/php"}, 3, "");
    CHECK(err.find("cannot execute /nonexistent/php") == 0);
    // A process that goes on after a failed exec is where it was, not in cwd.
    char before[4096];
    CHECK(getcwd(before, sizeof before) != nullptr);
    CHECK(!sd::reexec({"/nonexistent/php"}, 3, "/").empty());
    char after[4096];
    CHECK(getcwd(after, sizeof after) != nullptr && std::string(after) == before);
    CHECK(!sd::reexec({}, 3, "").empty());
}

void test_environment_snapshot() {
    setenv("SD_REEXEC_SNAP", "a=b", 1);
    std::vector<std::string> env = sd::environment_now();
    setenv("SD_REEXEC_SNAP", "changed", 1);
    setenv("SD_REEXEC_LATER", "1", 1);
    env.push_back("no equals sign");
    sd::environment_replace(env);
    const char *v = getenv("SD_REEXEC_SNAP");
    CHECK(v && std::string(v) == "a=b");
    CHECK(getenv("SD_REEXEC_LATER") == nullptr);
    CHECK(getenv("PATH") != nullptr || env.size() < 3);
    unsetenv("SD_REEXEC_SNAP");
}

void test_run_check() {
    std::string out;
    CHECK(sd::run_check({"/bin/sh", "-c", "echo out; echo err >&2; exit 3"}, 5000, out) == 3);
    CHECK(out.find("out\n") != std::string::npos && out.find("err\n") != std::string::npos);
    CHECK(sd::run_check({"/bin/true"}, 5000, out) == 0 && out.empty());
    CHECK(sd::run_check({"/nonexistent/php"}, 5000, out) == 127);
    long long t0 = sd::monotonic_ms();
    CHECK(sd::run_check({"/bin/sleep", "30"}, 200, out) == -1);
    CHECK(out.find("took more than") == 0);
    CHECK(sd::monotonic_ms() - t0 < 5000);
    CHECK(sd::run_check({"/bin/sh", "-c", "yes | head -c 100000"}, 5000, out) == 0 && out.size() <= 4096 + 1024);
    CHECK(sd::run_check({}, 100, out) == -1);
    // Its output ends long before it does: still bounded.
    t0 = sd::monotonic_ms();
    CHECK(sd::run_check({"/bin/sh", "-c", "exec >/dev/null 2>&1; sleep 30"}, 200, out) == -1);
    CHECK(sd::monotonic_ms() - t0 < 5000);
    // The caller's blocked signals are not the check's.
    sigset_t usr2, old;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, &old);
    CHECK(sd::run_check({"/bin/grep", "^SigBlk", "/proc/self/status"}, 5000, out) == 0);
    CHECK(out.find("0000000000000000") != std::string::npos);
    sigprocmask(SIG_SETMASK, &old, nullptr);
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"run_check", test_run_check},
        {"descriptors_and_cwd", test_descriptors_and_cwd},
        {"environment_snapshot", test_environment_snapshot},
        {"failure_returns_reason", test_failure_returns_reason},
    };
    return run_tests("test_reexec", tests);
}
