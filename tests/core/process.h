// What the core tests that fork, double-fork and change identity share, on top of
// check.h: CHECK_EQ with both values printed, forked children that report through
// their exit status, a private temporary directory (g_tmp), and run_process_tests(),
// which makes this process the subreaper of every daemon a test starts, reaps them
// after each test (one left behind is a failure) and kills them all if a test hangs.
#ifndef SD_TESTS_CORE_PROCESS_H
#define SD_TESTS_CORE_PROCESS_H

#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <sstream>
#include <string>
#include <vector>

inline std::string g_tmp;

template <class A, class B>
inline void check_eq(const A &a, const B &b, const char *ea, const char *eb, const char *file, int line) {
    if (a == b) return;
    ++g_failures;
    std::ostringstream os;
    os << file << ":" << line << ": CHECK_EQ(" << ea << ", " << eb << ") failed: [" << a << "] != [" << b
       << "] (pid " << getpid() << ")\n";
    std::fputs(os.str().c_str(), stderr);
}

#define CHECK_EQ(a, b) check_eq((a), (b), #a, #b, __FILE__, __LINE__)

inline bool contains(const std::string &hay, const std::string &needle) { return hay.find(needle) != std::string::npos; }

// A forked test child reports its CHECK failures through its exit status.
[[noreturn]] inline void child_done() {
    std::fflush(stderr);
    _exit(g_failures ? 1 : 0);
}

// A child counts only its own CHECK failures, not those its parent had before fork().
inline pid_t test_fork() {
    pid_t p = fork();
    if (p == 0) g_failures = 0;
    return p;
}

inline long long now_ms() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

inline void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

// Waits for a child; on timeout kills it, reaps it and returns -1.
inline int wait_child(pid_t pid, int timeout_ms = 10000) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) return st;
        if (r < 0 && errno != EINTR) return -2;
        if (now_ms() > deadline) {
            std::fprintf(stderr, "timeout waiting for pid %d; killing it\n", static_cast<int>(pid));
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        sleep_ms(2);
    }
}

inline bool exited_ok(int st) { return st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0; }
inline int exit_code(int st) { return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1; }

inline std::vector<pid_t> my_children() {
    std::vector<pid_t> out;
    DIR *d = opendir("/proc");
    if (!d) return out;
    while (struct dirent *e = readdir(d)) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0) continue;
        FILE *f = std::fopen(("/proc/" + std::string(e->d_name) + "/stat").c_str(), "r");
        if (!f) continue;
        char buf[1024];
        size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        std::fclose(f);
        buf[n] = '\0';
        const char *rp = std::strrchr(buf, ')');
        char state;
        int ppid;
        if (rp && std::sscanf(rp + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid())
            out.push_back(static_cast<pid_t>(pid));
    }
    closedir(d);
    return out;
}

// Reaps every child (daemons included, thanks to the subreaper flag) within the
// deadline; kills what is still alive after it. Returns how many had to be killed.
inline int reap_all(int timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int st;
        while (waitpid(-1, &st, WNOHANG) > 0) {
        }
        std::vector<pid_t> left = my_children();
        if (left.empty()) return 0;
        if (now_ms() > deadline) {
            for (pid_t p : left) {
                std::fprintf(stderr, "stray process %d left behind; killing it\n", static_cast<int>(p));
                kill(p, SIGKILL);
            }
            while (waitpid(-1, &st, 0) > 0) {
            }
            return static_cast<int>(left.size());
        }
        sleep_ms(5);
    }
}

inline void watchdog(int) {
    static const char msg[] = "watchdog fired; killing children\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    // Not async-signal-safe, but this is the last thing the process does.
    for (pid_t p : my_children()) kill(p, SIGKILL);
    _exit(3);
}

inline std::string read_file(const std::string &path) {
    std::string out;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "<missing>";
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    close(fd);
    return out;
}

inline void write_file(const std::string &path, const std::string &data, mode_t mode = 0644) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return;
    if (write(fd, data.data(), data.size()) < 0) {
    }
    close(fd);
}

inline bool exists(const std::string &path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
}

// Reads everything until EOF or timeout.
inline std::string read_pipe(int fd, int timeout_ms = 10000) {
    std::string out;
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0) break;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        char buf[1024];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

inline bool read_exact(int fd, void *p, size_t n, int timeout_ms = 10000) {
    char *c = static_cast<char *>(p);
    long long deadline = now_ms() + timeout_ms;
    while (n > 0) {
        long long left = deadline - now_ms();
        if (left <= 0) return false;
        struct pollfd pf = {fd, POLLIN, 0};
        int r = poll(&pf, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        ssize_t got = read(fd, c, n);
        if (got <= 0) return false;
        c += got;
        n -= static_cast<size_t>(got);
    }
    return true;
}

inline std::string status_field(const std::string &name) {
    std::istringstream in(read_file("/proc/self/status"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, name.size() + 1, name + ":") != 0) continue;
        std::string v = line.substr(name.size() + 1);
        size_t b = v.find_first_not_of(" \t");
        size_t e = v.find_last_not_of(" \t");
        return b == std::string::npos ? "" : v.substr(b, e - b + 1);
    }
    return "<none>";
}

inline std::string link_target(const std::string &path) {
    char buf[4096];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
    return n < 0 ? "<unreadable>" : std::string(buf, static_cast<size_t>(n));
}

inline std::string pid_line(pid_t pid) { return std::to_string(static_cast<long>(pid)) + "\n"; }

inline int rm_entry(const char *path, const struct stat *, int, struct FTW *) { return remove(path); }

// Runs the tests as root in a fresh temporary directory (g_tmp), reaping after each.
template <size_t N>
int run_process_tests(const char *program, const NamedTest (&tests)[N]) {
    if (geteuid() != 0) {
        std::fprintf(stderr, "%s: must run as root (privilege drops, chown)\n", program);
        return 1;
    }
    setvbuf(stdout, nullptr, _IONBF, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGALRM, watchdog);
    alarm(120);

    char tmpl[] = "/tmp/sd-core-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 1;
    }
    char real[PATH_MAX];
    g_tmp = realpath(tmpl, real) ? real : tmpl;
    chmod(g_tmp.c_str(), 0755);  // an unprivileged stopper must reach the pid file

    for (const auto &t : tests) {
        int before = g_failures;
        t.fn();
        int strays = reap_all(3000);
        if (strays) {
            g_failures += strays;
            std::fprintf(stderr, "%s left %d process(es) behind\n", t.name, strays);
        }
        std::printf("%-28s %s\n", t.name, g_failures == before ? "ok" : "FAIL");
    }

    nftw(g_tmp.c_str(), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    std::printf("%s: %d failure(s)\n", program, g_failures);
    return g_failures ? 1 : 0;
}

#endif
