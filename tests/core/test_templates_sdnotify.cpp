// Startup-file rendering and sd_notify, checked against the real tools where this
// machine has them: bash/dash -n, start-stop-daemon with lsb-base, systemd-analyze
// verify, logrotate, and a real AF_UNIX datagram socket. A missing tool skips its part.
#include "core/sdnotify.h"
#include "core/cmdline.h"
#include "core/render_init.h"
#include "core/render_logrotate.h"
#include "core/render_socket.h"
#include "core/render_text.h"
#include "core/render_unit.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

int g_failures = 0;
int g_checks = 0;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        ++g_checks;                                                                   \
        if (!(cond)) {                                                                \
            ++g_failures;                                                             \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                             \
    } while (0)

#define CHECK_MSG(cond, msg)                                                          \
    do {                                                                              \
        ++g_checks;                                                                   \
        if (!(cond)) {                                                                \
            ++g_failures;                                                             \
            std::fprintf(stderr, "%s:%d: CHECK failed: %s\n    %s\n", __FILE__, __LINE__, #cond, \
                         std::string(msg).c_str());                                   \
        }                                                                             \
    } while (0)

std::string g_tmp;

bool exists(const std::string &p) { return ::access(p.c_str(), F_OK) == 0; }

bool write_file(const std::string &path, const std::string &body, mode_t mode) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << body;
    f.close();
    return f && ::chmod(path.c_str(), mode) == 0;
}

