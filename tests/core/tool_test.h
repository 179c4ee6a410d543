// What the startup-file and sd_notify tests share: counting checks, a scratch
// directory, running a command through /bin/sh, and waiting. Each test program
// includes it once; the programs check their unit against the real tools where this
// machine has them (a missing tool skips its part).
#ifndef SD_TESTS_CORE_TOOL_TEST_H
#define SD_TESTS_CORE_TOOL_TEST_H

#include "core/render_text.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <initializer_list>
#include <string>

inline int g_failures = 0;
inline int g_checks = 0;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        ++g_checks;                                                                   \
        if (!(cond)) {                                                                \
            ++g_failures;                                                             \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                             \
    } while (0)

#define CHECK_MSG(cond, msg)                                                          \
    do {                                                                              \
        ++g_checks;                                                                   \
        if (!(cond)) {                                                                \
            ++g_failures;                                                             \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n    %s\n", __FILE__, __LINE__, #cond, \
                         std::string(msg).c_str());                                   \
        }                                                                             \
    } while (0)

inline std::string g_tmp;

inline bool exists(const std::string &p) { return ::access(p.c_str(), F_OK) == 0; }

inline bool write_file(const std::string &path, const std::string &body, mode_t mode) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << body;
    f.close();
    return f && ::chmod(path.c_str(), mode) == 0;
}

inline std::string read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Runs cmd through /bin/sh; returns its exit status (-1 when it did not exit) and
// puts stdout in out and stderr in err. Reaps every child that dies meanwhile: the
// daemons an init script starts are orphaned into this process (see main()), and
// start-stop-daemon waits for a stopped daemon to be gone, not a zombie.
inline int run(const std::string &cmd, std::string *out = nullptr, std::string *err = nullptr) {
    const std::string of = g_tmp + "/stdout.txt", ef = g_tmp + "/stderr.txt";
    const std::string full = "(" + cmd + ") </dev/null >" + sd::shell_quote(of) + " 2>" + sd::shell_quote(ef);
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    int st = 0;
    for (;;) {
        int s = 0;
        pid_t r = ::waitpid(-1, &s, 0);
        if (r == pid) {
            st = s;
            break;
        }
        if (r < 0 && errno != EINTR) return -1;
    }
    if (out) *out = read_file(of);
    if (err) *err = read_file(ef);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

inline bool have(const char *tool) {
    return run(std::string("command -v ") + tool + " >/dev/null") == 0;
}

// Alive and not a zombie: nobody may reap orphans in a container.
inline bool alive(long pid) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    if (stat.empty()) return false;
    std::size_t rp = stat.rfind(')');
    return rp != std::string::npos && rp + 2 < stat.size() && stat[rp + 2] != 'Z' && stat[rp + 2] != 'X';
}

template <typename Pred>
inline bool wait_for(Pred pred, int ms) {
    for (int i = 0; i < ms / 20; ++i) {
        if (pred()) return true;
        ::usleep(20000);
    }
    return pred();
}

// The attacker of the threat model: sh -c script as nobody (uid and gid 65534, no
// supplementary groups), in its own session. Returns its pid; kill_and_reap() it.
inline pid_t spawn_as_nobody(const std::string &script) {
    std::fflush(nullptr);
    pid_t p = ::fork();
    if (p == 0) {
        ::setsid();
        ::execlp("setpriv", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", "-c",
                 script.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    return p;
}

// A root process that is nothing to the daemon: it leads its own session, holds
// /dev/null open (as most processes do) and creates mark when HUP or TERM reaches it.
inline pid_t spawn_victim(const std::string &mark) {
    std::fflush(nullptr);
    pid_t p = ::fork();
    if (p == 0) {
        ::setsid();
        std::string sh = "trap 'touch " + sd::shell_quote(mark) + "; exit 0' HUP TERM; while :; do sleep 0.05; done";
        ::execl("/bin/sh", "sh", "-c", sh.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    return p;
}

inline void kill_and_reap(pid_t p) {
    if (p <= 0) return;
    ::kill(p, SIGKILL);
    ::waitpid(p, nullptr, 0);
}

// The attack on a pid file in a directory the daemon user (nobody) can write: root's
// own pid file (holding the victim's pid, as the daemon can write through the
// descriptor it keeps) and a link to /dev/null, which the victim holds open, take
// turns under the name root's script reads. Run from inside dir, owned by nobody;
// "real" is root's file.
inline std::string pid_name_swapper(const std::string &dir, const std::string &name) {
    return "cd " + sd::shell_quote(dir) + " || exit 1; while :; do mv -fT real " + sd::shell_quote(name) +
           "; mv -fT " + sd::shell_quote(name) + " real; ln -sfn /dev/null " + sd::shell_quote(name) +
           "; rm -f " + sd::shell_quote(name) + "; done 2>/dev/null";
}

// Runs tests in a fresh scratch directory (g_tmp), kept when a check failed.
inline int run_tool_tests(const char *program, std::initializer_list<void (*)()> tests) {
    std::string tmpl = std::string("/tmp/sd_") + program + "_XXXXXX";
    if (!::mkdtemp(&tmpl[0])) {
        std::perror("mkdtemp");
        return 2;
    }
    g_tmp = tmpl;
#ifdef PR_SET_CHILD_SUBREAPER
    // Daemons an init script starts are orphaned into this process rather than into a
    // container's pid 1, which may never reap them; the stale-pid-file case needs a
    // KILLed daemon to be really gone.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif
    for (auto t : tests) t();
    if (g_failures == 0) run("rm -rf " + sd::shell_quote(g_tmp));
    else std::fprintf(stderr, "kept %s for inspection\n", g_tmp.c_str());
    std::printf("%s: %d checks, %d failed\n", program, g_checks, g_failures);
    return g_failures == 0 ? 0 : 1;
}

#endif
