// core/sdnotify: sd_notify over a real AF_UNIX datagram socket, the watchdog and
// LISTEN_* variables, JOURNAL_STREAM.
#include "core/sdnotify.h"

#include "tool_test.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdint>

#include <map>
#include <string>
#include <vector>

namespace {

int bind_dgram(const std::string &addr, bool abstract)
{
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

std::string recv_now(int fd)
{
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n < 0 ? std::string("<nothing>") : std::string(buf, static_cast<std::size_t>(n));
}

void test_sd_notify()
{
    std::string err;
    const std::string path = g_tmp + "/notify.sock";
    int fd = bind_dgram(path, false);
    CHECK(fd >= 0);
    const std::string msg = "READY=1\nSTATUS=Processing 'logs'\nMAINPID=" + std::to_string(::getpid());
    CHECK_MSG(sd::sd_notify_to(path, msg, err), err);
    CHECK(recv_now(fd) == msg);

    const std::string reload = sd::sd_reloading_message();
    CHECK(reload.compare(0, 27, "RELOADING=1\nMONOTONIC_USEC=") == 0 && reload.size() > 27);
    CHECK(sd::sd_notify_to(path, reload, err));
    CHECK(recv_now(fd) == reload);
    ::close(fd);

    // Abstract: the name ends where the address length says, with no NUL after it.
    const std::string aname = "sdtest/notify/" + std::to_string(::getpid());
    fd = bind_dgram(aname, true);
    CHECK(fd >= 0);
    CHECK_MSG(sd::sd_notify_to("@" + aname, "STOPPING=1", err), err);
    CHECK(recv_now(fd) == "STOPPING=1");
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

void test_watchdog()
{
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

    std::uint64_t a = sd::monotonic_usec();
    ::usleep(2000);
    std::uint64_t b = sd::monotonic_usec();
    CHECK(a > 0 && b >= a + 2000 && b < a + 10000000);
}

void test_journal_stream()
{
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

void test_listen_fds()
{
    using V = std::vector<std::pair<std::string, int>>;
    CHECK((sd::listen_fds_from("2", "42", "web:admin", 42) == V{{"web", 3}, {"admin", 4}}));
    CHECK((sd::listen_fds_from("3", "42", "app:app:app", 42) == V{{"app", 3}, {"app:1", 4}, {"app:2", 5}}));
    // No names: sd_listen_fds_with_names() says "unknown".
    CHECK((sd::listen_fds_from("2", "42", nullptr, 42) == V{{"unknown", 3}, {"unknown:1", 4}}));
    // Names that do not name every descriptor: the variables lie, nothing is taken.
    std::vector<std::string> w;
    CHECK(sd::listen_fds_from("6", "42", "only", 42, &w).empty());
    CHECK(w.size() == 1);
    CHECK(w[0].find("LISTEN_FDNAMES names 1 descriptor(s), LISTEN_FDS says 6") != std::string::npos);
    // An invalid name leaves its descriptor out, with a warning.
    w.clear();
    CHECK((sd::listen_fds_from("2", "42", "w\x01:admin", 42, &w) == V{{"admin", 4}}));
    CHECK(w.size() == 1);
    w.clear();
    CHECK((sd::listen_fds_from("1", "42", std::string(256, 'a').c_str(), 42, &w).empty()));
    CHECK(w.size() == 1);
    w.clear();
    CHECK(sd::listen_fds_from("x", "42", nullptr, 42, &w).empty());
    CHECK(w.size() == 1);
    // Another process's variables: nothing, and nothing to warn about.
    w.clear();
    CHECK(sd::listen_fds_from("6", "41", "only", 42, &w).empty());
    CHECK(w.empty());
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

}  // namespace

int main()
{
    return run_tool_tests("test_sdnotify", {test_sd_notify, test_watchdog, test_listen_fds, test_journal_stream});
}
