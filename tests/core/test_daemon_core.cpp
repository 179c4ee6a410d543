// Unit tests for ext/core/{pidfile,identity,daemonize}. Run as root (privilege drops
// and chowns are part of what is tested); tests/core/run.sh builds and runs it.
//
// Every process the tests create is either a direct child or, being a daemon that
// double-forked, reparented to this process (PR_SET_CHILD_SUBREAPER): all of them are
// reaped here, and a watchdog kills whatever is left if a test hangs.
#include "core/daemonize.h"
#include "core/identity.h"
#include "core/pidfile.h"
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string g_tmp;

template <class A, class B>
void check_eq(const A &a, const B &b, const char *ea, const char *eb, const char *file, int line) {
    if (a == b) return;
    ++g_failures;
    std::ostringstream os;
    os << file << ":" << line << ": CHECK_EQ(" << ea << ", " << eb << ") failed: [" << a << "] != [" << b
       << "] (pid " << getpid() << ")\n";
    std::fputs(os.str().c_str(), stderr);
}

#define CHECK_EQ(a, b) check_eq((a), (b), #a, #b, __FILE__, __LINE__)

bool contains(const std::string &hay, const std::string &needle) { return hay.find(needle) != std::string::npos; }

// A forked test child reports its CHECK failures through its exit status.
[[noreturn]] void child_done() {
    std::fflush(stderr);
    _exit(g_failures ? 1 : 0);
}

// A child counts only its own CHECK failures, not those its parent had before fork().
pid_t test_fork() {
    pid_t p = fork();
    if (p == 0) g_failures = 0;
    return p;
}

long long now_ms() {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<long long>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

// Waits for a child; on timeout kills it, reaps it and returns -1.
int wait_child(pid_t pid, int timeout_ms = 10000) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int st;
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) return st;
        if (r < 0 && errno != EINTR) return -2;
        if (now_ms() > deadline) {
            std::fprintf(stderr, "timeout waiting for pid %d; killing it\n", static_cast<int>(pid));
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        sleep_ms(2);
    }
}

bool exited_ok(int st) { return st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0; }
int exit_code(int st) { return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1; }

std::vector<pid_t> my_children() {
    std::vector<pid_t> out;
    DIR *d = opendir("/proc");
    if (!d) return out;
    while (struct dirent *e = readdir(d)) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0) continue;
        FILE *f = std::fopen(("/proc/" + std::string(e->d_name) + "/stat").c_str(), "r");
        if (!f) continue;
        char buf[1024];
        size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        std::fclose(f);
        buf[n] = '\0';
        const char *rp = std::strrchr(buf, ')');
        char state;
        int ppid;
        if (rp && std::sscanf(rp + 1, " %c %d", &state, &ppid) == 2 && ppid == getpid())
            out.push_back(static_cast<pid_t>(pid));
    }
    closedir(d);
    return out;
}

// Reaps every child (daemons included, thanks to the subreaper flag) within the
// deadline; kills what is still alive after it. Returns how many had to be killed.
int reap_all(int timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int st;
        while (waitpid(-1, &st, WNOHANG) > 0) {
        }
        std::vector<pid_t> left = my_children();
        if (left.empty()) return 0;
        if (now_ms() > deadline) {
            for (pid_t p : left) {
                std::fprintf(stderr, "stray process %d left behind; killing it\n", static_cast<int>(p));
                kill(p, SIGKILL);
            }
            while (waitpid(-1, &st, 0) > 0) {
            }
            return static_cast<int>(left.size());
        }
        sleep_ms(5);
    }
}

void watchdog(int) {
    static const char msg[] = "test_daemon_core: watchdog fired; killing children\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    // Not async-signal-safe, but this is the last thing the process does.
    for (pid_t p : my_children()) kill(p, SIGKILL);
    _exit(3);
}

std::string read_file(const std::string &path) {
    std::string out;
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "<missing>";
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
    close(fd);
    return out;
}

void write_file(const std::string &path, const std::string &data, mode_t mode = 0644) {
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return;
    if (write(fd, data.data(), data.size()) < 0) {
    }
    close(fd);
}

bool exists(const std::string &path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0;
}

// Reads everything until EOF or timeout.
std::string read_pipe(int fd, int timeout_ms = 10000) {
    std::string out;
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0) break;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        char buf[1024];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

