// ext/core/pidfile: the pid file is created, locked, written and removed only when it
// is ours; stale, foreign, linked and planted files are refused or replaced; a stopper
// signals only a pid that holds the file; concurrent starters never both win. Runs as
// root (the stopper drops privileges, files are chowned).
#include "core/identity.h"
#include "core/pidfile.h"

#include "process.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

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
    // The offset stays at 0: what the daemon writes through its descriptor after an
    // ftruncate() starts the file (HostilePathsTest relies on it).
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);

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

    // Root does not signal through a directory another user can write (the file could
    // be swapped between the checks and the kill).
    {
        const std::string theirs = g_tmp + "/stop-theirs/app.pid";
        c = spawn_holder(theirs, 1);
        CHECK(chown((g_tmp + "/stop-theirs").c_str(), 65534, 65534) == 0);
        CHECK(!sd::pidfile_stop(theirs, 500, msg));
        CHECK(msg.find("refusing to signal through it as root") != std::string::npos);
        CHECK(kill(c, 0) == 0);
        kill(c, SIGKILL);
        wait_child(c);
    }

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

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"pidfile_basic", test_pidfile_basic},
        {"pidfile_stale", test_pidfile_stale},
        {"pidfile_refuse", test_pidfile_refuse},
        {"pidfile_stop", test_pidfile_stop},
        {"pidfile_concurrent", test_pidfile_concurrent},
        {"pidfile_churn", test_pidfile_churn},
    };
    return run_process_tests("test_pidfile", tests);
}
