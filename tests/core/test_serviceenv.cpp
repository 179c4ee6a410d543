// ext/core/serviceenv: the service manager's variables leave the environment once and
// come back for a new image; the watchdog follows sdnotify's rule for WATCHDOG_PID.
#include "core/serviceenv.h"

#include "check.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::string forgotten;
void forget(const char *name) { forgotten += std::string(name) + ";"; }

void test_take_and_restore() {
    setenv("NOTIFY_SOCKET", "@sd-test", 1);
    setenv("WATCHDOG_USEC", "2000000", 1);
    setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
    sd::ServiceEnv env;
    env.take(forget);
    CHECK(!getenv("NOTIFY_SOCKET") && !getenv("WATCHDOG_USEC") && !getenv("WATCHDOG_PID"));
    CHECK(forgotten == "NOTIFY_SOCKET;WATCHDOG_USEC;WATCHDOG_PID;");
    CHECK(env.notify_socket() == "@sd-test");
    CHECK(env.watchdog_usec(getpid()) == 2000000u);
    CHECK(env.watchdog_usec(getpid() + 1) == 0);  // a forked worker feeds no watchdog
    // A second take() (start() again after a failed one) keeps what the first took.
    setenv("NOTIFY_SOCKET", "/other", 1);
    env.take(forget);
    CHECK(env.notify_socket() == "@sd-test");
    unsetenv("NOTIFY_SOCKET");
    env.restore();
    CHECK(getenv("NOTIFY_SOCKET") && strcmp(getenv("NOTIFY_SOCKET"), "@sd-test") == 0);
    CHECK(getenv("WATCHDOG_USEC") && strcmp(getenv("WATCHDOG_USEC"), "2000000") == 0);
    // An exec that failed: they leave the environment again, and stay known.
    env.unrestore();
    CHECK(!getenv("NOTIFY_SOCKET") && !getenv("WATCHDOG_USEC") && !getenv("WATCHDOG_PID"));
    CHECK(env.notify_socket() == "@sd-test");
}

void test_empty_counts_as_unset() {
    setenv("NOTIFY_SOCKET", "", 1);
    forgotten.clear();
    sd::ServiceEnv env;
    env.take(forget);
    CHECK(!getenv("NOTIFY_SOCKET"));  // removed anyway
    CHECK(forgotten == "NOTIFY_SOCKET;");
    CHECK(env.notify_socket().empty());
    CHECK(env.watchdog_usec(getpid()) == 0);
    env.restore();
    CHECK(!getenv("NOTIFY_SOCKET"));  // nothing to put back
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"take_and_restore", test_take_and_restore},
        {"empty_counts_as_unset", test_empty_counts_as_unset},
    };
    return run_tests("test_serviceenv", tests);
}
