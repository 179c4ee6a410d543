// ext/core/daemonize: the daemon is double-forked into its own session with a clean
// signal state, descriptors, stdio, umask and directory; its launcher leaves with the
// daemon's verdict (ready, a failure's code and reason, or a vanished daemon) and
// survives nothing of it. Every daemon is reparented to this process (a subreaper) and
// reaped after each test.
#include "core/daemonize.h"

#include "process.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::map<std::string, std::string> parse_record(const std::string &text) {
    std::map<std::string, std::string> m;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        size_t eq = line.find('=');
        if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return m;
}

// What the daemon finds about itself, as key=value lines.
std::string describe_self(int report_fd, int keep_fd, int extra_fd) {
    std::ostringstream os;
    os << "pid=" << getpid() << "\n";
    os << "sid=" << getsid(0) << "\n";
    os << "pgid=" << getpgrp() << "\n";
    os << "report_fd=" << report_fd << "\n";
    os << "keep_fd=" << keep_fd << "\n";
    os << "extra_fd=" << extra_fd << "\n";
    std::set<int> fds;
    if (DIR *d = opendir("/proc/self/fd")) {
        while (struct dirent *e = readdir(d)) {
            if (e->d_name[0] == '.') continue;
            int fd = atoi(e->d_name);
            if (fd != dirfd(d)) fds.insert(fd);
        }
        closedir(d);
    }
    os << "fds=";
    for (int fd : fds) os << fd << ",";
    os << "\n";
    for (int i = 0; i < 3; ++i) os << "fd" << i << "=" << link_target("/proc/self/fd/" + std::to_string(i)) << "\n";
    os << "umask=" << status_field("Umask") << "\n";
    os << "cwd=" << link_target("/proc/self/cwd") << "\n";
    os << "sigblk=" << status_field("SigBlk") << "\n";
    os << "sigign=" << status_field("SigIgn") << "\n";
    std::string stat = read_file("/proc/self/stat");
    const char *rp = std::strrchr(stat.c_str(), ')');
    char state;
    int ppid, pgrp, session, tty;
    if (rp && std::sscanf(rp + 1, " %c %d %d %d %d", &state, &ppid, &pgrp, &session, &tty) == 5)
        os << "tty_nr=" << tty << "\n";
    return os.str();
}

void test_daemonize_ok() {
    const std::string dir = g_tmp + "/d1", record = dir + "/record";
    mkdir(dir.c_str(), 0755);
    int errp[2];
    CHECK(pipe(errp) == 0);
    pid_t launcher = test_fork();
    if (launcher == 0) {
        dup2(errp[1], 2);
        close(errp[0]);
        close(errp[1]);
        int extra = open("/dev/null", O_RDONLY);  // inherited, not CLOEXEC: must be closed
        int keep = open((dir + "/keep").c_str(), O_WRONLY | O_CREAT, 0644);
        signal(SIGUSR1, SIG_IGN);
        signal(SIGPIPE, SIG_IGN);
        sigset_t blk;
        sigemptyset(&blk);
        sigaddset(&blk, SIGUSR2);
        sigprocmask(SIG_BLOCK, &blk, nullptr);
        umask(077);
        sd::DaemonizeOptions o;
        o.chdir_to = dir;
        o.keep_fds = {keep};
        std::string err;
        int rep = sd::daemonize(o, err);
        if (rep < 0) _exit(90);
        std::string desc = describe_self(rep, keep, extra);
        write_file(record, desc);
        sd::daemonize_report_ready(rep);
        if (rep != -1) _exit(91);
        _exit(0);
    }
    close(errp[1]);
    int st = wait_child(launcher);
    CHECK_EQ(exit_code(st), 0);
    CHECK_EQ(read_pipe(errp[0], 5000), "");  // EOF: nobody kept the launcher's stderr
    close(errp[0]);

    auto r = parse_record(read_file(record));
    pid_t dpid = static_cast<pid_t>(atol(r["pid"].c_str()));
    CHECK(dpid > 0 && dpid != launcher);
    CHECK(r["sid"] != r["pid"]);                  // not a session leader
    CHECK(r["sid"] != std::to_string(getsid(0)));  // but in a session of its own
    CHECK_EQ(r["pgid"], r["sid"]);
    CHECK_EQ(r["tty_nr"], "0");
    std::vector<int> want = {0, 1, 2, atoi(r["report_fd"].c_str()), atoi(r["keep_fd"].c_str())};
    std::sort(want.begin(), want.end());
    std::string want_s;
    for (int fd : want) want_s += std::to_string(fd) + ",";
    CHECK_EQ(r["fds"], want_s);
    CHECK(r["extra_fd"] != r["report_fd"] && r["extra_fd"] != r["keep_fd"]);
    CHECK_EQ(r["fd0"], "/dev/null");
    CHECK_EQ(r["fd1"], "/dev/null");
    CHECK_EQ(r["fd2"], "/dev/null");
    CHECK_EQ(r["umask"], "0022");
    CHECK_EQ(r["cwd"], dir);
    CHECK_EQ(r["sigblk"], "0000000000000000");
    CHECK_EQ(r["sigign"], "0000000000001000");  // SIGPIPE (13) only: PHP's own
    if (dpid > 0) CHECK(exited_ok(wait_child(dpid)));  // reparented to us, the subreaper
}

struct Launch {
    int status;
    std::string err;
};

// Runs a launcher whose daemon runs `body`; collects exit status and stderr.
Launch launch(const sd::DaemonizeOptions &o, void (*body)(int &rep)) {
    int errp[2];
    Launch out = {-1, ""};
    if (pipe(errp) != 0) return out;
    pid_t launcher = test_fork();
    if (launcher == 0) {
        dup2(errp[1], 2);
        close(errp[0]);
        close(errp[1]);
        std::string err;
        int rep = sd::daemonize(o, err);
        if (rep < 0) _exit(90);
        body(rep);
        _exit(0);
    }
    close(errp[1]);
    out.status = wait_child(launcher);
    out.err = read_pipe(errp[0], 5000);
    close(errp[0]);
    reap_all(5000);
    return out;
}