bool read_exact(int fd, void *p, size_t n, int timeout_ms = 10000) {
    char *c = static_cast<char *>(p);
    long long deadline = now_ms() + timeout_ms;
    while (n > 0) {
        long long left = deadline - now_ms();
        if (left <= 0) return false;
        struct pollfd pf = {fd, POLLIN, 0};
        int r = poll(&pf, 1, static_cast<int>(left));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        ssize_t got = read(fd, c, n);
        if (got <= 0) return false;
        c += got;
        n -= static_cast<size_t>(got);
    }
    return true;
}

std::string status_field(const std::string &name) {
    std::istringstream in(read_file("/proc/self/status"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, name.size() + 1, name + ":") != 0) continue;
        std::string v = line.substr(name.size() + 1);
        size_t b = v.find_first_not_of(" \t");
        size_t e = v.find_last_not_of(" \t");
        return b == std::string::npos ? "" : v.substr(b, e - b + 1);
    }
    return "<none>";
}

std::string link_target(const std::string &path) {
    char buf[4096];
    ssize_t n = readlink(path.c_str(), buf, sizeof buf - 1);
    return n < 0 ? "<unreadable>" : std::string(buf, static_cast<size_t>(n));
}

std::string pid_line(pid_t pid) { return std::to_string(static_cast<long>(pid)) + "\n"; }

// ---------------------------------------------------------------- pid file

void test_pidfile_basic() {
    mode_t old = umask(077);
    const std::string dir1 = g_tmp + "/run", dir2 = dir1 + "/app", path = dir2 + "/app.pid";
    std::string err;
    pid_t holder = -1;
    int fd = sd::pidfile_acquire(path, getpid(), err, holder);
    CHECK(fd >= 3);
    CHECK_EQ(err, "");
    CHECK_EQ(holder, 0);
    CHECK_EQ(read_file(path), pid_line(getpid()));

    struct stat st;
    CHECK(stat(dir1.c_str(), &st) == 0 && S_ISDIR(st.st_mode));
    CHECK_EQ(st.st_mode & 07777, 0755u);
    CHECK_EQ(st.st_uid, 0u);
    CHECK(stat(dir2.c_str(), &st) == 0);
    CHECK_EQ(st.st_mode & 07777, 0755u);
    CHECK_EQ(st.st_uid, 0u);  // never handed to the daemon user
    CHECK_EQ(st.st_gid, 0u);
    CHECK(stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode));
    CHECK_EQ(st.st_mode & 07777, 0644u);  // despite umask 077
    CHECK_EQ(st.st_uid, 0u);
    CHECK_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);

    pid_t p = -1;
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Running);
    CHECK_EQ(p, getpid());

    // Reading the file through another descriptor and closing it (what PHP's
    // file_get_contents does) must not drop the lock.
    CHECK_EQ(read_file(path), pid_line(getpid()));
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Running);

    const pid_t parent = getpid();
    pid_t c = test_fork();
    if (c == 0) {
        std::string e;
        pid_t h = -1;
        int f = sd::pidfile_acquire(path, getpid(), e, h);
        CHECK_EQ(f, -1);
        CHECK_EQ(e, "already running as pid " + std::to_string(parent));
        CHECK_EQ(h, parent);
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));
    CHECK_EQ(read_file(path), pid_line(getpid()));  // the loser wrote nothing

    sd::pidfile_release(fd, path);
    CHECK(!exists(path));
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Absent);
    CHECK_EQ(p, 0);
    CHECK(sd::pidfile_probe(g_tmp + "/no/such/dir/x.pid", p) == sd::PidState::Absent);
    umask(old);
}

