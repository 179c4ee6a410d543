// core/render_logrotate: the snippet, run by a real logrotate (and its postrotate
// against a live process and hostile pid files).
#include "core/render_logrotate.h"
#include "core/render_text.h"

#include "tool_test.h"

#include <map>
#include <string>
#include <vector>

namespace {

std::string logrotate_text(const std::string &log, const std::string &pid) {
    std::string out, err;
    sd::render_logrotate(log, pid, "", out, err);
    return out;
}

// The postrotate text of a rendered snippet, as logrotate hands it to /bin/sh.
std::string postrotate_of(const std::string &conf) {
    std::size_t b = conf.find("\tpostrotate\n"), e = conf.find("\tendscript\n");
    if (b == std::string::npos || e == std::string::npos || e < b) return {};
    return conf.substr(b + 12, e - b - 12);
}

void test_logrotate() {
    std::string out, err;
    CHECK(!sd::render_logrotate("relative.log", "/run/x.pid", "", out, err) && out.empty());
    CHECK(!sd::render_logrotate("/var/log/a\".log", "/run/x.pid", "", out, err));
    CHECK(!sd::render_logrotate("/var/log/a.log", "/run/x\n.pid", "", out, err));
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
    // The postrotate script is valid sh and harmless when the pid file is missing.
    CHECK(run(postrotate_of(conf)) == 0);

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

// The attack: the daemon user (nobody) owns the pid file's directory and swaps the
// name under root's postrotate. Root's postrotate must signal nothing there, and say
// why; before this was fixed a root process of the attacker's choice got the HUP
// within a few dozen rotations.
void test_logrotate_pid_dir_of_the_daemon_user() {
    CHECK(::chmod(g_tmp.c_str(), 0711) == 0);  // nobody must reach its directory
    const std::string dir = g_tmp + "/nobody-run";
    ::mkdir(dir.c_str(), 0755);
    CHECK(::chown(dir.c_str(), 65534, 65534) == 0);
    const std::string pidfile = dir + "/app.pid";
    const std::string script = g_tmp + "/postrotate.sh";
    write_file(script, postrotate_of(logrotate_text(g_tmp + "/app.log", pidfile)), 0644);

    const std::string vmark = g_tmp + "/race-victim.mark";
    pid_t victim = spawn_victim(vmark);
    CHECK(wait_for([&] { return read_file("/proc/" + std::to_string(victim) + "/cmdline").find("trap") != std::string::npos; }, 5000));
    write_file(dir + "/real", std::to_string(victim) + "\n", 0644);
    pid_t attacker = spawn_as_nobody(pid_name_swapper(dir, "app.pid"));
    std::string o, e, said;
    int runs = 0;
    for (; runs < 300 && !exists(vmark); ++runs) {
        run("sh " + sd::shell_quote(script), &o, &e);
        said += e;
    }
    kill_and_reap(attacker);
    CHECK_MSG(!exists(vmark), "root's postrotate sent HUP to the attacker's victim after " + std::to_string(runs) + " runs");
    CHECK_MSG(said.find("refusing") != std::string::npos && said.find(dir) != std::string::npos,
              "postrotate did not say why it signalled nothing: " + said.substr(0, 300));
    kill_and_reap(victim);
}

// Under systemd the unit names the process: no pid file is read at all.
void test_logrotate_through_the_unit() {
    std::string out, err;
    CHECK(sd::render_logrotate("/var/log/a.log", "/run/a/a.pid", "a.service", out, err));
    std::string post = postrotate_of(out);
    CHECK_MSG(post == "\t\tsystemctl reload -- a.service >/dev/null 2>&1 || true\n", post);
    CHECK(out.find("a.pid") == std::string::npos);
    CHECK(!sd::render_logrotate("/var/log/a.log", "", "-a.service", out, err));
    CHECK(!sd::render_logrotate("/var/log/a.log", "", "a b.service", out, err));
    // The pid file need not be a path at all then.
    CHECK(sd::render_logrotate("/var/log/a.log", "", "a.service", out, err));
}

}  // namespace

int main() { return run_tool_tests("test_render_logrotate", {test_logrotate, test_logrotate_pid_dir_of_the_daemon_user, test_logrotate_through_the_unit}); }
