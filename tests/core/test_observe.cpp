// ext/core/observe: status renderings carry every figure; the heartbeat is created,
// touched, and never follows a link or opens a FIFO planted at its path.
#include "core/observe.h"

#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace {

sd::StatsSnapshot figures() {
    sd::StatsSnapshot f;
    f.pid = 42;
    f.uptime_sec = 1.5;
    f.iterations = 7;
    f.rss = 1048576;
    f.rss_peak = 2097152;
    f.since_iteration_sec = 0.25;
    f.slowest_iteration_sec = 0.5;
    f.recycles = 0;
    return f;
}

void test_json() {
    std::string s = sd::render_status_json("my\"app", figures());
    CHECK(s == "{\"app\":\"my\\\"app\",\"pid\":42,\"uptime\":1.5,\"iterations\":7,\"rss\":1048576,"
               "\"rssPeak\":2097152,\"sinceIteration\":0.25,\"slowestIteration\":0.5,\"recycles\":0,"
               "\"lastRecycle\":null}\n");
    sd::StatsSnapshot f = figures();
    f.last_recycle = "appMaxIterations";
    CHECK(sd::render_status_json("a", f, 3).find(",\"lastRecycle\":\"appMaxIterations\",\"workers\":3}") !=
          std::string::npos);
}

void test_prom() {
    std::string s = sd::render_status_prom("a\"b", figures());
    CHECK(s.find("# TYPE system_daemon_iterations_total counter\n") != std::string::npos);
    CHECK(s.find("system_daemon_iterations_total{app=\"a\\\"b\"} 7\n") != std::string::npos);
    CHECK(s.find("system_daemon_resident_memory_bytes{app=\"a\\\"b\"} 1048576\n") != std::string::npos);
    CHECK(s.find("system_daemon_workers") == std::string::npos);
    CHECK(sd::status_is_prom("/x/app.prom"));
    CHECK(!sd::status_is_prom("/x/app.json"));
    CHECK(sd::status_summary(figures()).find("7 iterations") != std::string::npos);
}

void test_heartbeat() {
    char dir[] = "/tmp/sd-observe.XXXXXX";
    CHECK(mkdtemp(dir) != nullptr);
    std::string hb = std::string(dir) + "/hb";
    CHECK(sd::touch_heartbeat(hb).empty());
    struct stat st;
    CHECK(stat(hb.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644);
    // an old time is brought to now
    struct timespec old[2] = {{1000, 0}, {1000, 0}};
    CHECK(utimensat(AT_FDCWD, hb.c_str(), old, 0) == 0);
    CHECK(sd::touch_heartbeat(hb).empty());
    CHECK(stat(hb.c_str(), &st) == 0 && st.st_mtime > 1000);
    // a planted link: its target keeps its time, the touch is refused
    std::string target = std::string(dir) + "/target";
    int fd = open(target.c_str(), O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(utimensat(AT_FDCWD, target.c_str(), old, 0) == 0);
    std::string link = std::string(dir) + "/link";
    CHECK(symlink(target.c_str(), link.c_str()) == 0);
    CHECK(!sd::touch_heartbeat(link).empty());
    CHECK(stat(target.c_str(), &st) == 0 && st.st_mtime == 1000);
    // a dangling link is not followed to create its target
    std::string dangling = std::string(dir) + "/dangling";
    std::string nowhere = std::string(dir) + "/nowhere";
    CHECK(symlink(nowhere.c_str(), dangling.c_str()) == 0);
    CHECK(!sd::touch_heartbeat(dangling).empty());
    CHECK(access(nowhere.c_str(), F_OK) != 0);
    // a FIFO neither blocks nor counts
    std::string fifo = std::string(dir) + "/fifo";
    CHECK(mkfifo(fifo.c_str(), 0644) == 0);
    CHECK(!sd::touch_heartbeat(fifo).empty());
    std::string cmd = std::string("rm -rf ") + dir;
    CHECK(std::system(cmd.c_str()) == 0);
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"status_json", test_json},
        {"status_prom", test_prom},
        {"heartbeat", test_heartbeat},
    };
    return run_tests("test_observe", tests);
}