void test_pidfile_stale() {
    const std::string path = g_tmp + "/stale/app.pid";
    pid_t c = test_fork();
    if (c == 0) {
        std::string e;
        pid_t h;
        int f = sd::pidfile_acquire(path, getpid(), e, h);
        _exit(f >= 0 ? 0 : 1);  // dies holding it: no release, the file stays
    }
    CHECK(exited_ok(wait_child(c)));
    CHECK_EQ(read_file(path), pid_line(c));
    pid_t p = -1;
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Stale);
    CHECK_EQ(p, c);

    // A stale root-owned file is replaced by a new one, never rewritten in place.
    CHECK(chmod(path.c_str(), 0600) == 0);
    write_file(path, "123456789\n");
    struct stat before;
    CHECK(stat(path.c_str(), &before) == 0);
    std::string err;
    pid_t holder = -1;
    int keep_inode = open(path.c_str(), O_RDONLY);  // so the old inode number cannot be reused
    int fd = sd::pidfile_acquire(path, getpid(), err, holder);
    CHECK(fd >= 0);
    CHECK_EQ(err, "");
    CHECK_EQ(read_file(path), pid_line(getpid()));
    struct stat st;
    CHECK(stat(path.c_str(), &st) == 0);
    CHECK(st.st_ino != before.st_ino);
    CHECK_EQ(st.st_mode & 07777, 0644u);
    CHECK_EQ(st.st_uid, 0u);
    CHECK_EQ(st.st_gid, 0u);
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Running);
    sd::pidfile_release(fd, path);
    close(keep_inode);
    CHECK(!exists(path));

    // As the PEAR class left it, owned by the daemon user: whoever owns it could have
    // written any pid. Refused, and left as it is.
    write_file(path, "123456789\n");
    CHECK(chown(path.c_str(), 65534, 65534) == 0);
    CHECK_EQ(sd::pidfile_acquire(path, getpid(), err, holder), -1);
    CHECK_EQ(err, "pid file " + path + " belongs to uid 65534, not to root; refusing it (remove it if no daemon uses it)");
    CHECK_EQ(read_file(path), "123456789\n");
    CHECK(stat(path.c_str(), &st) == 0);
    CHECK_EQ(st.st_uid, 65534u);
    unlink(path.c_str());

    // Pre-created by another user in a sticky directory (as /run/lock): not laundered
    // into a root-owned file, whatever lock that user holds on it.
    const std::string sticky = g_tmp + "/sticky", planted = sticky + "/app.pid";
    CHECK(mkdir(sticky.c_str(), 01777) == 0 && chmod(sticky.c_str(), 01777) == 0);
    pid_t planter = test_fork();
    if (planter == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(1);
        int pf = open(planted.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
        _exit(pf >= 0 && write(pf, "1\n", 2) == 2 ? 0 : 2);
    }
    CHECK(exited_ok(wait_child(planter)));
    CHECK_EQ(sd::pidfile_acquire(planted, getpid(), err, holder), -1);
    CHECK(contains(err, "belongs to uid 65534"));
    CHECK(stat(planted.c_str(), &st) == 0);
    CHECK_EQ(st.st_uid, 65534u);
    CHECK_EQ(read_file(planted), "1\n");

    // What a launcher removes after a failed start: only an empty, unlocked file of its own.
    write_file(path, "");
    CHECK(sd::pidfile_remove_emptied(path));
    CHECK(!exists(path));
    write_file(path, "123\n");
    CHECK(!sd::pidfile_remove_emptied(path));  // names a pid: not the failed daemon's leftover
    CHECK(exists(path));
    unlink(path.c_str());
    write_file(path, "");
    CHECK(chown(path.c_str(), 65534, 65534) == 0);
    CHECK(!sd::pidfile_remove_emptied(path));  // someone else's
    CHECK(exists(path));
    unlink(path.c_str());
    {
        write_file(path, "");
        int lf = open(path.c_str(), O_RDWR);
        struct flock fl;
        std::memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        CHECK(lf >= 0 && fcntl(lf, F_OFD_SETLK, &fl) == 0);
        CHECK(!sd::pidfile_remove_emptied(path));  // held: a starter between create and write
        CHECK(exists(path));
        close(lf);
        unlink(path.c_str());
    }

    // Garbage in a stale file yields pid 0, never a number to signal.
    write_file(path, "12ab\n");
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Stale);
    CHECK_EQ(p, 0);
    unlink(path.c_str());
}

