#include "core/reexec.h"

#include "core/fdscan.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char **environ;

namespace sd {

std::string reexec(std::vector<std::string> argv, int keep_end, const std::string &cwd) {
    if (argv.empty()) return "nothing to execute";
    cloexec_from(keep_end);
    // Relative arguments mean what they meant at the launch; a dropped identity may
    // not enter that directory, and then it runs from where it is.
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
    }
    std::vector<char *> args;
    for (auto &a : argv) args.push_back(&a[0]);
    args.push_back(nullptr);
    ::execve(args[0], args.data(), environ);
    return std::string("cannot execute ") + argv[0] + ": " + std::strerror(errno);
}

}  // namespace sd
