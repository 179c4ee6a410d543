// sd::LogSink under failures: a path that cannot be opened again after a rename, and
// a disk that fills up in the middle of a line.
#include "core/logsink.h"

#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace {

int failures = 0;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
            ++failures;                                                                  \
        }                                                                                \
    } while (0)

std::string g_tmp;

std::string slurp(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string line(char c, size_t len) {
    return std::string(len - 1, c) + "\n";
}

// Every line of `s` is one of the whole lines written: len bytes of one letter.
bool only_whole_lines(const std::string &s, size_t len) {
    if (s.size() % len != 0) return false;
    for (size_t at = 0; at < s.size(); at += len) {
        if (s.compare(at, len, line(s[at], len)) != 0) return false;
    }
    return true;
}

void test_rename_then_cannot_create() {
    std::string path = g_tmp + "/app.log";
    sd::LogSink sink;
    sink.set_path(path);
    std::string w;
    CHECK(sink.write("one\n", 1));
    CHECK(rename(path.c_str(), (path + ".1").c_str()) == 0);
    // Whatever stops the new file from being created (here a directory in its place,
    // which stops root too).
    CHECK(mkdir(path.c_str(), 0755) == 0);
    CHECK(sink.write("two\n", 2));
    CHECK(sink.take_warning(w));
    CHECK(w.find(path) != std::string::npos);
    CHECK(w.find("previous log file") != std::string::npos);
    CHECK(sink.write("three\n", 3));
    CHECK(!sink.take_warning(w));  // said once
    CHECK(slurp(path + ".1") == "one\ntwo\nthree\n");
    // Once the path can be opened again, lines go there, and nothing is copied twice.
    CHECK(rmdir(path.c_str()) == 0);
    CHECK(sink.write("four\n", 4));
    CHECK(!sink.take_warning(w));
    CHECK(slurp(path) == "four\n");
    CHECK(slurp(path + ".1") == "one\ntwo\nthree\n");
    sink.close();
}

// In a child: the file size limit makes the 4th line of 300 bytes a short write.
void test_file_size_limit_child(const std::string &path) {
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl;
    getrlimit(RLIMIT_FSIZE, &rl);
    rl.rlim_cur = 1000;
    CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0);
    sd::LogSink sink;
    sink.set_path(path);
    CHECK(sink.write(line('a', 300), 1));
    CHECK(sink.write(line('b', 300), 1));
    CHECK(sink.write(line('c', 300), 1));
    CHECK(!sink.write(line('d', 300), 1));
    CHECK(!sink.last_error().empty());
    CHECK(slurp(path).size() == 900);
    rl.rlim_cur = rl.rlim_max;
    CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0);
    CHECK(sink.write(line('e', 300), 1));
    std::string s = slurp(path);
    CHECK(s.size() == 1200);
    CHECK(only_whole_lines(s, 300));
    sink.close();
}

// In a child with its own mount namespace: a 64 KiB tmpfs really fills up.
void test_full_tmpfs_child(const std::string &dir) {
    if (unshare(CLONE_NEWNS) != 0 || mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0) {
        std::printf("(no tmpfs: %s; skipped) ", std::strerror(errno));
        _exit(0);
    }
    std::string path = dir + "/full.log";
    sd::LogSink sink;
    sink.set_path(path);
    int ok = 0, failed = 0;
    for (int i = 0; i < 400; ++i) {
        if (sink.write(line(static_cast<char>('a' + i % 26), 333), 1)) {
            ++ok;
        } else {
            ++failed;
        }
    }
    CHECK(ok > 0);
    CHECK(failed > 0);
    std::string s = slurp(path);
    CHECK(only_whole_lines(s, 333));
    CHECK(s.size() == static_cast<size_t>(ok) * 333);
    sink.close();
    umount(dir.c_str());
}

int run_child(void (*fn)(const std::string &), const std::string &arg) {
    pid_t c = fork();
    if (c == 0) {
        failures = 0;
        fn(arg);
        _exit(failures ? 1 : 0);
    }
    int st = 0;
    waitpid(c, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

}  // namespace

int main() {
    setvbuf(stdout, nullptr, _IONBF, 0);
    char tmpl[] = "/tmp/sd-logsink-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 1;
    }
    g_tmp = tmpl;

    std::printf("logsink_rename_cannot_create ");
    int before = failures;
    test_rename_then_cannot_create();
    std::printf("%s\n", failures == before ? "ok" : "FAILED");

    std::printf("logsink_file_size_limit      ");
    int r = run_child(test_file_size_limit_child, g_tmp + "/limit.log");
    std::printf("%s\n", r == 0 ? "ok" : "FAILED");
    if (r) ++failures;

    std::printf("logsink_full_tmpfs           ");
    std::string mnt = g_tmp + "/mnt";
    mkdir(mnt.c_str(), 0755);
    r = run_child(test_full_tmpfs_child, mnt);
    std::printf("%s\n", r == 0 ? "ok" : "FAILED");
    if (r) ++failures;

    std::string cmd = "rm -rf '" + g_tmp + "'";
    if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "cannot remove %s\n", g_tmp.c_str());
    std::printf("test_logsink: %d failure(s)\n", failures);
    return failures ? 1 : 0;
}
