// The small harness the core test programs share: CHECK() counts a failure and says
// where (with the pid: forked test children report through their exit status), and
// run_tests() runs a table of named tests and returns the program's exit status.
#ifndef SD_TESTS_CORE_CHECK_H
#define SD_TESTS_CORE_CHECK_H

#include <unistd.h>

#include <cstdio>
#include <string>

inline int g_failures = 0;

#define CHECK(cond)                                                                               \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            ++g_failures;                                                                         \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed (pid %d)\n", __FILE__, __LINE__, #cond, \
                         static_cast<int>(getpid()));                                             \
        }                                                                                         \
    } while (0)

struct NamedTest {
    const char *name;
    void (*fn)();
};

template <size_t N>
int run_tests(const char *program, const NamedTest (&tests)[N]) {
    for (const auto &t : tests) {
        int before = g_failures;
        t.fn();
        std::printf("%-28s %s\n", t.name, g_failures == before ? "ok" : "FAIL");
    }
    std::printf("%s: %d failure(s)\n", program, g_failures);
    return g_failures == 0 ? 0 : 1;
}

#endif
