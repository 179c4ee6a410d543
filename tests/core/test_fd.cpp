// ext/core/fd: UniqueFd closes once and keeps errno; the whole-buffer loops resume
// after a short write; write_file_atomic leaves either the old file or the new one.
#include "core/fd.h"

#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

bool fd_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

void test_unique_fd_closes_once() {
    int raw = open("/dev/null", O_RDONLY | O_CLOEXEC);
    CHECK(raw >= 0);
    {
        sd::UniqueFd fd(raw);
        CHECK(fd.ok());
        CHECK(fd.get() == raw);
    }
    CHECK(!fd_open(raw));
    sd::UniqueFd a(open("/dev/null", O_RDONLY | O_CLOEXEC));
    int held = a.get();
    sd::UniqueFd b(std::move(a));
    CHECK(!a.ok());
    CHECK(b.get() == held);
    int released = b.release();
    CHECK(fd_open(released));
    close(released);
    sd::UniqueFd c(open("/dev/null", O_RDONLY | O_CLOEXEC));
    errno = ENOENT;
    c.reset();
    CHECK(errno == ENOENT);
    CHECK(c.close() == 0);
}

void test_write_all_through_a_full_pipe() {
    int p[2];
    CHECK(pipe(p) == 0);
    std::string big(1 << 20, 'x');
    pid_t child = fork();
    if (child == 0) {
        close(p[0]);
        _exit(sd::write_all(p[1], big.data(), big.size()) ? 0 : 1);
    }
    close(p[1]);
    std::string got;
    CHECK(sd::read_all(p[0], got, big.size()));
    close(p[0]);
    int status = 0;
    waitpid(child, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(got == big);
}

void test_read_all_caps_size() {
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(sd::write_all(p[1], "0123456789", 10));
    close(p[1]);
    std::string got;
    CHECK(!sd::read_all(p[0], got, 4));
    CHECK(errno == EFBIG);
    close(p[0]);
}

void test_send_all_and_closed_peer() {
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(sd::send_all(sv[0], "abc", 3));
    char buf[4] = {};
    CHECK(read(sv[1], buf, 3) == 3);
    close(sv[1]);
    // MSG_NOSIGNAL: a closed peer is an error, not a SIGPIPE that kills the test
    CHECK(!sd::send_all(sv[0], "abc", 3));
    CHECK(errno == EPIPE);
    close(sv[0]);
}

void test_write_file_atomic() {
    char dir[] = "/tmp/sd-fd-test.XXXXXX";
    CHECK(mkdtemp(dir) != nullptr);
    std::string path = std::string(dir) + "/f";
    mode_t old = umask(077);
    CHECK(sd::write_file_atomic(path, "one\n", 0644).empty());
    umask(old);
    struct stat st;
    CHECK(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0644);
    CHECK(sd::write_file_atomic(path, "two\n", 0600).empty());
    int fd = open(path.c_str(), O_RDONLY);
    std::string got;
    CHECK(sd::read_all(fd, got, 100));
    close(fd);
    CHECK(got == "two\n");
    std::string err = sd::write_file_atomic(std::string(dir) + "/missing/f", "x", 0644);
    CHECK(err.find("cannot create a file next to") == 0);
    unlink(path.c_str());
    CHECK(rmdir(dir) == 0);  // no temporary file left behind
}

void test_path_components()
{
    CHECK((sd::path_components("/a//b/") == std::vector<std::string>{"a", "b"}));
    CHECK((sd::path_components("rel/x") == std::vector<std::string>{"rel", "x"}));
    CHECK((sd::path_components("/a/../b") == std::vector<std::string>{"a", "..", "b"}));
    CHECK(sd::path_components("/").empty());
    CHECK(sd::path_components("").empty());
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"unique_fd_closes_once", test_unique_fd_closes_once},
        {"write_all_full_pipe", test_write_all_through_a_full_pipe},
        {"read_all_caps_size", test_read_all_caps_size},
        {"send_all_closed_peer", test_send_all_and_closed_peer},
        {"write_file_atomic", test_write_file_atomic},
        {"path_components", test_path_components},
    };
    return run_tests("test_fd", tests);
}