void test_pidfile_refuse() {
    const std::string dir = g_tmp + "/refuse";
    mkdir(dir.c_str(), 0755);
    std::string err;
    pid_t holder;

    // Dangling symlink: O_CREAT must not create its target.
    const std::string target = dir + "/target", link = dir + "/link.pid";
    CHECK(symlink(target.c_str(), link.c_str()) == 0);
    CHECK_EQ(sd::pidfile_acquire(link, getpid(), err, holder), -1);
    CHECK_EQ(err, "pid file " + link + " is a symbolic link; refusing to follow it");
    CHECK(!exists(target));
    // Symlink to an existing file: the file is left alone.
    write_file(target, "precious\n");
    CHECK_EQ(sd::pidfile_acquire(link, getpid(), err, holder), -1);
    CHECK(contains(err, "symbolic link"));
    CHECK_EQ(read_file(target), "precious\n");
    pid_t p = -1;
    CHECK(sd::pidfile_probe(link, p) == sd::PidState::Running);  // "cannot tell"
    CHECK_EQ(p, 0);

    // Hard link to someone else's file.
    const std::string hard = dir + "/hard.pid";
    CHECK(::link(target.c_str(), hard.c_str()) == 0);
    CHECK_EQ(sd::pidfile_acquire(hard, getpid(), err, holder), -1);
    CHECK_EQ(err, "pid file " + hard + " has 2 hard links; refusing to write it");
    CHECK_EQ(read_file(target), "precious\n");

    // A FIFO must neither hang the open nor be accepted.
    const std::string fifo = dir + "/fifo.pid";
    CHECK(mkfifo(fifo.c_str(), 0644) == 0);
    CHECK_EQ(sd::pidfile_acquire(fifo, getpid(), err, holder), -1);
    CHECK_EQ(err, "pid file " + fifo + " is not a regular file");

    const std::string isdir = dir + "/dir.pid";
    mkdir(isdir.c_str(), 0755);
    CHECK_EQ(sd::pidfile_acquire(isdir, getpid(), err, holder), -1);
    CHECK(contains(err, "cannot open pid file " + isdir));

    CHECK_EQ(sd::pidfile_acquire(dir + "/", getpid(), err, holder), -1);
    CHECK(contains(err, "does not name a file"));

    // A file where a parent directory should be.
    CHECK_EQ(sd::pidfile_acquire(target + "/x.pid", getpid(), err, holder), -1);
    CHECK(contains(err, "Not a directory"));
}

// Holds the pid file in a child until SIGTERM, then releases it cleanly. The child
// says "ready" through `ready_fd` once it holds the lock.
pid_t spawn_holder(const std::string &path, int mode /*0: TERM exits, 1: TERM ignored*/) {
    int pp[2];
    if (pipe(pp) != 0) return -1;
    pid_t c = test_fork();
    if (c == 0) {
        close(pp[0]);
        sigset_t term, old;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        sigprocmask(SIG_BLOCK, &term, &old);
        if (mode == 1) signal(SIGTERM, SIG_IGN);
        std::string e;
        pid_t h;
        int fd = sd::pidfile_acquire(path, getpid(), e, h);
        if (fd < 0) _exit(5);
        if (write(pp[1], "x", 1) != 1) _exit(6);
        close(pp[1]);
        if (mode == 1) {
            for (;;) pause();
        }
        int sig = 0;
        sigwait(&term, &sig);
        sleep_ms(20);  // a daemon takes a moment to shut down
        sd::pidfile_release(fd, path);
        _exit(0);
    }
    close(pp[1]);
    char x;
    if (!read_exact(pp[0], &x, 1)) std::fprintf(stderr, "holder %d did not get ready\n", static_cast<int>(c));
    close(pp[0]);
    return c;
}

