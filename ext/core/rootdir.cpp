#include "core/rootdir.h"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>

namespace sd {

std::string dir_not_roots_alone(const std::string &file) {
    std::string::size_type slash = file.rfind('/');
    std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : file.substr(0, slash));
    char buf[PATH_MAX];
    if (!::realpath(dir.c_str(), buf)) return {};
    std::string real = buf;
    std::string path = "/";
    std::string::size_type at = 1;
    for (;;) {
        struct stat st;
        if (::lstat(path.c_str(), &st) != 0) return "cannot examine " + path;
        if (!S_ISDIR(st.st_mode) || st.st_uid != 0) return path + " is not a directory owned by root";
        if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX)) return path + " is writable by others than root";
        if (at >= real.size()) break;
        std::string::size_type next = real.find('/', at);
        if (next == std::string::npos) next = real.size();
        path = real.substr(0, next);
        at = next + 1;
    }
    return {};
}

}  // namespace sd
