#include "core/rootdir.h"

#include "core/fd.h"

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <vector>

namespace sd {

namespace {

// Pushes the components of p onto todo so that the first one is walked next.
void push_components(std::vector<std::string> &todo, const std::string &p)
{
    std::vector<std::string> parts = path_components(p);
    todo.insert(todo.end(), parts.rbegin(), parts.rend());
}

// Empty when the directory st describes is root's and writable by root alone, or
// sticky (others may add entries, not rename root's); else why not.
std::string dir_fault(const std::string &path, const struct stat &st)
{
    if (!S_ISDIR(st.st_mode) || st.st_uid != 0) return path + " is not a directory owned by root";
    if ((st.st_mode & 022) && !(st.st_mode & S_ISVTX)) return path + " is writable by others than root";
    return {};
}

}  // namespace

// The name is looked up one component at a time, links followed by hand: a link is
// data in the directory that holds it, so whoever can write that directory chooses
// where the path leads (realpath() would only show where it leads now). Each lookup
// happens in a directory checked just before; once all pass, nothing on the way can
// change, and `resolved` names the file without any link.
std::string dir_not_roots_alone(const std::string &file, std::string *resolved)
{
    if (resolved) resolved->clear();
    std::string::size_type slash = file.rfind('/');
    std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : file.substr(0, slash));
    const std::string leaf = slash == std::string::npos ? file : file.substr(slash + 1);
    std::vector<std::string> todo;
    push_components(todo, dir);
    if (dir[0] != '/') {
        char buf[PATH_MAX];
        if (!::getcwd(buf, sizeof buf)) return "cannot find the working directory";
        push_components(todo, buf);
    }
    std::string cur;  // "" is "/"
    struct stat st;
    if (::lstat("/", &st) != 0) return "cannot examine /";
    std::string why = dir_fault("/", st);
    if (!why.empty()) return why;
    bool others_add = (st.st_mode & 022) != 0;  // sticky and writable by others
    int links = 0;
    while (!todo.empty()) {
        std::string c = todo.back();
        todo.pop_back();
        if (c == ".") continue;
        if (c == "..") {
            // cur holds no link, so its parent is the one already checked.
            std::string::size_type up = cur.rfind('/');
            cur = up == std::string::npos ? std::string() : cur.substr(0, up);
            if (::lstat(cur.empty() ? "/" : cur.c_str(), &st) != 0) return "cannot examine " + cur;
            others_add = (st.st_mode & 022) != 0;
            continue;
        }
        const std::string next = cur + "/" + c;
        if (::lstat(next.c_str(), &st) != 0) return {};  // no such directory: no pid file to believe
        if (S_ISLNK(st.st_mode)) {
            // In a sticky directory others write, their own entries are theirs to swap.
            if (others_add && st.st_uid != 0)
                return next + " is a symbolic link owned by uid " + std::to_string(static_cast<long>(st.st_uid));
            char buf[PATH_MAX];
            ssize_t n = ::readlink(next.c_str(), buf, sizeof buf - 1);
            if (n <= 0 || ++links > 40) return "cannot follow the symbolic link " + next;
            std::string target(buf, static_cast<size_t>(n));
            push_components(todo, target);
            if (target[0] == '/') {
                cur.clear();
                if (::lstat("/", &st) != 0) return "cannot examine /";
                others_add = (st.st_mode & 022) != 0;
            }
            continue;
        }
        why = dir_fault(next, st);
        if (!why.empty()) return why;
        others_add = (st.st_mode & 022) != 0;
        cur = next;
    }
    if (resolved) *resolved = cur + "/" + leaf;
    return {};
}

std::string file_not_roots_alone(const std::string &file)
{
    std::string at;
    std::string why = dir_not_roots_alone(file, &at);
    if (!why.empty()) return why;
    struct stat st;
    if (at.empty() || ::lstat(at.c_str(), &st) != 0) return "cannot examine " + file;
    if (!S_ISREG(st.st_mode) || st.st_uid != 0) return at + " is not a regular file owned by root";
    if (st.st_mode & 022) return at + " is writable by others than root";
    return {};
}

}  // namespace sd