void test_pidfile_stop() {
    const std::string path = g_tmp + "/stop/app.pid";
    std::string msg;

    pid_t c = spawn_holder(path, 0);
    CHECK(sd::pidfile_stop(path, 5000, msg));
    CHECK_EQ(msg, "stopped pid " + std::to_string(c));
    CHECK(exited_ok(wait_child(c)));
    CHECK(!exists(path));

    CHECK(!sd::pidfile_stop(path, 1000, msg));
    CHECK_EQ(msg, "no daemon running (no pid file " + path + ")");

    c = test_fork();
    if (c == 0) {
        std::string e;
        pid_t h;
        _exit(sd::pidfile_acquire(path, getpid(), e, h) >= 0 ? 0 : 1);
    }
    CHECK(exited_ok(wait_child(c)));
    CHECK(!sd::pidfile_stop(path, 1000, msg));
    CHECK_EQ(msg, "no daemon running (stale pid file)");

    c = spawn_holder(path, 1);
    long long t0 = now_ms();
    CHECK(!sd::pidfile_stop(path, 200, msg));
    long long took = now_ms() - t0;
    CHECK_EQ(msg, "pid " + std::to_string(c) + " did not stop within 200 ms");
    CHECK(took >= 200 && took < 1000);
    kill(c, SIGKILL);
    wait_child(c);

    // An unprivileged stopper facing a root daemon: EPERM means "alive", and says so.
    c = spawn_holder(path, 0);
    int pp[2];
    CHECK(pipe(pp) == 0);
    pid_t s = test_fork();
    if (s == 0) {
        close(pp[0]);
        std::string e, m;
        if (!sd::drop_privileges(65534, 65534, e)) _exit(7);
        bool ok = sd::pidfile_stop(path, 500, m);
        if (write(pp[1], m.data(), m.size()) < 0) _exit(8);
        _exit(ok ? 9 : 0);
    }
    close(pp[1]);
    std::string out = read_pipe(pp[0]);
    close(pp[0]);
    CHECK(exited_ok(wait_child(s)));
    CHECK_EQ(out, "not allowed to signal pid " + std::to_string(c));
    pid_t p;
    CHECK(sd::pidfile_probe(path, p) == sd::PidState::Running);  // nothing was deleted
    CHECK(sd::pidfile_stop(path, 5000, msg));
    CHECK(exited_ok(wait_child(c)));

    // The daemon user's own file naming a victim, locked by that user: root's stop
    // must not believe it.
    pid_t victim = test_fork();
    if (victim == 0) {
        for (;;) pause();
    }
    int ready[2];
    CHECK(pipe(ready) == 0);
    const std::string fake = g_tmp + "/stop/fake.pid";
    write_file(fake, "");
    CHECK(chown(fake.c_str(), 65534, 65534) == 0);
    pid_t liar = test_fork();
    if (liar == 0) {
        close(ready[0]);
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(1);
        int pf = open(fake.c_str(), O_RDWR);
        std::string line = pid_line(victim);
        struct flock fl;
        std::memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        if (pf < 0 || write(pf, line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
            fcntl(pf, F_OFD_SETLK, &fl) != 0 || write(ready[1], "x", 1) != 1)
            _exit(2);
        for (;;) pause();
    }
    close(ready[1]);
    char x;
    CHECK(read_exact(ready[0], &x, 1));
    close(ready[0]);
    CHECK(!sd::pidfile_stop(fake, 500, msg));
    CHECK_EQ(msg, "pid file " + fake + " belongs to uid 65534, not to root; refusing to signal the pid it names");
    kill(liar, SIGKILL);
    wait_child(liar);
    unlink(fake.c_str());

    // A root-owned, locked file whose content is not one positive pid: -1 would be
    // "every process" to kill().
    for (const char *content : {"-1\n", "0\n", "12 34\n", "012\n", "12\n34\n"}) {
        int hf = open(fake.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
        struct flock fl;
        std::memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        CHECK(hf >= 0 && fcntl(hf, F_OFD_SETLK, &fl) == 0);
        CHECK(write(hf, content, std::strlen(content)) == static_cast<ssize_t>(std::strlen(content)));
        // The lock is checked through another open file description.
        int rc = 0;
        pid_t checker = test_fork();
        if (checker == 0) {
            std::string m;
            bool ok = sd::pidfile_stop(fake, 300, m);
            _exit(!ok && m == "pid file " + fake + " is locked but holds no pid" ? 0 : 1);
        }
        rc = wait_child(checker);
        CHECK(exited_ok(rc));
        close(hf);
        unlink(fake.c_str());
    }
    // Root's own locked file naming the victim, as a daemon that can write through its
    // descriptor could make it: the victim does not hold the file open.
    {
        int hf = open(fake.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
        struct flock fl;
        std::memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        const std::string line = pid_line(victim);
        CHECK(hf >= 0 && fcntl(hf, F_OFD_SETLK, &fl) == 0);
        CHECK(write(hf, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
        pid_t checker = test_fork();
        if (checker == 0) {
            std::string m;
            bool ok = sd::pidfile_stop(fake, 300, m);
            _exit(!ok && m == "pid file " + fake + " names pid " + std::to_string(victim) +
                                  ", which does not hold it open; refusing to signal it" ? 0 : 1);
        }
        CHECK(exited_ok(wait_child(checker)));
        close(hf);
        unlink(fake.c_str());
    }
    CHECK(read_file("/proc/" + std::to_string(victim) + "/stat").find(") S") != std::string::npos);
    kill(victim, SIGKILL);
    wait_child(victim);
}

void test_pidfile_concurrent() {
    const int N = 20;
    const std::string dir = g_tmp + "/conc/sub", path = dir + "/app.pid";
    int gate[2], release[2], results[2];
    CHECK(pipe(gate) == 0 && pipe(release) == 0 && pipe(results) == 0);
    struct Result {
        pid_t self;
        int won;
        pid_t holder;
        int err_ok;
    };
    std::vector<pid_t> kids;
    for (int i = 0; i < N; ++i) {
        pid_t c = test_fork();
        if (c == 0) {
            close(gate[1]);
            close(release[1]);
            close(results[0]);
            char x;
            if (read(gate[0], &x, 1) != 0) _exit(10);  // everyone starts at EOF
            std::string e;
            pid_t h = 0;
            int fd = sd::pidfile_acquire(path, getpid(), e, h);
            Result r = {getpid(), fd >= 0, h, fd >= 0 ? e.empty() : e == "already running as pid " + std::to_string(h)};
            if (write(results[1], &r, sizeof r) != static_cast<ssize_t>(sizeof r)) _exit(11);
            if (fd >= 0) {
                if (read(release[0], &x, 1) != 0) _exit(12);
                sd::pidfile_release(fd, path);
            }
            _exit(0);
        }
        kids.push_back(c);
    }
    close(gate[0]);
    close(release[0]);
    close(results[1]);
    close(gate[1]);  // go

    std::vector<Result> rs;
    for (int i = 0; i < N; ++i) {
        Result r;
        if (!read_exact(results[0], &r, sizeof r)) break;
        rs.push_back(r);
    }
    CHECK_EQ(rs.size(), static_cast<size_t>(N));
    int winners = 0;
    pid_t winner = 0;
    for (const Result &r : rs) {
        if (r.won) {
            ++winners;
            winner = r.self;
        }
        CHECK(r.err_ok);
    }
    CHECK_EQ(winners, 1);
    for (const Result &r : rs)
        if (!r.won) CHECK_EQ(r.holder, winner);
    CHECK_EQ(read_file(path), pid_line(winner));
    struct stat st;
    CHECK(stat(dir.c_str(), &st) == 0 && st.st_uid == 0);
    close(release[1]);
    close(results[0]);
    for (pid_t c : kids) CHECK(exited_ok(wait_child(c)));
    CHECK(!exists(path));
}

// Acquire/release in a tight loop from several processes: an exiting holder's unlink
// races with the next acquirer's open. Two simultaneous holders would both create the
// O_EXCL marker.
void test_pidfile_churn() {
    const int P = 8, ROUNDS = 300;
    const std::string path = g_tmp + "/churn/app.pid", marker = g_tmp + "/churn/marker";
    int winsp[2];
    CHECK(pipe(winsp) == 0);
    std::vector<pid_t> kids;
    for (int i = 0; i < P; ++i) {
        pid_t c = test_fork();
        if (c == 0) {
            int wins = 0;
            for (int r = 0; r < ROUNDS; ++r) {
                std::string e;
                pid_t h;
                int fd = sd::pidfile_acquire(path, getpid(), e, h);
                if (fd < 0) {
                    if (e.compare(0, 15, "already running") != 0) CHECK_EQ(e, "already running ...");
                    continue;
                }
                ++wins;
                int m = open(marker.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
                CHECK(m >= 0);
                CHECK_EQ(read_file(path), pid_line(getpid()));
                struct stat a, b;
                CHECK(fstat(fd, &a) == 0 && lstat(path.c_str(), &b) == 0 && a.st_ino == b.st_ino);
                if (m >= 0) {
                    close(m);
                    unlink(marker.c_str());
                }
                sd::pidfile_release(fd, path);
            }
            // One process may lose every round; only the total must show progress.
            if (write(winsp[1], &wins, sizeof wins) != static_cast<ssize_t>(sizeof wins)) _exit(13);
            child_done();
        }
        kids.push_back(c);
    }
    close(winsp[1]);
    int total = 0;
    for (int i = 0; i < P; ++i) {
        int w = 0;
        if (read_exact(winsp[0], &w, sizeof w, 60000)) total += w;
    }
    close(winsp[0]);
    CHECK(total > P);
    for (pid_t c : kids) CHECK(exited_ok(wait_child(c, 60000)));
    CHECK(!exists(path));
}

// ---------------------------------------------------------------- identity

void test_identity_lookups() {
    CHECK_EQ(sd::user_name(0), "root");
    CHECK_EQ(sd::user_home(0), "/root");
    CHECK_EQ(sd::group_name(0), "root");
    CHECK_EQ(sd::user_name(65534), "nobody");
    CHECK_EQ(sd::group_name(65534), "nogroup");
    if (!getpwuid(54321)) CHECK_EQ(sd::user_name(54321), "");
    if (!getgrgid(54321)) CHECK_EQ(sd::group_name(54321), "");
}

void test_identity_drop() {
    // As a launcher started by root with supplementary groups.
    pid_t c = test_fork();
    if (c == 0) {
        gid_t groups[] = {0, 4, 27, 100};
        CHECK(setgroups(4, groups) == 0);
        std::string err;
        CHECK(sd::drop_privileges(65534, 65534, err));
        CHECK_EQ(err, "");
        CHECK_EQ(status_field("Uid"), "65534\t65534\t65534\t65534");
        CHECK_EQ(status_field("Gid"), "65534\t65534\t65534\t65534");
        CHECK_EQ(status_field("Groups"), "65534");
        // Nothing left to regain root with, not even through an exec.
        for (const char *set : {"CapInh", "CapPrm", "CapEff", "CapAmb", "CapBnd"})
            CHECK_EQ(status_field(set), "0000000000000000");
        errno = 0;
        CHECK(setuid(0) == -1 && errno == EPERM);
        CHECK(setgid(0) == -1);
        // Unprivileged now: going back must fail with a clear message.
        CHECK(!sd::drop_privileges(0, 0, err));
        CHECK(contains(err, "Operation not permitted"));
        CHECK(contains(err, "root") || contains(err, "gid 0"));
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // A non-root launcher that was given CAP_SETUID as an ambient capability (as
    // setpriv --ambient-caps does): setuid() between non-zero uids keeps it, so the
    // drop must empty the sets itself, and its check must not become root.
    c = test_fork();
    if (c == 0) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        std::memset(data, 0, sizeof data);
        const unsigned caps = (1u << CAP_SETUID) | (1u << CAP_SETGID);
        data[0].permitted = data[0].effective = data[0].inheritable = caps;
        CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        CHECK(setresgid(12345, 12345, 12345) == 0 && setgroups(0, nullptr) == 0);
        CHECK(setresuid(12345, 12345, 12345) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);  // effective again after the uid change
        CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SETUID, 0, 0) == 0);
        CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == 0);
        CHECK(status_field("CapAmb") != "0000000000000000");
        std::string err;
        bool still = true;
        CHECK(sd::drop_privileges(65534, 65534, err, still));
        CHECK_EQ(err, "");
        CHECK(!still);
        CHECK_EQ(status_field("Uid"), "65534\t65534\t65534\t65534");
        for (const char *set : {"CapInh", "CapPrm", "CapEff", "CapAmb"})
            CHECK_EQ(status_field(set), "0000000000000000");
        errno = 0;
        CHECK(setuid(0) == -1 && errno == EPERM);
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // When the sets cannot be emptied (here capset() and the ambient clear are made to
    // fail), the drop must say so and flag it, and must not have become root checking.
    c = test_fork();
    if (c == 0) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        std::memset(data, 0, sizeof data);
        const unsigned caps = (1u << CAP_SETUID) | (1u << CAP_SETGID);
        data[0].permitted = data[0].effective = data[0].inheritable = caps;
        CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        CHECK(setresgid(12345, 12345, 12345) == 0 && setgroups(0, nullptr) == 0);
        CHECK(setresuid(12345, 12345, 12345) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SETUID, 0, 0) == 0);
        CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == 0);
        struct sock_filter filter[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_capset, 3, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 3),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_CAP_AMBIENT, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = {static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
        CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
        CHECK(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0);
        std::string err;
        bool still = false;
        CHECK(!sd::drop_privileges(65534, 65534, err, still));
        CHECK(still);
        CHECK(contains(err, "still holds capabilities"));
        CHECK_EQ(status_field("Uid"), "65534\t65534\t65534\t65534");  // not root
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // Root without CAP_SETUID (as under setpriv --bounding-set=-setuid): the groups
    // and setgid() go through, setuid() is refused, and the drop says so itself rather
    // than leaving it to the identity check after it.
    c = test_fork();
    if (c == 0) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        CHECK(syscall(SYS_capget, &hdr, data) == 0);
        data[0].effective &= ~(1u << CAP_SETUID);
        data[0].permitted &= ~(1u << CAP_SETUID);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        std::string err;
        bool still = true;
        CHECK(!sd::drop_privileges(65534, 65534, err, still));
        CHECK_EQ(err, "cannot change uid to 65534: Operation not permitted");
        CHECK(!still);
        CHECK_EQ(status_field("Uid"), "0\t0\t0\t0");
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // A uid without a passwd entry gets exactly its gid as the group list.
    c = test_fork();
    if (c == 0) {
        gid_t groups[] = {0, 4};
        CHECK(setgroups(2, groups) == 0);
        std::string err;
        CHECK(sd::drop_privileges(54321, 54322, err));
        CHECK_EQ(status_field("Uid"), "54321\t54321\t54321\t54321");
        CHECK_EQ(status_field("Gid"), "54322\t54322\t54322\t54322");
        CHECK_EQ(status_field("Groups"), "54322");
        CHECK(setuid(0) == -1);
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // Already the target: nothing changes, groups included.
    c = test_fork();
    if (c == 0) {
        gid_t groups[] = {4};
        CHECK(setgroups(1, groups) == 0);
        std::string err;
        CHECK(sd::drop_privileges(0, 0, err));
        CHECK_EQ(status_field("Uid"), "0\t0\t0\t0");
        CHECK_EQ(status_field("Groups"), "4");
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));
}

// ---------------------------------------------------------------- daemonize

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
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));
}