std::string read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Runs cmd through /bin/sh; returns its exit status (-1 when it did not exit) and
// puts stdout in out and stderr in err. Reaps every child that dies meanwhile: the
// daemons an init script starts are orphaned into this process (see main()), and
// start-stop-daemon waits for a stopped daemon to be gone, not a zombie.
int run(const std::string &cmd, std::string *out = nullptr, std::string *err = nullptr) {
    const std::string of = g_tmp + "/stdout.txt", ef = g_tmp + "/stderr.txt";
    const std::string full = "(" + cmd + ") </dev/null >" + sd::shell_quote(of) + " 2>" + sd::shell_quote(ef);
    std::fflush(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        ::execl("/bin/sh", "sh", "-c", full.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    int st = 0;
    for (;;) {
        int s = 0;
        pid_t r = ::waitpid(-1, &s, 0);
        if (r == pid) {
            st = s;
            break;
        }
        if (r < 0 && errno != EINTR) return -1;
    }
    if (out) *out = read_file(of);
    if (err) *err = read_file(ef);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool have(const char *tool) {
    return run(std::string("command -v ") + tool + " >/dev/null") == 0;
}

// Alive and not a zombie: nobody may reap orphans in a container.
bool alive(long pid) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    if (stat.empty()) return false;
    std::size_t rp = stat.rfind(')');
    return rp != std::string::npos && rp + 2 < stat.size() && stat[rp + 2] != 'Z' && stat[rp + 2] != 'X';
}

template <typename Pred>
bool wait_for(Pred pred, int ms) {
    for (int i = 0; i < ms / 20; ++i) {
        if (pred()) return true;
        ::usleep(20000);
    }
    return pred();
}

const char *const kKeys[] = {"name",     "desc",        "bin_file",     "bin_name", "pid_file",
                             "chkconfig", "author_name", "author_email", "php_bin"};

std::map<std::string, std::string> sample_vars() {
    return {
        {"name", "logparser"},
        {"desc", "Parses \"logs\" for $HOME & `id`; it's 100% safe @name@"},
        {"bin_file", "/opt/my apps/logparser.php"},
        {"bin_name", "logparser.php"},
        {"pid_file", "/var/run/logparser/logparser.pid"},
        {"chkconfig", "- 99 0"},
        {"author_name", "Kevin O'Brien"},
        {"author_email", "kevin@example.org"},
        {"php_bin", "/usr/bin/php"},
    };
}

std::string render_template(std::string_view tpl, const std::map<std::string, std::string> &vars) {
    std::string out, err;
    sd::render_init_script(tpl, vars, sd::InitQuoting::Verbatim, out, err);
    return out;
}

std::string unit_text(const sd::UnitSpec &spec) {
    std::string out, err;
    sd::render_systemd_unit(spec, out, err);
    return out;
}

std::string logrotate_text(const std::string &log, const std::string &pid) {
    std::string out, err;
    sd::render_logrotate(log, pid, out, err);
    return out;
}

// A built-in template as writeAutoRun() renders it for a script PHP runs.
bool render_builtin(std::string_view os, std::map<std::string, std::string> vars, std::string &out,
                    std::string &err) {
    const char *tpl = sd::builtin_template(os);
    if (!tpl) {
        err = "no built-in template";
        return false;
    }
    if (!vars.count("run_cmd")) vars["run_cmd"] = sd::shell_words(sd::daemon_command(vars["php_bin"], {}, vars["bin_file"], false));
    return sd::render_init_script(tpl, vars, sd::InitQuoting::ShellWords, out, err);
}

void test_render_template() {
    std::map<std::string, std::string> v = {{"name", "x@desc@y"}, {"desc", "D"}, {"e", ""}};
    CHECK(render_template("a @name@ b", v) == "a x@desc@y b");
    CHECK(render_template("@desc@@desc@", v) == "DD");
    CHECK(render_template("mail kevin@example.org @desc@", v) == "mail kevin@example.org D");
    CHECK(render_template("@@desc@@", v) == "@D@");
    CHECK(render_template("@unknown@ @desc", v) == "@unknown@ @desc");
    CHECK(render_template("@@", v) == "@@");
    CHECK(render_template("[@e@]", v) == "[]");
    CHECK(render_template("", v).empty());
    CHECK(render_template("trailing @", v) == "trailing @");
}

void test_shell_quote() {
    CHECK(sd::shell_quote("/usr/bin/php") == "/usr/bin/php");
    CHECK(sd::shell_quote("") == "''");
    CHECK(sd::shell_quote("a b") == "'a b'");
    CHECK(sd::shell_quote("it's") == "'it'\\''s'");
    const std::vector<std::string> samples = {
        "plain", "", "two words", "it's", "\"double\"", "$HOME", "`id`", "$(id)", "back\\slash",
        "glob*?[a]", "~root", "semi;colon|pipe&amp", "new\nline", "tab\there", "-n", "'", "''", "\\'",
        "!bang", "#hash", "utf8 \xc3\xa9t\xc3\xa9",
    };
    for (const std::string &s : samples) {
        std::string out;
        int rc = run("printf %s " + sd::shell_quote(s), &out);
        CHECK_MSG(rc == 0 && out == s, "round trip of [" + s + "] gave [" + out + "]");
    }
}

void test_builtin_lookup() {
    CHECK(sd::builtin_template("Debian") != nullptr);
    CHECK(sd::builtin_template("Ubuntu") == sd::builtin_template("Debian"));
    CHECK(sd::builtin_template("RedHat") != nullptr);
    CHECK(sd::builtin_template("Fedora") == sd::builtin_template("RedHat"));
    CHECK(sd::builtin_template("Arch") != nullptr);
    CHECK(sd::builtin_template("Arch") != sd::builtin_template("Debian"));
    CHECK(sd::builtin_template("BSD") == nullptr);
    CHECK(sd::builtin_template("Linux") == nullptr);
    CHECK(sd::builtin_template("debian") == nullptr);
    CHECK(sd::builtin_template("") == nullptr);
    CHECK(sd::builtin_template("Windows") == nullptr);
}

// Evaluates the VAR=... assignments of a rendered script in sh and prints one of them.
std::string shell_value(const std::string &script, const std::string &var) {
    std::string assigns;
    std::istringstream in(script);
    for (std::string line; std::getline(in, line);) {
        for (const char *v : {"NAME=", "DESC=", "DAEMON=", "PIDFILE=", "RUN_CMD="})
            if (line.compare(0, std::strlen(v), v) == 0) assigns += line + "\n";
    }
    std::string f = g_tmp + "/assigns.sh";
    write_file(f, assigns + "printf %s \"$" + var + "\"\n", 0644);
    std::string out;
    run("sh " + sd::shell_quote(f), &out);
    return out;
}

void test_builtin_scripts() {
    const auto vars = sample_vars();
    for (const char *os : {"Debian", "Ubuntu", "RedHat", "Fedora", "Arch"}) {
        std::string script, err;
        bool ok = render_builtin(os, vars, script, err);
        CHECK_MSG(ok, std::string(os) + ": " + err);
        if (!ok) continue;
        // The sample description holds "@name@" as data; a plain one shows that no
        // placeholder of the template itself is left.
        auto plain = vars;
        plain["desc"] = "Parses logs";
        std::string clean;
        CHECK(render_builtin(os, plain, clean, err));
        for (const char *k : kKeys)
            CHECK_MSG(clean.find(std::string("@") + k + "@") == std::string::npos,
                      std::string(os) + " left @" + k + "@");
        CHECK(script.find("@name@") != std::string::npos);  // single pass: data stays data
        // The process is PHP, never the script: nothing may match on the executable.
        CHECK(script.find("--exec") == std::string::npos);
        CHECK(script.find("0777") == std::string::npos);
        // Values are single shell words whatever they hold.
        CHECK_MSG(shell_value(script, "DESC") == vars.at("desc"), std::string(os) + " DESC");
        CHECK_MSG(shell_value(script, "DAEMON") == vars.at("bin_file"), std::string(os) + " DAEMON");
        CHECK(shell_value(script, "PIDFILE") == vars.at("pid_file"));
        // RUN_CMD names PHP; a PHP_BIN of its own would be a variable nothing reads.
        CHECK(script.find("PHP_BIN=") == std::string::npos);
        CHECK(shell_value(script, "NAME") == vars.at("name"));
        // Header comments carry the raw values.
        CHECK(script.find("# Author: Kevin O'Brien <kevin@example.org>") != std::string::npos);

        std::string path = g_tmp + "/init_" + os;
        CHECK(write_file(path, script, 0755));
        std::string out, errout;
        int rc = run("bash -n " + sd::shell_quote(path), &out, &errout);
        CHECK_MSG(rc == 0 && errout.empty(), std::string(os) + ": bash -n: " + errout);
        if (std::string(os) == "Debian" || std::string(os) == "Ubuntu") {
            CHECK(script.compare(0, 10, "#!/bin/sh\n") == 0);
            CHECK(script.find("# Provides:          logparser\n") != std::string::npos);
            CHECK(script.find("--pidfile \"$PIDFILE\" --startas \"$PROG\" -- \"$@\"") != std::string::npos);
            CHECK(script.find("--retry=TERM/30/KILL/5") != std::string::npos);
            CHECK(script.find("--signal HUP") != std::string::npos);
            CHECK(script.find("pidofproc -p \"$PIDFILE\"") != std::string::npos);
            if (have("dash")) {
                rc = run("dash -n " + sd::shell_quote(path), &out, &errout);
                CHECK_MSG(rc == 0 && errout.empty(), std::string(os) + ": dash -n: " + errout);
            }
        } else if (std::string(os) == "Arch") {
            CHECK(script.find("stat_busy") != std::string::npos);
            CHECK(script.find("add_daemon \"$NAME\"") != std::string::npos);
        } else {
            CHECK(script.find("# chkconfig: - 99 0\n") != std::string::npos);
            CHECK(script.find("daemon --check \"$NAME\" --pidfile \"$PIDFILE\"") != std::string::npos);
            CHECK(script.find("killproc -p \"$PIDFILE\" -d 30") != std::string::npos);
            CHECK(script.find("killproc -p \"$PIDFILE\" \"$NAME\" -HUP") != std::string::npos);
            CHECK(script.find("status -p \"$PIDFILE\"") != std::string::npos);
        }
    }
}

// The words RUN_CMD of a rendered script stands for, as the script's eval sees them.
std::string run_cmd_words(const std::string &script) {
    std::string f = g_tmp + "/words.sh";
    write_file(f, "eval \"set -- $1\"\nfor a; do printf '[%s]' \"$a\"; done\n", 0644);
    std::string out;
    run("sh " + sd::shell_quote(f) + " " + sd::shell_quote(shell_value(script, "RUN_CMD")), &out);
    return out;
}

void test_init_run_cmd() {
    CHECK(sd::shell_words({"/usr/bin/php", "-d", "a=b c", "it's"}) == "/usr/bin/php -d 'a=b c' 'it'\\''s'");
    CHECK(sd::shell_words({}).empty());
    auto vars = sample_vars();
    std::string script, err;
    // PHP's flags of the writer, each one word whatever it holds.
    vars["run_cmd"] = sd::shell_words({"/usr/bin/php", "-n", "-d", "error_log=/var/log/a b's $HOME `id`.log",
                                       "/opt/my apps/logparser.php"});
    for (const char *os : {"Debian", "RedHat", "Arch"}) {
        CHECK(render_builtin(os, vars, script, err));
        CHECK_MSG(run_cmd_words(script) ==
                      "[/usr/bin/php][-n][-d][error_log=/var/log/a b's $HOME `id`.log][/opt/my apps/logparser.php]",
                  std::string(os) + ": " + run_cmd_words(script));
    }
}

void test_init_refusals() {
    auto vars = sample_vars();
    std::string out, err;
    vars["desc"] = "two\nlines; rm -rf /";
    CHECK(!render_builtin("Debian", vars, out, err));
    CHECK(err.find("@desc@") != std::string::npos);
    CHECK(out.empty());
    vars["desc"] = std::string("nul\0byte", 8);
    CHECK(!sd::render_init_script("x @desc@", vars, sd::InitQuoting::Verbatim, out, err));
    vars["desc"] = "cr\r";
    CHECK(!sd::render_init_script("x @desc@", vars, sd::InitQuoting::Verbatim, out, err));
    // A value that is not substituted cannot hurt.
    CHECK(sd::render_init_script("x @name@", vars, sd::InitQuoting::Verbatim, out, err) && out == "x logparser");
    // User templates get raw values, as the original's DESC="@desc@" expects.
    vars["desc"] = "a b";
    CHECK(sd::render_init_script("DESC=\"@desc@\"", vars, sd::InitQuoting::Verbatim, out, err) &&
          out == "DESC=\"a b\"");
    CHECK(sd::render_init_script("  # @desc@\nD=@desc@", vars, sd::InitQuoting::ShellWords, out, err) &&
          out == "  # a b\nD='a b'");
}

// Debian's real start-stop-daemon and lsb-base functions drive a stand-in daemon
// launched the way ours is: the launcher backgrounds a process that writes its pid
// file, and exits 0 once that is done.
void test_debian_with_real_tools() {
    if (!have("start-stop-daemon") || !exists("/lib/lsb/init-functions")) {
        std::printf("skip: start-stop-daemon or lsb-base missing\n");
        return;
    }
    const std::string dir = g_tmp + "/deb";
    ::mkdir(dir.c_str(), 0755);
    const std::string pidfile = dir + "/run dir/fake.pid";
    ::mkdir((dir + "/run dir").c_str(), 0755);
    const std::string hups = dir + "/hups";
    const std::string launcher = dir + "/fake daemon.sh";
    write_file(launcher,
               "PIDFILE=" + sd::shell_quote(pidfile) + "\nHUPS=" + sd::shell_quote(hups) +
                   "\n"
                   "setsid /bin/sh -c '\n"
                   "  trap \"echo hup >> \\\"$1\\\"\" HUP\n"
                   "  trap \"rm -f \\\"$0\\\"; exit 0\" TERM\n"
                   // Holds its pid file open, as the daemon does, from before it appears.
                   "  echo $$ > \"$0.new\"; exec 3<\"$0.new\"; mv \"$0.new\" \"$0\"\n"
                   "  while :; do sleep 1 & wait $!; done' \"$PIDFILE\" \"$HUPS\" </dev/null >/dev/null 2>&1 &\n"
                   "i=0\n"
                   "while [ ! -s \"$PIDFILE\" ]; do\n"
                   "  i=$((i + 1)); [ $i -gt 200 ] && { echo 'fake: not ready' >&2; exit 1; }\n"
                   "  sleep 0.05\n"
                   "done\n",
               0644);
    auto vars = sample_vars();
    vars["name"] = "sdtest_fake_" + std::to_string(::getpid());
    vars["php_bin"] = "/bin/sh";
    vars["bin_file"] = launcher;
    vars["pid_file"] = pidfile;
    std::string script, err;
    CHECK(render_builtin("Debian", vars, script, err));
    const std::string init = dir + "/init";
    write_file(init, script, 0755);
    // Under a running systemd, lsb-base would hand the action to systemctl.
    const std::string cmd = "_SYSTEMCTL_SKIP_REDIRECT=1 " + sd::shell_quote(init) + " ";

    std::string out, errout;
    int rc = run(cmd + "status", &out, &errout);
    CHECK_MSG(rc == 3, "status before start: " + std::to_string(rc) + " " + out + errout);
    rc = run(cmd + "start", &out, &errout);
    CHECK_MSG(rc == 0, "start: " + std::to_string(rc) + " " + out + errout);
    long pid = std::atol(read_file(pidfile).c_str());
    CHECK(pid > 0 && alive(pid));
    rc = run(cmd + "status", &out, &errout);
    CHECK_MSG(rc == 0, "status while running: " + std::to_string(rc) + " " + out + errout);
    rc = run(cmd + "start", &out, &errout);
    CHECK_MSG(rc == 0, "second start: " + std::to_string(rc) + " " + out + errout);
    CHECK(std::atol(read_file(pidfile).c_str()) == pid);
    rc = run(cmd + "reload", &out, &errout);
    CHECK_MSG(rc == 0, "reload: " + std::to_string(rc) + " " + out + errout);
    CHECK(wait_for([&] { return read_file(hups) == "hup\n"; }, 5000));
    CHECK(alive(pid));
    rc = run(cmd + "stop", &out, &errout);
    CHECK_MSG(rc == 0, "stop: " + std::to_string(rc) + " " + out + errout);
    CHECK(!alive(pid));
    CHECK(!exists(pidfile));
    rc = run(cmd + "status", &out, &errout);
    CHECK_MSG(rc == 3, "status after stop: " + std::to_string(rc) + " " + out + errout);
    rc = run(cmd + "stop", &out, &errout);
    CHECK_MSG(rc == 0, "stop when stopped: " + std::to_string(rc));
    rc = run(cmd + "reload", &out, &errout);
    CHECK_MSG(rc == 7, "reload when stopped: " + std::to_string(rc));

    // restart, then a stale pid file left by a KILLed daemon.
    rc = run(cmd + "restart", &out, &errout);
    CHECK_MSG(rc == 0, "restart: " + std::to_string(rc) + " " + out + errout);
    pid = std::atol(read_file(pidfile).c_str());
    CHECK(pid > 0 && alive(pid));
    if (pid > 0) {
        ::kill(static_cast<pid_t>(pid), SIGKILL);
        // Reap it (it is ours, see main()), or kill -0 would still find the zombie.
        ::waitpid(static_cast<pid_t>(pid), nullptr, 0);
    }
    CHECK(!alive(pid));
    rc = run(cmd + "status", &out, &errout);
    CHECK_MSG(rc == 1, "status with a stale pid file: " + std::to_string(rc));
    rc = run(cmd + "stop", &out, &errout);
    CHECK_MSG(rc == 0 && !exists(pidfile), "stop removes a stale pid file: " + std::to_string(rc));

    // A launcher that reports failure: its status and its reason reach the caller.
    write_file(launcher, "echo 'fake: cannot bind port 80' >&2\nexit 7\n", 0644);
    rc = run(cmd + "start", &out, &errout);
    CHECK_MSG(rc == 7, "failed start: " + std::to_string(rc));
    CHECK(errout.find("cannot bind port 80") != std::string::npos);
    rc = run(cmd + "bogus", &out, &errout);
    CHECK(rc == 3 && errout.find("Usage:") != std::string::npos);
}

// systemd-analyze prints unrelated complaints about the host's own units; only lines
// about ours count.
std::string our_complaints(const std::string &errout, const std::string &unit_dir, const std::string &unit) {
    std::string mine;
    std::istringstream in(errout);
    for (std::string line; std::getline(in, line);) {
        if (line.find(unit_dir) != std::string::npos || line.find(unit) != std::string::npos)
            mine += line + "\n";
        else if (!line.empty())
            std::printf("note: systemd-analyze (not about our unit): %s\n", line.c_str());
    }
    return mine;
}

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

void test_logrotate() {
    std::string out, err;
    CHECK(!sd::render_logrotate("relative.log", "/run/x.pid", out, err) && out.empty());
    CHECK(!sd::render_logrotate("/var/log/a\".log", "/run/x.pid", out, err));
    CHECK(!sd::render_logrotate("/var/log/a.log", "/run/x\n.pid", out, err));
    CHECK(logrotate_text("/var/log/a.log", "").empty());

    const std::string dir = g_tmp + "/lr";
    ::mkdir(dir.c_str(), 0755);
    const std::string log = dir + "/my app.log";
    const std::string pidfile = dir + "/it's.pid";
    std::string conf = logrotate_text(log, pidfile);
    CHECK(!conf.empty());
    for (const char *d : {"weekly", "rotate 4", "compress", "delaycompress", "missingok", "notifempty", "create",
                          "postrotate", "endscript", "kill -HUP"})
        CHECK_MSG(conf.find(d) != std::string::npos, std::string("logrotate: missing ") + d);
    // The postrotate line is valid sh and harmless when the pid file is missing.
    std::string line = conf.substr(conf.find("postrotate\n") + 11);
    line = line.substr(0, line.find('\n'));
    CHECK(run(line) == 0);

    if (!have("logrotate")) {
        std::printf("skip: logrotate missing\n");
        return;
    }
    const std::string cpath = dir + "/app.conf";
    write_file(cpath, conf, 0644);
    write_file(log, "one line\n", 0644);
    std::string o, e;
    int rc = run("logrotate -d -s " + sd::shell_quote(dir + "/state") + " " + sd::shell_quote(cpath), &o, &e);
    CHECK_MSG(rc == 0 && (o + e).find("error") == std::string::npos, "logrotate -d: " + o + e);

    // A forced rotation with a live process behind the pid file: it gets the HUP.
    const std::string mark = dir + "/hup.mark";
    pid_t child = ::fork();
    if (child == 0) {
        // Holds its pid file open, as the daemon does.
        std::string sh = "trap 'touch " + sd::shell_quote(mark) + "; exit 0' HUP; echo $$ > " +
                         sd::shell_quote(pidfile) + "; exec 3<" + sd::shell_quote(pidfile) +
                         "; while :; do sleep 0.05; done";
        ::execl("/bin/sh", "sh", "-c", sh.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    CHECK(wait_for([&] { return exists("/proc/" + std::to_string(child) + "/fd/3"); }, 5000));
    rc = run("logrotate -f -s " + sd::shell_quote(dir + "/state") + " " + sd::shell_quote(cpath), &o, &e);
    CHECK_MSG(rc == 0, "logrotate -f: " + o + e);
    CHECK(wait_for([&] { return exists(mark); }, 5000));
    CHECK(exists(log + ".1"));
    int st = 0;
    if (!exists(mark)) ::kill(child, SIGKILL);
    ::waitpid(child, &st, 0);

    // A pid file the daemon user wrote, or one holding anything but one positive pid,
    // must not steer root's HUP: the victim leads its own process group, so "-pid"
    // would reach it too.
    const std::string vmark = dir + "/victim.mark";
    pid_t victim = ::fork();
    if (victim == 0) {
        ::setsid();
        std::string sh = "trap 'touch " + sd::shell_quote(vmark) + "; exit 0' HUP; while :; do sleep 0.05; done";
        ::execl("/bin/sh", "sh", "-c", sh.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    CHECK(wait_for([&] { return read_file("/proc/" + std::to_string(victim) + "/cmdline").find("trap") != std::string::npos; }, 5000));
    const std::string v = std::to_string(victim);
    struct Case {
        std::string content;
        uid_t owner;
    } cases[] = {{v + "\n", 65534}, {"-" + v + "\n", 0}, {v + " " + v + "\n", 0}, {"0" + v + "\n", 0},
                 // Root's file, rewritten by the daemon through the descriptor it keeps:
                 // the victim does not hold it open.
                 {v + "\n", 0}};
    for (const Case &c : cases) {
        ::unlink(pidfile.c_str());
        write_file(pidfile, c.content, 0644);
        CHECK(::chown(pidfile.c_str(), c.owner, c.owner) == 0);
        write_file(log, "one line\n", 0644);
        rc = run("logrotate -f -s " + sd::shell_quote(dir + "/state") + " " + sd::shell_quote(cpath), &o, &e);
        CHECK_MSG(rc == 0, "logrotate -f: " + o + e);
        ::usleep(200000);
        CHECK_MSG(!exists(vmark), "logrotate signalled through a pid file holding '" + c.content + "' owned by uid " +
                                      std::to_string(c.owner));
    }
    ::kill(victim, SIGKILL);
    ::waitpid(victim, &st, 0);
}

int bind_dgram(const std::string &addr, bool abstract) {
    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    struct sockaddr_un sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    socklen_t len;
    if (abstract) {
        std::memcpy(sa.sun_path + 1, addr.data(), addr.size());
        len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + 1 + addr.size());
    } else {
        std::memcpy(sa.sun_path, addr.data(), addr.size());
        len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + addr.size() + 1);
    }
    if (::bind(fd, reinterpret_cast<struct sockaddr *>(&sa), len) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string recv_now(int fd) {
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n < 0 ? std::string("<nothing>") : std::string(buf, static_cast<std::size_t>(n));
}

void test_sd_notify() {
    std::string err;
    const std::string path = g_tmp + "/notify.sock";
    int fd = bind_dgram(path, false);
    CHECK(fd >= 0);
    const std::string msg = "READY=1\nSTATUS=Processing 'logs'\nMAINPID=" + std::to_string(::getpid());
    CHECK_MSG(sd::sd_notify_to(path, msg, err), err);
    CHECK(recv_now(fd) == msg);

    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
    CHECK(sd::sd_notify_socket_present());
    CHECK_MSG(sd::sd_notify_send("WATCHDOG=1", err), err);
    CHECK(recv_now(fd) == "WATCHDOG=1");
    const std::string reload = sd::sd_reloading_message();
    CHECK(reload.compare(0, 27, "RELOADING=1\nMONOTONIC_USEC=") == 0 && reload.size() > 27);
    CHECK(sd::sd_notify_send(reload, err));
    CHECK(recv_now(fd) == reload);

    ::unsetenv("NOTIFY_SOCKET");
    CHECK(!sd::sd_notify_socket_present());
    err.clear();
    CHECK(sd::sd_notify_send("READY=1", err) && err.empty());
    CHECK(recv_now(fd) == "<nothing>");
    ::setenv("NOTIFY_SOCKET", "", 1);
    CHECK(sd::sd_notify_send("READY=1", err));
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd);

    // Abstract: the name ends where the address length says, with no NUL after it.
    const std::string aname = "sdtest/notify/" + std::to_string(::getpid());
    fd = bind_dgram(aname, true);
    CHECK(fd >= 0);
    CHECK_MSG(sd::sd_notify_to("@" + aname, "STOPPING=1", err), err);
    CHECK(recv_now(fd) == "STOPPING=1");
    ::setenv("NOTIFY_SOCKET", ("@" + aname).c_str(), 1);
    CHECK(sd::sd_notify_send("READY=1", err));
    CHECK(recv_now(fd) == "READY=1");
    ::unsetenv("NOTIFY_SOCKET");
    ::close(fd);

    // Failures carry a reason.
    err.clear();
    CHECK(!sd::sd_notify_to(g_tmp + "/no-such.sock", "READY=1", err) && !err.empty());
    err.clear();
    CHECK(!sd::sd_notify_to("relative.sock", "READY=1", err) && !err.empty());
    err.clear();
    CHECK(!sd::sd_notify_to("/" + std::string(200, 'x'), "READY=1", err) && !err.empty());
    err.clear();
    CHECK(!sd::sd_notify_to("@" + std::string(200, 'x'), "READY=1", err) && !err.empty());
    err.clear();
    CHECK(!sd::sd_notify_to("", "READY=1", err) && !err.empty());
    err.clear();
    CHECK(!sd::sd_notify_to("@sdtest-nobody-listens-" + std::to_string(::getpid()), "READY=1", err) && !err.empty());
}

void test_watchdog() {
    const long me = static_cast<long>(::getpid());
    const std::string mes = std::to_string(me);
    CHECK(sd::watchdog_usec_from("30000000", nullptr, me) == 30000000u);
    CHECK(sd::watchdog_usec_from("30000000", mes.c_str(), me) == 30000000u);
    CHECK(sd::watchdog_usec_from("30000000", "1", me) == 0);
    CHECK(sd::watchdog_usec_from("30000000", "", me) == 0);
    CHECK(sd::watchdog_usec_from("30000000", "12x", me) == 0);
    CHECK(sd::watchdog_usec_from(nullptr, mes.c_str(), me) == 0);
    CHECK(sd::watchdog_usec_from("0", nullptr, me) == 0);
    CHECK(sd::watchdog_usec_from("", nullptr, me) == 0);
    CHECK(sd::watchdog_usec_from("-5", nullptr, me) == 0);
    CHECK(sd::watchdog_usec_from(" 5", nullptr, me) == 0);
    CHECK(sd::watchdog_usec_from("18446744073709551615", nullptr, me) == 18446744073709551615ull);
    CHECK(sd::watchdog_usec_from("18446744073709551616", nullptr, me) == 0);

    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");
    CHECK(sd::watchdog_usec_for_me() == 0);
    ::setenv("WATCHDOG_USEC", "20000000", 1);
    CHECK(sd::watchdog_usec_for_me() == 20000000u);
    ::setenv("WATCHDOG_PID", mes.c_str(), 1);
    CHECK(sd::watchdog_usec_for_me() == 20000000u);
    ::setenv("WATCHDOG_PID", std::to_string(me + 1).c_str(), 1);
    CHECK(sd::watchdog_usec_for_me() == 0);
    ::unsetenv("WATCHDOG_USEC");
    ::unsetenv("WATCHDOG_PID");

    std::uint64_t a = sd::monotonic_usec();
    ::usleep(2000);
    std::uint64_t b = sd::monotonic_usec();
    CHECK(a > 0 && b >= a + 2000 && b < a + 10000000);
}

}  // namespace

void test_journal_stream() {
    const std::string f = g_tmp + "/journal-stream";
    write_file(f, "", 0644);
    int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    CHECK(fd >= 0);
    struct stat st;
    CHECK(::fstat(fd, &st) == 0);
    std::string me = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    CHECK(sd::journal_stream_is(me.c_str(), fd));
    std::string other = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino + 1);
    CHECK(!sd::journal_stream_is(other.c_str(), fd));
    CHECK(!sd::journal_stream_is(nullptr, fd));
    CHECK(!sd::journal_stream_is("", fd));
    CHECK(!sd::journal_stream_is(std::to_string(st.st_dev).c_str(), fd));
    CHECK(!sd::journal_stream_is((me + "x").c_str(), fd));
    CHECK(!sd::journal_stream_is(me.c_str(), 999));
    ::close(fd);
}

void test_listen_fds() {
    using V = std::vector<std::pair<std::string, int>>;
    CHECK((sd::listen_fds_from("2", "42", "web:admin", 42) == V{{"web", 3}, {"admin", 4}}));
    CHECK((sd::listen_fds_from("3", "42", "app:app:app", 42) == V{{"app", 3}, {"app:1", 4}, {"app:2", 5}}));
    // No names, or not one per descriptor: sd_listen_fds_with_names() says "unknown".
    CHECK((sd::listen_fds_from("2", "42", nullptr, 42) == V{{"unknown", 3}, {"unknown:1", 4}}));
    CHECK((sd::listen_fds_from("2", "42", "only", 42) == V{{"unknown", 3}, {"unknown:1", 4}}));
    // Meant for another process, or not a count.
    CHECK(sd::listen_fds_from("1", "41", "web", 42).empty());
    CHECK(sd::listen_fds_from("1", nullptr, "web", 42).empty());
    CHECK(sd::listen_fds_from(nullptr, "42", "web", 42).empty());
    CHECK(sd::listen_fds_from("0", "42", "", 42).empty());
    CHECK(sd::listen_fds_from("-1", "42", "", 42).empty());
    CHECK(sd::listen_fds_from("1x", "42", "", 42).empty());
    CHECK(sd::listen_fds_from("99999999", "42", "", 42).empty());
    ::setenv("LISTEN_FDS", "1", 1);
    ::setenv("LISTEN_PID", std::to_string(::getpid()).c_str(), 1);
    ::setenv("LISTEN_FDNAMES", "me", 1);
    CHECK((sd::listen_fds_for_me() == V{{"me", 3}}));
    ::setenv("LISTEN_PID", "1", 1);
    CHECK(sd::listen_fds_for_me().empty());
    ::unsetenv("LISTEN_FDS");
    ::unsetenv("LISTEN_PID");
    ::unsetenv("LISTEN_FDNAMES");
}

int main() {
    char tmpl[] = "/tmp/sd_templates_XXXXXX";
    if (!::mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 2;
    }
    g_tmp = tmpl;
#ifdef PR_SET_CHILD_SUBREAPER
    // Daemons the init script starts are orphaned into this process rather than into a
    // container's pid 1, which may never reap them; the stale-pid-file case needs a
    // KILLed daemon to be really gone.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
#endif

    test_render_template();
    test_shell_quote();
    test_builtin_lookup();
    test_builtin_scripts();
    test_init_refusals();
    test_debian_with_real_tools();
    test_init_run_cmd();
    test_systemd_unit();
    test_logrotate();
    test_sd_notify();
    test_watchdog();
    test_listen_fds();
    test_journal_stream();
    test_socket_unit();

    if (g_failures == 0) run("rm -rf " + sd::shell_quote(g_tmp));
    else std::fprintf(stderr, "kept %s for inspection\n", g_tmp.c_str());
    std::printf("test_templates_sdnotify: %d checks, %d failed\n", g_checks, g_failures);
    return g_failures == 0 ? 0 : 1;
}
