// core/rootdir: which pid-file directories root's scripts accept.
#include "core/rootdir.h"

#include "tool_test.h"

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
    CHECK(sd::dir_not_roots_alone(g_tmp + "/link/x.pid").empty());
}

}  // namespace

int main() { return run_tool_tests("test_rootdir", {test_dirs}); }
