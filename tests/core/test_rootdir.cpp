// core/rootdir: which pid-file directories root's scripts accept.
#include "core/rootdir.h"

#include "tool_test.h"

#include <cstdio>
#include <string>

namespace {

void test_dirs() {
    CHECK(sd::dir_not_roots_alone("/run/x.pid").empty());
    CHECK(sd::dir_not_roots_alone("/x.pid").empty());
    // Sticky and world-writable, root's: its root-owned entries stay put.
    CHECK(sd::dir_not_roots_alone("/tmp/x.pid").empty());
    CHECK(sd::dir_not_roots_alone(g_tmp + "/missing/x.pid").empty());

    const std::string mine = g_tmp + "/d";
    ::mkdir(mine.c_str(), 0755);
    CHECK(sd::dir_not_roots_alone(mine + "/x.pid").empty());
    // The daemon user's directory, as under its own data directory or a unit's
    // RuntimeDirectory=.
    CHECK(::chown(mine.c_str(), 65534, 65534) == 0);
    std::string why = sd::dir_not_roots_alone(mine + "/x.pid");
    CHECK_MSG(why == mine + " is not a directory owned by root", why);
    // Root's, but group-writable; and a directory under one the daemon user writes.
    CHECK(::chown(mine.c_str(), 0, 65534) == 0 && ::chmod(mine.c_str(), 0775) == 0);
    why = sd::dir_not_roots_alone(mine + "/x.pid");
    CHECK_MSG(why == mine + " is writable by others than root", why);
    ::mkdir((mine + "/sub").c_str(), 0755);
    why = sd::dir_not_roots_alone(mine + "/sub/x.pid");
    CHECK_MSG(why == mine + " is writable by others than root", why);
    // Through a link: what counts is where it leads.
    CHECK(::symlink((mine + "/sub").c_str(), (g_tmp + "/link").c_str()) == 0);
    why = sd::dir_not_roots_alone(g_tmp + "/link/x.pid");
    CHECK_MSG(why == mine + " is writable by others than root", why);
    CHECK(::chmod(mine.c_str(), 01775) == 0);
    std::string at;
    CHECK(sd::dir_not_roots_alone(g_tmp + "/link/x.pid", &at).empty());
    CHECK_MSG(at == mine + "/sub/x.pid", at);

    // A link in the daemon user's directory leads wherever that user likes, however
    // root's the directory it leads to now.
    const std::string home = g_tmp + "/home";
    ::mkdir(home.c_str(), 0755);
    CHECK(::symlink("/run", (home + "/run").c_str()) == 0);
    CHECK(sd::dir_not_roots_alone(home + "/run/x.pid", &at).empty());
    CHECK_MSG(at == "/run/x.pid", at);
    CHECK(::chown(home.c_str(), 65534, 65534) == 0);
    why = sd::dir_not_roots_alone(home + "/run/x.pid", &at);
    CHECK_MSG(why == home + " is not a directory owned by root" && at.empty(), why);
    // Nor may a link root's directory holds lead through one.
    CHECK(::symlink((home + "/run").c_str(), (g_tmp + "/via").c_str()) == 0);
    why = sd::dir_not_roots_alone(g_tmp + "/via/x.pid");
    CHECK_MSG(why == home + " is not a directory owned by root", why);
    // In a sticky directory others write, only root's own links count.
    const std::string sticky = g_tmp + "/sticky";
    ::mkdir(sticky.c_str(), 0755);
    CHECK(::chmod(sticky.c_str(), 01777) == 0);
    CHECK(::symlink("/run", (sticky + "/l").c_str()) == 0);
    CHECK(sd::dir_not_roots_alone(sticky + "/l/x.pid", &at).empty() && at == "/run/x.pid");
    CHECK(::lchown((sticky + "/l").c_str(), 65534, 65534) == 0);
    why = sd::dir_not_roots_alone(sticky + "/l/x.pid");
    CHECK_MSG(why == sticky + "/l is a symbolic link owned by uid 65534", why);
    // ".." after a link is taken in the directory the link led to.
    CHECK(sd::dir_not_roots_alone(g_tmp + "/link/../x.pid", &at).empty());
    CHECK_MSG(at == mine + "/x.pid", at);
}

// What a startup file runs as root: the script itself must be root's alone too.
void test_files() {
    const std::string dir = g_tmp + "/app", script = dir + "/d.php";
    ::mkdir(dir.c_str(), 0755);
    std::FILE *f = std::fopen(script.c_str(), "w");
    CHECK(f != nullptr);
    if (f) std::fclose(f);
    CHECK(::chmod(script.c_str(), 0755) == 0);
    CHECK(sd::file_not_roots_alone(script).empty());
    CHECK(::chmod(script.c_str(), 0775) == 0);
    std::string why = sd::file_not_roots_alone(script);
    CHECK_MSG(why == script + " is writable by others than root", why);
    CHECK(::chmod(script.c_str(), 0755) == 0 && ::chown(script.c_str(), 65534, 65534) == 0);
    why = sd::file_not_roots_alone(script);
    CHECK_MSG(why == script + " is not a regular file owned by root", why);
    CHECK(::chown(script.c_str(), 0, 0) == 0 && ::chown(dir.c_str(), 65534, 65534) == 0);
    why = sd::file_not_roots_alone(script);
    CHECK_MSG(why == dir + " is not a directory owned by root", why);
    why = sd::file_not_roots_alone(g_tmp + "/missing.php");
    CHECK_MSG(why == "cannot examine " + g_tmp + "/missing.php", why);
}

}  // namespace

int main() { return run_tool_tests("test_rootdir", {test_dirs, test_files}); }
