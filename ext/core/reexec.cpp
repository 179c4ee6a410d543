#include "core/reexec.h"

#include "core/backoff.h"
#include "core/fdscan.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char **environ;

namespace sd {

std::string reexec(std::vector<std::string> argv, int keep_end, const std::string &cwd,
                   const std::vector<int> &also_keep)
{
    if (argv.empty()) return "nothing to execute";
    cloexec_from(keep_end);
    for (int fd : also_keep) {
        int fl = fd >= 0 ? fcntl(fd, F_GETFD) : -1;
        if (fl >= 0) fcntl(fd, F_SETFD, fl & ~FD_CLOEXEC);
    }
    // Relative arguments mean what they meant at the launch; a dropped identity may
    // not enter that directory, and then it runs from where it is. A process that goes
    // on after a failed exec (a pool's master) goes back where it was.
    int here = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
    }
    std::vector<char *> args;
    for (auto &a : argv) args.push_back(&a[0]);
    args.push_back(nullptr);
    ::execve(args[0], args.data(), process_environ());
    std::string why = std::string("cannot execute ") + argv[0] + ": " + std::strerror(errno);
    if (here >= 0) {
        if (fchdir(here) != 0) {
        }
        close(here);
    }
    return why;
}

int run_check(const std::vector<std::string> &argv, long timeout_ms, std::string &output)
{
    output.clear();
    if (argv.empty()) {
        output = "nothing to run";
        return -1;
    }
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        output = std::string("pipe: ") + std::strerror(errno);
        return -1;
    }
    std::vector<std::string> words = argv;
    std::vector<char *> args;
    for (auto &a : words) args.push_back(&a[0]);
    args.push_back(nullptr);
    char **env = process_environ();
    pid_t pid = fork();
    if (pid == 0) {
        // Not the caller's blocked signals (a pool's master blocks what it waits for).
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        dup2(p[1], STDOUT_FILENO);
        dup2(p[1], STDERR_FILENO);
        int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null >= 0) dup2(null, STDIN_FILENO);
        ::execve(args[0], args.data(), env);
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        output = std::string("fork: ") + std::strerror(errno);
        return -1;
    }
    long long deadline = monotonic_ms() + timeout_ms;
    bool late = false;
    for (;;) {
        long long left = deadline - monotonic_ms();
        if (left <= 0) {
            late = true;
            break;
        }
        struct pollfd pfd = {p[0], POLLIN, 0};
        int n = poll(&pfd, 1, static_cast<int>(left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue;
        char buf[1024];
        ssize_t r = read(p[0], buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        if (output.size() < 4096) output.append(buf, static_cast<size_t>(r));
    }
    close(p[0]);
    if (late) kill(pid, SIGKILL);
    int st = 0;
    // Its output may end before it does: the wait is bounded too.
    for (;;) {
        pid_t r = waitpid(pid, &st, late ? 0 : WNOHANG);
        if (r == pid || (r < 0 && errno != EINTR)) break;
        if (r == 0 && monotonic_ms() >= deadline) {
            late = true;
            kill(pid, SIGKILL);
            continue;
        }
        if (r == 0) usleep(1000);
    }
    if (late) {
        output = "took more than " + std::to_string(timeout_ms) + " ms";
        return -1;
    }
    if (WIFSIGNALED(st)) {
        output = "killed by signal " + std::to_string(WTERMSIG(st));
        return -1;
    }
    return WEXITSTATUS(st);
}

char **process_environ()
{
    // The main program first (its copy of the variable, if it has one), then its
    // libraries: not this module's own search order, which deep binding puts first.
    static void *program = dlopen(nullptr, RTLD_NOW);
    void *sym = program ? dlsym(program, "environ") : nullptr;
    return sym ? *static_cast<char ***>(sym) : environ;
}

std::vector<std::string> environment_now()
{
    std::vector<std::string> env;
    for (char **e = process_environ(); e && *e; ++e) env.emplace_back(*e);
    return env;
}

void environment_replace(const std::vector<std::string> &env)
{
    clearenv();
    for (const std::string &e : env) {
        std::string::size_type eq = e.find('=');
        if (eq == std::string::npos || eq == 0) continue;
        ::setenv(e.substr(0, eq).c_str(), e.c_str() + eq + 1, 1);
    }
}

}  // namespace sd
