// core/startup_files: the file-system questions of writeAutoRun(), without PHP.
#include "core/startup_files.h"

#include "check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace {

std::string g_dir;

void put(const std::string &path, const std::string &body, mode_t mode) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << body;
    chmod(path.c_str(), mode);
}

void exists_and_directories() {
    CHECK(sd::path_exists(g_dir));
    CHECK(sd::is_directory(g_dir));
    CHECK(!sd::path_exists(""));
    CHECK(!sd::is_directory(""));
    put(g_dir + "/f", "x", 0644);
    CHECK(sd::path_exists(g_dir + "/f") && !sd::is_directory(g_dir + "/f"));
    CHECK(!sd::path_exists(g_dir + "/none"));
}

void can_write_leaves_nothing() {
    CHECK(sd::can_write(g_dir));
    CHECK(sd::can_write(g_dir + "/"));
    CHECK(sd::can_write(g_dir + "/new"));
    CHECK(!sd::path_exists(g_dir + "/new"));  // created to find out, then removed
    CHECK(!sd::can_write(g_dir + "/no/such/dir/file"));
    CHECK(!sd::can_write(""));
    mkdir((g_dir + "/ro").c_str(), 0755);
    // Root writes anywhere the mount allows: a read-only directory only stops others.
    if (geteuid() != 0) CHECK(!sd::can_write(g_dir + "/ro"));
    CHECK(std::system(("test -z \"$(ls -A " + g_dir + "/ro)\"").c_str()) == 0);
}

void runs_directly_needs_exec_and_shebang() {
    put(g_dir + "/wrapper", "#!/bin/sh\nexit 0\n", 0755);
    put(g_dir + "/plain.php", "<?php\n", 0755);
    put(g_dir + "/noexec", "#!/bin/sh\n", 0644);
    put(g_dir + "/short", "#", 0755);
    CHECK(sd::runs_directly(g_dir + "/wrapper"));
    CHECK(!sd::runs_directly(g_dir + "/plain.php"));
    CHECK(!sd::runs_directly(g_dir + "/noexec"));
    CHECK(!sd::runs_directly(g_dir + "/short"));
    CHECK(!sd::runs_directly(g_dir));
    CHECK(!sd::runs_directly(g_dir + "/none"));
    CHECK(sd::file_starts_with(g_dir + "/wrapper", "#!/bin/sh"));
    CHECK(!sd::file_starts_with(g_dir + "/short", "#!"));
}

void absolute_dir_resolves() {
    symlink(g_dir.c_str(), (g_dir + "/link").c_str());
    char real[4096];
    CHECK(realpath(g_dir.c_str(), real) != nullptr);
    CHECK(sd::absolute_dir(g_dir + "/link") == real);
    CHECK(sd::absolute_dir("/no/such/dir") == "/no/such/dir");
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != nullptr);
    CHECK(sd::absolute_dir("no-such-rel") == std::string(cwd) + "/no-such-rel");
}

}  // namespace

int main() {
    char tmpl[] = "/tmp/sd_startup_files_XXXXXX";
    if (!mkdtemp(tmpl)) return 2;
    g_dir = tmpl;
    static const NamedTest tests[] = {
        {"exists_and_directories", exists_and_directories},
        {"can_write_leaves_nothing", can_write_leaves_nothing},
        {"runs_directly", runs_directly_needs_exec_and_shebang},
        {"absolute_dir", absolute_dir_resolves},
    };
    int rc = run_tests("test_startup_files", tests);
    std::system(("rm -rf " + g_dir).c_str());
    return rc;
}
