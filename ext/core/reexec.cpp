#include "core/reexec.h"

#include "core/fdscan.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

extern char **environ;

namespace sd {

std::string reexec(std::vector<std::string> argv, int keep_end, const std::string &cwd, int also_keep)
{
    if (argv.empty()) return "nothing to execute";
    cloexec_from(keep_end);
    if (also_keep >= 0) {
        int fl = fcntl(also_keep, F_GETFD);
        if (fl >= 0) fcntl(also_keep, F_SETFD, fl & ~FD_CLOEXEC);
    }
    // Relative arguments mean what they meant at the launch; a dropped identity may
    // not enter that directory, and then it runs from where it is.
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
    }
    std::vector<char *> args;
    for (auto &a : argv) args.push_back(&a[0]);
    args.push_back(nullptr);
    ::execve(args[0], args.data(), process_environ());
    return std::string("cannot execute ") + argv[0] + ": " + std::strerror(errno);
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
