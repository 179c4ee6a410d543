// Which thread owns the process-wide facts (signal dispositions, the daemon, the pid
// file): only the main thread can claim them, other threads are refused with a reason,
// and a child forked from the owner still owns them.
#include "core/owner.h"
#include "check.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>

namespace {


bool contains(const std::string &s, const char *part) { return s.find(part) != std::string::npos; }

void test_main_thread_claims() {
    // Before any claim the daemon's figures are the loading thread's (this one).
    bool other_counts = true;
    std::thread t([&] { other_counts = sd::owner::is_daemon_thread(); });
    t.join();
    CHECK(sd::owner::is_daemon_thread());
    CHECK(!other_counts);
    CHECK(sd::owner::on_main_thread());
    CHECK(!sd::owner::claimed());
    CHECK(!sd::owner::is_mine());
    CHECK(sd::owner::claim().empty());
    CHECK(sd::owner::claimed());
    CHECK(sd::owner::is_mine());
    // A second claim by the owner (setSigHandler() then start()) is no refusal.
    CHECK(sd::owner::claim().empty());
}

void test_other_thread_refused() {
    std::string why;
    bool main = true, mine = true, still_claimed = false;
    std::thread t([&] {
        main = sd::owner::on_main_thread();
        mine = sd::owner::is_mine();
        why = sd::owner::claim();
        // Another thread's request end must not free what the owner holds.
        sd::owner::release();
        still_claimed = sd::owner::claimed();
    });
    t.join();
    CHECK(!main);
    CHECK(!mine);
    CHECK(contains(why, "is not the main thread of process"));
    CHECK(contains(why, std::to_string(getpid()).c_str()));
    CHECK(still_claimed);
    CHECK(sd::owner::is_mine());
    bool other_counts = true;
    std::thread u([&] { other_counts = sd::owner::is_daemon_thread(); });
    u.join();
    CHECK(!other_counts);
    CHECK(sd::owner::is_daemon_thread());
}

int child_status(pid_t pid) {
    int st = 0;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) return -1;
    return WEXITSTATUS(st);
}

void test_forked_owner_still_owns() {
    pid_t pid = fork();
    if (pid == 0) _exit(sd::owner::on_main_thread() && sd::owner::is_mine() && sd::owner::claim().empty() ? 0 : 1);
    CHECK(pid > 0 && child_status(pid) == 0);
}

void test_fork_from_other_thread_refused() {
    // The child of a fork() made by a thread that is not the owner is single-threaded
    // (so its thread is its main one), but it is no copy of the owner.
    int code = -1;
    std::thread t([&] {
        pid_t pid = fork();
        if (pid == 0) {
            std::string why = sd::owner::claim();
            _exit(sd::owner::on_main_thread() && !sd::owner::is_mine() && contains(why, "already owns") ? 0 : 1);
        }
        code = pid > 0 ? child_status(pid) : -1;
    });
    t.join();
    CHECK(code == 0);
}

void test_release() {
    sd::owner::release();
    CHECK(!sd::owner::claimed());
    CHECK(!sd::owner::is_mine());
    std::string why;
    std::thread t([&] { why = sd::owner::claim(); });
    t.join();
    CHECK(!why.empty());
    CHECK(!sd::owner::claimed());
    CHECK(sd::owner::claim().empty());
    sd::owner::release();
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"main_thread_claims", test_main_thread_claims},
        {"other_thread_refused", test_other_thread_refused},
        {"forked_owner_still_owns", test_forked_owner_still_owns},
        {"fork_from_other_thread_refused", test_fork_from_other_thread_refused},
        {"release", test_release},
    };
    return run_tests("test_owner", tests);
}
