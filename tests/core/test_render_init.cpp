// core/render_init: the built-in init scripts rendered as writeAutoRun() renders them,
// checked with bash/dash -n and, for Debian, driven through start-stop-daemon and lsb-base.
#include "core/cmdline.h"
#include "core/render_init.h"
#include "core/render_text.h"

#include "tool_test.h"

#include <map>
#include <string>
#include <vector>

namespace {

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
            // By the pid pidfile_check read once: killproc -p reads the file again.
            CHECK(script.find("killproc") == std::string::npos);
            CHECK(script.find("if stop_pid \"$PID\"; then") != std::string::npos);
            CHECK(script.find("kill -HUP \"$PID\"") != std::string::npos);
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

// The attack on Debian's stop and reload (the RedHat and Arch scripts share the
// check): the daemon user (nobody) owns the pid file's directory and swaps the name
// while root's script runs. Nothing may be signalled, and the script says why; before
// this was fixed, stop sent TERM to a root process of the attacker's choice.
void test_debian_pid_dir_of_the_daemon_user() {
    if (!have("start-stop-daemon") || !exists("/lib/lsb/init-functions")) {
        std::printf("skip: start-stop-daemon or lsb-base missing\n");
        return;
    }
    CHECK(::chmod(g_tmp.c_str(), 0711) == 0);  // nobody must reach its directory
    const std::string dir = g_tmp + "/nobody-run";
    ::mkdir(dir.c_str(), 0755);
    CHECK(::chown(dir.c_str(), 65534, 65534) == 0);
    auto vars = sample_vars();
    vars["name"] = "sdtest_race_" + std::to_string(::getpid());
    vars["php_bin"] = "/bin/sh";
    vars["bin_file"] = g_tmp + "/never-started.sh";
    vars["pid_file"] = dir + "/app.pid";
    std::string script, err;
    CHECK(render_builtin("Debian", vars, script, err));
    const std::string init = g_tmp + "/race-init";
    write_file(init, script, 0755);
    const std::string cmd = "_SYSTEMCTL_SKIP_REDIRECT=1 " + sd::shell_quote(init) + " ";

    const std::string vmark = g_tmp + "/race-victim.mark";
    pid_t victim = spawn_victim(vmark);
    CHECK(wait_for([&] { return read_file("/proc/" + std::to_string(victim) + "/cmdline").find("trap") != std::string::npos; }, 5000));
    write_file(dir + "/real", std::to_string(victim) + "\n", 0644);
    pid_t attacker = spawn_as_nobody(pid_name_swapper(dir, "app.pid"));
    std::string o, e, said;
    int runs = 0;
    for (; runs < 300 && !exists(vmark); ++runs) {
        // stop removes what it takes for a stale pid file: root writes it again.
        if (!exists(dir + "/real") && !exists(dir + "/app.pid")) {
            write_file(dir + "/real.new", std::to_string(victim) + "\n", 0644);
            ::rename((dir + "/real.new").c_str(), (dir + "/real").c_str());
        }
        run(cmd + (runs % 3 ? "reload" : "stop"), &o, &e);
        said += e;
    }
    kill_and_reap(attacker);
    CHECK_MSG(!exists(vmark), "root's init script signalled the attacker's victim after " + std::to_string(runs) + " runs");
    CHECK_MSG(said.find("refusing") != std::string::npos && said.find(dir) != std::string::npos,
              "the init script did not say why it signalled nothing: " + said.substr(0, 300));
    kill_and_reap(victim);
}


// The daemon user's link on the way to the pid file (appPidLocation under its own
// directory, through a link it made): however root's the directory the link leads to,
// the user chooses it. Here it leads to another root daemon's directory, whose pid file
// has the same name and is held open by that daemon; Debian's stop sent it TERM.
void test_debian_pid_link_of_the_daemon_user() {
    if (!have("start-stop-daemon") || !exists("/lib/lsb/init-functions")) {
        std::printf("skip: start-stop-daemon or lsb-base missing\n");
        return;
    }
    const std::string other = g_tmp + "/other-run";
    ::mkdir(other.c_str(), 0755);
    const std::string home = g_tmp + "/nobody-home";
    ::mkdir(home.c_str(), 0755);
    CHECK(::symlink(other.c_str(), (home + "/run").c_str()) == 0);
    CHECK(::lchown((home + "/run").c_str(), 65534, 65534) == 0 && ::chown(home.c_str(), 65534, 65534) == 0);
    auto vars = sample_vars();
    vars["name"] = "sdtest_link_" + std::to_string(::getpid());
    vars["php_bin"] = "/bin/sh";
    vars["bin_file"] = g_tmp + "/never-started.sh";
    vars["pid_file"] = home + "/run/app.pid";
    std::string script, err;
    CHECK(render_builtin("Debian", vars, script, err));
    const std::string init = g_tmp + "/link-init";
    write_file(init, script, 0755);

    // The other daemon: its own root-owned pid file, held open.
    const std::string mark = g_tmp + "/link-victim.mark", pidfile = other + "/app.pid";
    std::fflush(nullptr);
    pid_t victim = ::fork();
    if (victim == 0) {
        ::setsid();
        std::string sh = "echo $$ > " + sd::shell_quote(pidfile) + "; exec 9<" + sd::shell_quote(pidfile) + "; trap 'touch " +
                         sd::shell_quote(mark) + "; exit 0' HUP TERM; while :; do sleep 0.05; done";
        ::execl("/bin/sh", "sh", "-c", sh.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    CHECK(wait_for([&] { return read_file(pidfile) == std::to_string(victim) + "\n"; }, 5000));
    ::usleep(100000);
    std::string o, e;
    int rc = run("_SYSTEMCTL_SKIP_REDIRECT=1 " + sd::shell_quote(init) + " stop", &o, &e);
    ::usleep(200000);
    CHECK_MSG(!exists(mark), "root's stop signalled the daemon the link led to (status " + std::to_string(rc) + ")");
    CHECK_MSG(e.find("refusing") != std::string::npos && e.find(home + " is not a directory owned by root") != std::string::npos,
              "the init script did not say why it signalled nothing: " + e.substr(0, 300));
    kill_and_reap(victim);

    // The same link in root's own directory is root's choice: followed.
    CHECK(::chown(home.c_str(), 0, 0) == 0 && ::lchown((home + "/run").c_str(), 0, 0) == 0);
    victim = ::fork();
    if (victim == 0) {
        ::setsid();
        std::string sh = "echo $$ > " + sd::shell_quote(pidfile) + "; exec 9<" + sd::shell_quote(pidfile) + "; trap 'touch " +
                         sd::shell_quote(mark) + "; exit 0' HUP TERM; while :; do sleep 0.05; done";
        ::execl("/bin/sh", "sh", "-c", sh.c_str(), static_cast<char *>(nullptr));
        ::_exit(127);
    }
    CHECK(wait_for([&] { return read_file(pidfile) == std::to_string(victim) + "\n"; }, 5000));
    ::usleep(100000);
    rc = run("_SYSTEMCTL_SKIP_REDIRECT=1 " + sd::shell_quote(init) + " stop", &o, &e);
    CHECK_MSG(wait_for([&] { return exists(mark); }, 5000), "stop through root's own link: " + std::to_string(rc) + " " + e);
    kill_and_reap(victim);
}

}  // namespace

int main() { return run_tool_tests("test_render_init", {test_render_template, test_builtin_lookup, test_builtin_scripts, test_init_refusals, test_debian_with_real_tools, test_init_run_cmd, test_debian_pid_dir_of_the_daemon_user, test_debian_pid_link_of_the_daemon_user}); }