void body_ready(int &rep) { sd::daemonize_report_ready(rep); }
void body_fail(int &rep) { sd::daemonize_report_failure(rep, 3, "cannot open pid file /x: Permission denied"); }
void body_vanish(int &) { _exit(0); }
void body_bad_code(int &rep) { sd::daemonize_report_failure(rep, 256, "code out of range"); }
void body_long(int &rep) { sd::daemonize_report_failure(rep, 4, std::string(10000, 'x')); }

void test_daemonize_failures() {
    sd::DaemonizeOptions o;
    o.chdir_to = g_tmp;
    Launch l = launch(o, body_ready);
    CHECK_EQ(exit_code(l.status), 0);
    CHECK_EQ(l.err, "");

    l = launch(o, body_fail);
    CHECK_EQ(exit_code(l.status), 3);
    CHECK_EQ(l.err, "cannot open pid file /x: Permission denied\n");

    l = launch(o, body_vanish);
    CHECK_EQ(exit_code(l.status), 1);
    CHECK_EQ(l.err, "daemon exited before it was ready\n");

    l = launch(o, body_bad_code);
    CHECK_EQ(exit_code(l.status), 1);
    CHECK_EQ(l.err, "code out of range\n");

    l = launch(o, body_long);
    CHECK_EQ(exit_code(l.status), 4);
    CHECK(l.err.size() > 3000 && l.err.size() < 4100);

    o.chdir_to = g_tmp + "/missing";
    l = launch(o, body_ready);
    CHECK_EQ(exit_code(l.status), 1);
    CHECK_EQ(l.err, "cannot change directory to " + g_tmp + "/missing: No such file or directory\n");
}

// The launcher is killed before the daemon reports: the report must not kill the
// daemon with SIGPIPE (it is at SIG_DFL here).
void test_daemonize_launcher_killed() {
    const std::string alive = g_tmp + "/alive";
    int gate[2], pidp[2];
    CHECK(pipe(gate) == 0 && pipe(pidp) == 0);
    pid_t launcher = test_fork();
    if (launcher == 0) {
        close(gate[1]);
        close(pidp[0]);
        signal(SIGPIPE, SIG_DFL);
        sd::DaemonizeOptions o;
        o.keep_fds = {gate[0], pidp[1]};
        std::string err;
        int rep = sd::daemonize(o, err);
        if (rep < 0) _exit(90);
        pid_t me = getpid();
        if (write(pidp[1], &me, sizeof me) != static_cast<ssize_t>(sizeof me)) _exit(1);
        close(pidp[1]);
        char x;
        if (read(gate[0], &x, 1) < 0) _exit(1);
        sd::daemonize_report_ready(rep);
        write_file(alive, "yes\n");
        _exit(0);
    }
    close(gate[0]);
    close(pidp[1]);
    pid_t dpid = 0;
    CHECK(read_exact(pidp[0], &dpid, sizeof dpid));
    close(pidp[0]);
    kill(launcher, SIGKILL);
    wait_child(launcher);
    close(gate[1]);  // let the daemon report to nobody
    if (dpid > 0) {
        int st = wait_child(dpid);
        CHECK(exited_ok(st));
    }
    CHECK_EQ(read_file(alive), "yes\n");
}

void test_daemonize_nofork() {
    pid_t c = test_fork();
    if (c == 0) {
        pid_t before = getpid();
        pid_t sid = getsid(0);
        signal(SIGUSR1, SIG_IGN);
        sd::DaemonizeOptions o;
        o.fork = false;
        o.umask_value = 027;
        o.chdir_to = g_tmp;
        std::string err;
        CHECK_EQ(sd::daemonize(o, err), -1);
        CHECK_EQ(err, "");
        CHECK_EQ(getpid(), before);
        CHECK_EQ(getsid(0), sid);
        CHECK_EQ(status_field("Umask"), "0027");
        CHECK_EQ(link_target("/proc/self/cwd"), g_tmp);
        struct sigaction sa;
        sigaction(SIGUSR1, nullptr, &sa);
        CHECK(sa.sa_handler == SIG_DFL);
        int rep = -1;
        sd::daemonize_report_ready(rep);  // a no-op here
        CHECK_EQ(rep, -1);
        o.chdir_to = g_tmp + "/missing";
        CHECK_EQ(sd::daemonize(o, err), -1);
        CHECK_EQ(err, "cannot change directory to " + g_tmp + "/missing: No such file or directory");
        // The mask: cleared, unless kept (a pool's master executed by USR2).
        sigset_t block, now;
        sigemptyset(&block);
        sigaddset(&block, SIGUSR2);
        o.chdir_to = "";
        sigprocmask(SIG_BLOCK, &block, nullptr);
        o.keep_mask = true;
        sd::daemonize(o, err);
        sigprocmask(SIG_SETMASK, nullptr, &now);
        CHECK(sigismember(&now, SIGUSR2) == 1);
        o.keep_mask = false;
        sd::daemonize(o, err);
        sigprocmask(SIG_SETMASK, nullptr, &now);
        CHECK(sigismember(&now, SIGUSR2) == 0);
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"daemonize_ok", test_daemonize_ok},
        {"daemonize_failures", test_daemonize_failures},
        {"daemonize_launcher_killed", test_daemonize_launcher_killed},
        {"daemonize_nofork", test_daemonize_nofork},
    };
    return run_process_tests("test_daemonize", tests);
}
