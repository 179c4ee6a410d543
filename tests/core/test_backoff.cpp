// ext/core/backoff: the waits double from 0.1 s up to 30 s while restarts come too
// fast, a healthy image resets them, and the state crosses the exec intact.
#include "core/backoff.h"

#include "check.h"

namespace {

void test_delays() {
    CHECK(sd::restart_delay_ms(0, 500, 10000) == 100);
    CHECK(sd::restart_delay_ms(100, 500, 10000) == 200);
    CHECK(sd::restart_delay_ms(12800, 500, 10000) == 25600);
    CHECK(sd::restart_delay_ms(25600, 500, 10000) == 30000);
    CHECK(sd::restart_delay_ms(30000, 500, 10000) == 30000);
    // healthy: reset
    CHECK(sd::restart_delay_ms(30000, 10000, 10000) == 0);
    // no minimum uptime: never waits
    CHECK(sd::restart_delay_ms(400, 5, 0) == 0);
}

void test_state() {
    sd::RestartState s{123456789012LL, 800};
    sd::RestartState back;
    CHECK(sd::restart_state_parse(sd::restart_state_format(s).c_str(), back));
    CHECK(back.exec_ms == s.exec_ms && back.delay_ms == 800);
    for (const char *bad : {"", "1", "1:", ":1", "x:1", "1:2x", "-1:5", "1:-5", "1:99999999"}) {
        sd::RestartState untouched{7, 7};
        CHECK(!sd::restart_state_parse(bad, untouched));
        CHECK(untouched.exec_ms == 7 && untouched.delay_ms == 7);
    }
    CHECK(!sd::restart_state_parse(nullptr, back));
    CHECK(sd::monotonic_ms() > 0);
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"delays", test_delays},
        {"state", test_state},
    };
    return run_tests("test_backoff", tests);
}