int rm_entry(const char *path, const struct stat *, int, struct FTW *) { return remove(path); }

}  // namespace

int main() {
    if (geteuid() != 0) {
        std::fprintf(stderr, "test_daemon_core: must run as root (privilege drops, chown)\n");
        return 1;
    }
    setvbuf(stdout, nullptr, _IONBF, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    signal(SIGALRM, watchdog);
    alarm(120);

    char tmpl[] = "/tmp/sd-core-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 1;
    }
    char real[PATH_MAX];
    g_tmp = realpath(tmpl, real) ? real : tmpl;
    chmod(g_tmp.c_str(), 0755);  // the unprivileged stopper must reach the pid file

    struct {
        const char *name;
        void (*fn)();
    } tests[] = {
        {"pidfile_basic", test_pidfile_basic},
        {"pidfile_stale", test_pidfile_stale},
        {"pidfile_refuse", test_pidfile_refuse},
        {"pidfile_stop", test_pidfile_stop},
        {"pidfile_concurrent", test_pidfile_concurrent},
        {"pidfile_churn", test_pidfile_churn},
        {"identity_lookups", test_identity_lookups},
        {"identity_drop", test_identity_drop},
        {"daemonize_ok", test_daemonize_ok},
        {"daemonize_failures", test_daemonize_failures},
        {"daemonize_launcher_killed", test_daemonize_launcher_killed},
        {"daemonize_nofork", test_daemonize_nofork},
    };
    for (auto &t : tests) {
        int before = g_failures;
        t.fn();
        int strays = reap_all(3000);
        if (strays) {
            g_failures += strays;
            std::fprintf(stderr, "%s left %d process(es) behind\n", t.name, strays);
        }
        std::printf("%-28s %s\n", t.name, g_failures == before ? "ok" : "FAILED");
    }

    nftw(g_tmp.c_str(), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    std::printf("test_daemon_core: %d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
