// core/render_socket: the socket unit, verified with its service by systemd-analyze.
#include "core/render_socket.h"
#include "core/render_text.h"
#include "core/render_unit.h"

#include "tool_test.h"
#include "unit_check.h"

#include <map>
#include <string>
#include <vector>

namespace {

void test_socket_unit() {
    std::string out, err;
    CHECK(sd::render_socket_unit("Echo 100%", "8080 127.0.0.1:9090 [::1]:7070 /run/echo/echo.sock @echo", "echo", out, err));
    for (const char *e : {"\nDescription=Echo 100%% (listening sockets)\n", "\n[Socket]\nListenStream=8080\n",
                          "\nListenStream=127.0.0.1:9090\n", "\nListenStream=[::1]:7070\n",
                          "\nListenStream=/run/echo/echo.sock\n", "\nListenStream=@echo\n", "\nFileDescriptorName=echo\n",
                          "\n[Install]\nWantedBy=sockets.target\n"})
        CHECK_MSG(out.find(e) != std::string::npos, std::string("socket unit lacks ") + e);
    for (const char *bad : {"", "   ", "80\nExecStartPre=/bin/sh", "a\"b", "run/x.sock", "/run/../x", "x\\y", "caf\xc3\xa9"}) {
        CHECK_MSG(!sd::render_socket_unit("d", bad, "echo", out, err) && out.empty() && !err.empty(), bad);
    }
    CHECK(!sd::render_socket_unit("d", "80", "a:b", out, err));
    CHECK(!sd::render_socket_unit("d", "80", "", out, err));
    CHECK(!sd::render_socket_unit("d", "80", "a b", out, err));
    CHECK(!sd::render_socket_unit("x\ny", "80", "echo", out, err));

    sd::UnitSpec s;
    s.php_bin = exists("/usr/bin/php") ? "/usr/bin/php" : "/bin/sh";
    s.script = "/srv/echo/echo.php";
    s.socket_unit = "sdtest-echo.socket";
    std::string unit = unit_text(s);
    CHECK(unit.find("\nRequires=sdtest-echo.socket\nAfter=sdtest-echo.socket\n") != std::string::npos);
    s.socket_unit = "x\ny";
    CHECK(!sd::check_unit_spec(s).empty());
    if (!have("systemd-analyze")) return;
    const std::string udir = g_tmp + "/sockunits";
    ::mkdir(udir.c_str(), 0755);
    s.socket_unit = "sdtest-echo.socket";
    write_file(udir + "/sdtest-echo.service", unit_text(s), 0644);
    CHECK(sd::render_socket_unit("Echo", "127.0.0.1:9090 /run/sdtest-echo.sock", "echo", out, err));
    write_file(udir + "/sdtest-echo.socket", out, 0644);
    std::string o, e;
    int rc = run("systemd-analyze verify " + sd::shell_quote(udir + "/sdtest-echo.socket"), &o, &e);
    std::string mine = our_complaints(o + e, udir, "sdtest-echo");
    CHECK_MSG(rc == 0 && mine.empty(), "systemd-analyze verify (socket): rc " + std::to_string(rc) + "\n" + mine + "\n" + out);
}

}  // namespace

int main() { return run_tool_tests("test_render_socket", {test_socket_unit}); }
