// ext/core/fdscan: the descriptors seen at startup are told from ones opened later
// (and from a number reused for another file); cloexec_from() marks from a bound on.
#include "core/fdscan.h"

#include "check.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace {

bool has(const std::vector<int> &v, int fd) { return std::find(v.begin(), v.end(), fd) != v.end(); }

void test_lists_open_fds() {
    int a = open("/dev/null", O_RDONLY);
    std::vector<int> seen;
    sd::for_each_open_fd([&](int fd) { seen.push_back(fd); });
    CHECK(has(seen, a));
    CHECK(has(seen, 0));
    close(a);
    seen.clear();
    sd::for_each_open_fd([&](int fd) { seen.push_back(fd); });
    CHECK(!has(seen, a));
    std::vector<sd::OpenFd> from = sd::open_fds_from(3);
    for (const auto &o : from) CHECK(o.fd >= 3);
}

void test_keeps_what_was_not_inherited() {
    int inherited = open("/dev/null", O_RDONLY);
    int used = open("/dev/zero", O_RDONLY);
    std::vector<sd::OpenFd> at_start = sd::open_fds_from(3);
    int later = open("/dev/null", O_RDONLY);
    std::vector<int> keep = sd::fds_to_keep(at_start, {used});
    CHECK(!has(keep, inherited));  // inherited, unused: closed by start()
    CHECK(has(keep, used));        // inherited, but a stream of the script uses it
    CHECK(has(keep, later));       // opened after startup
    for (int fd : keep) CHECK(fd >= 3);
    // The same number now naming another file is not the inherited descriptor.
    close(inherited);
    int reused = open("/proc/self/status", O_RDONLY);
    CHECK(reused == inherited);
    keep = sd::fds_to_keep(at_start, {});
    CHECK(has(keep, reused));
    close(reused);
    close(used);
    close(later);
}

void test_cloexec_from() {
    int low = open("/dev/null", O_RDONLY);
    int high = fcntl(low, F_DUPFD, 200);
    CHECK(high >= 200);
    sd::cloexec_from(high);
    CHECK((fcntl(high, F_GETFD) & FD_CLOEXEC) != 0);
    CHECK((fcntl(low, F_GETFD) & FD_CLOEXEC) == 0);
    close(low);
    close(high);
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"lists_open_fds", test_lists_open_fds},
        {"keeps_what_was_not_inherited", test_keeps_what_was_not_inherited},
        {"cloexec_from", test_cloexec_from},
    };
    return run_tests("test_fdscan", tests);
}
