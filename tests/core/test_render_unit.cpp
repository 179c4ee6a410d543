// core/render_unit: the systemd service unit, checked with systemd-analyze verify.
#include "core/render_text.h"
#include "core/render_unit.h"

#include "tool_test.h"
#include "unit_check.h"

#include <map>
#include <string>
#include <vector>

namespace {

void test_systemd_unit() {
    CHECK(sd::systemd_quote_arg("/usr/bin/php") == "/usr/bin/php");
    CHECK(sd::systemd_quote_arg("/a b/x.php") == "\"/a b/x.php\"");
    CHECK(sd::systemd_quote_arg("100%") == "\"100%%\"");
    CHECK(sd::systemd_quote_arg("$HOME") == "\"$$HOME\"");
    CHECK(sd::systemd_quote_arg("q\"b\\") == "\"q\\\"b\\\\\"");
    CHECK(sd::systemd_quote_arg(";") == "\";\"");
    CHECK(sd::systemd_quote_arg("") == "\"\"");

    const std::string php = exists("/usr/bin/php") ? "/usr/bin/php" : "/bin/sh";
    sd::UnitSpec s;
    s.description = "Log parser, 100% \"PHP\" $HOME";
    s.php_bin = php;
    s.script = "/opt/my apps/log%parser $x \"q\" \\.php";
    s.pid_file = "/var/run/logparser/logparser.pid";
    s.log_file = "/var/log/log parser/100%.log";
    s.user = "daemon";
    s.group = "daemon";
    s.working_dir = "/tmp";
    s.documentation = "https://example.org/logparser https://example.org/faq";
    s.watchdog_sec = 30;
    CHECK(sd::check_unit_spec(s).empty());
    std::string unit = unit_text(s);
    CHECK(!unit.empty());
    const char *expect[] = {
        "[Unit]\n",
        "\nDescription=Log parser, 100%% \"PHP\" $HOME\n",
        "\nDocumentation=https://example.org/logparser https://example.org/faq\n",
        "\nAfter=network.target\n",
        "\n[Service]\nType=notify\n",
        "\nNotifyAccess=main\n",
        "\nExecStart=",
        " \"/opt/my apps/log%%parser $$x \\\"q\\\" \\\\.php\"\n",
        "\nExecReload=/bin/sh -c \"kill -HUP $$MAINPID\"\n",
        "\nRuntimeDirectory=logparser\nRuntimeDirectoryPreserve=yes\n",
        "\nEnvironment=SYSTEM_DAEMON_LOG_JOURNAL=1\n",
        "\nStartLimitIntervalSec=120\nStartLimitBurst=5\n",
        "\nRestartPreventExitStatus=3\n",
        "\nRestartForceExitStatus=75\nSuccessExitStatus=75\n",
        "\nReadWritePaths=-/run/logparser -\"/var/log/log parser\"\n",
        "\nProtectSystem=strict\n",
        "\nCapabilityBoundingSet=\n",
        "\nNoNewPrivileges=yes\n",
        "\nRemoveIPC=yes\n",
        "\nUser=daemon\n",
        "\nGroup=daemon\n",
        "\nWorkingDirectory=/tmp\n",
        "\nRestart=on-failure\n",
        "\nKillMode=mixed\n",
        "\nTimeoutStopSec=30\n",
        "\nWatchdogSec=30\n",
        "\n[Install]\nWantedBy=multi-user.target\n",
    };
    for (const char *e : expect) CHECK_MSG(unit.find(e) != std::string::npos, std::string("missing: ") + e);
    CHECK(unit.find("\nExecStart=" + php + " \"/opt/my apps") != std::string::npos);
    {
        sd::UnitSpec d = s;
        d.php_args = {"-n", "-d", "memory_limit=1G", "-d", "error_log=/var/log/100% $x.log"};
        std::string u = unit_text(d);
        CHECK_MSG(u.find("\nExecStart=" + php + " -n -d memory_limit=1G -d \"error_log=/var/log/100%% $$x.log\" \"/opt/my apps") !=
                      std::string::npos, u);
        d.run_directly = true;
        u = unit_text(d);
        CHECK_MSG(u.find("\nExecStart=\"/opt/my apps/log%%parser $$x \\\"q\\\" \\\\.php\"\n") != std::string::npos, u);
        d.script = "bin/app";
        CHECK(!sd::check_unit_spec(d).empty());  // run directly: an absolute path
        d = s;
        d.php_args = {"-d", "x=\nExecStartPre=/bin/sh"};
        CHECK(!sd::check_unit_spec(d).empty());
    }
    // With PIDFile= systemd adopts another instance found running, and removes its pid
    // file after the failed start.
    CHECK(unit.find("PIDFile=") == std::string::npos);
    // The working directory is /tmp: a private /tmp would hide it.
    CHECK(unit.find("PrivateTmp=") == std::string::npos);
    // PHP's PCRE JIT needs writable executable memory.
    CHECK(unit.find("MemoryDenyWriteExecute") == std::string::npos);

    // A daemon user with root's group, as an explicit appRunAsGID => 0 asks: start()
    // keeps gid 0, and so must the unit (systemd would take the user's primary group).
    sd::UnitSpec rootgroup = s;
    rootgroup.group = "root";
    CHECK(unit_text(rootgroup).find("\nUser=daemon\nGroup=root\n") != std::string::npos);
    rootgroup.group = "";
    CHECK(unit_text(rootgroup).find("Group=") == std::string::npos);

    sd::UnitSpec root = s;
    root.user = "root";
    root.group = "0";
    root.watchdog_sec = 0;
    root.pid_file = "/run/x.pid";
    std::string u2 = unit_text(root);
    CHECK(u2.find("User=") == std::string::npos && u2.find("Group=") == std::string::npos);
    CHECK(u2.find("WatchdogSec") == std::string::npos);
    CHECK(u2.find("RuntimeDirectory") == std::string::npos);
    CHECK(u2.find("RemoveIPC") == std::string::npos);
    CHECK(u2.find("\nPrivateTmp=yes\n") == std::string::npos);  // working_dir is still /tmp
    root.working_dir = "/srv/app";
    root.script = "/srv/app/app.php";
    root.log_file = "/var/log/app.log";
    std::string u3 = unit_text(root);
    CHECK(u3.find("\nPrivateTmp=yes\n") != std::string::npos);
    CHECK_MSG(u3.find("\nReadWritePaths=-/run -/var/log\n") != std::string::npos, u3);
    root.log_file = "/run/app.log";
    CHECK_MSG(unit_text(root).find("\nReadWritePaths=-/run\n") != std::string::npos, "one /run");
    root.log_file = "/app.log";
    root.pid_file = "";
    CHECK(unit_text(root).find("\nReadWritePaths=") == std::string::npos);

    // Refusals.
    std::string out, err;
    sd::UnitSpec bad = s;
    bad.description = "x\nExecStartPre=/bin/rm -rf /";
    CHECK(!sd::render_systemd_unit(bad, out, err) && out.empty() && err.find("description") != std::string::npos);
    CHECK(unit_text(bad).empty());
    // A trailing backslash would continue the line: "Description=x\\" + "\nExecStart=..."
    // is one Description and no ExecStart for systemd.
    bad = s;
    bad.description = "x\\";
    CHECK(!sd::render_systemd_unit(bad, out, err) && out.empty() &&
          err.find("description ends in a backslash") != std::string::npos);
    bad = s;
    bad.working_dir = "/srv/app\\";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.description = "a\\b";
    CHECK(sd::check_unit_spec(bad).empty());
    bad = s;
    bad.php_bin = "php";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad.php_bin = "-/usr/bin/php";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.pid_file = "/run/../x.pid";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.log_file = "var/log/x.log";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad.log_file = "/var/log/x\nExecStartPre=/bin/sh";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.script.clear();
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.documentation = "foo:bar";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.user = "bad user";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.user = "4294967295";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.user = "99999999999999999999999";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad = s;
    bad.user = "1000";
    CHECK(sd::check_unit_spec(bad).empty());
    bad = s;
    bad.description = "caf\xc3";
    CHECK(!sd::check_unit_spec(bad).empty());
    bad.description = "caf\xc3\xa9 \xf0\x9f\x98\x80";
    CHECK(sd::check_unit_spec(bad).empty());
    bad.description = "\xc0\xaf";
    CHECK(!sd::check_unit_spec(bad).empty());

    if (!have("systemd-analyze")) {
        std::printf("skip: systemd-analyze missing\n");
        return;
    }
    const std::string udir = g_tmp + "/units";
    ::mkdir(udir.c_str(), 0755);
    const std::string name = "sdtest-logparser.service";
    write_file(udir + "/" + name, unit, 0644);
    std::string o, e;
    int rc = run("systemd-analyze verify " + sd::shell_quote(udir + "/" + name), &o, &e);
    std::string mine = our_complaints(o + e, udir, name);
    CHECK_MSG(rc == 0 && mine.empty(), "systemd-analyze verify: rc " + std::to_string(rc) + "\n" + mine + "\n" + unit);

    write_file(udir + "/" + name, u2, 0644);
    rc = run("systemd-analyze verify " + sd::shell_quote(udir + "/" + name), &o, &e);
    mine = our_complaints(o + e, udir, name);
    CHECK_MSG(rc == 0 && mine.empty(), "systemd-analyze verify (root): rc " + std::to_string(rc) + "\n" + mine);

    // The tool does look at our unit: a missing binary fails it.
    sd::UnitSpec missing = s;
    missing.php_bin = "/nonexistent/php";
    write_file(udir + "/" + name, unit_text(missing), 0644);
    rc = run("systemd-analyze verify " + sd::shell_quote(udir + "/" + name), &o, &e);
    CHECK(rc != 0);
}

}  // namespace

int main() { return run_tool_tests("test_render_unit", {test_systemd_unit}); }
