#include "core/startup_files.h"

#include "core/fd.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace sd {

bool path_exists(const std::string &path)
{
    struct stat st;
    return !path.empty() && stat(path.c_str(), &st) == 0;
}

bool is_directory(const std::string &path)
{
    struct stat st;
    return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool can_write(const std::string &path)
{
    if (path.empty()) return false;
    if (path.back() == '/' || is_directory(path)) {
        std::string tmp = path + (path.back() == '/' ? "" : "/") + ".sd_writable_XXXXXX";
        UniqueFd fd(mkostemp(&tmp[0], O_CLOEXEC));
        if (!fd) return false;
        unlink(tmp.c_str());
        return true;
    }
    if (UniqueFd(open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC))) return true;
    if (errno != ENOENT) return false;
    if (!UniqueFd(open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600))) return false;
    unlink(path.c_str());
    return true;
}

bool file_starts_with(const std::string &path, const std::string &prefix)
{
    UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (!fd) return false;
    std::string head(prefix.size(), '\0');
    ssize_t n = read(fd.get(), &head[0], head.size());
    return n == static_cast<ssize_t>(prefix.size()) && head == prefix;
}

bool runs_directly(const std::string &script)
{
    struct stat st;
    if (stat(script.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || access(script.c_str(), X_OK) != 0) return false;
    return file_starts_with(script, "#!");
}

std::string absolute_dir(const std::string &dir)
{
    char buf[PATH_MAX];
    if (!dir.empty() && realpath(dir.c_str(), buf)) return buf;
    if (!dir.empty() && dir[0] == '/') return dir;
    if (getcwd(buf, sizeof buf)) return std::string(buf) + "/" + dir;
    return dir;
}

}  // namespace sd
