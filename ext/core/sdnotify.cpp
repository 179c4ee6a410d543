#include "core/sdnotify.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace sd {

namespace {

// Strict: digits only, no sign or blanks, no wrap-around. Anything else is refused, so
// a mangled variable disables the watchdog rather than guessing an interval.
bool parse_u64(const char *s, std::uint64_t &out)
{
    if (!s || !*s) return false;
    std::uint64_t v = 0;
    for (; *s; ++s) {
        if (*s < '0' || *s > '9') return false;
        unsigned d = static_cast<unsigned>(*s - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    out = v;
    return true;
}

}  // namespace

bool sd_notify_to(const std::string &addr, const std::string &msg, std::string &err)
{
    struct sockaddr_un sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    socklen_t len;
    if (addr.size() >= 2 && addr[0] == '@') {
        // Abstract names are not NUL-terminated: the length says where they end.
        if (addr.size() > sizeof sa.sun_path) {
            err = "NOTIFY_SOCKET abstract name is too long: " + addr;
            return false;
        }
        std::memcpy(sa.sun_path + 1, addr.data() + 1, addr.size() - 1);
        len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + addr.size());
    } else if (!addr.empty() && addr[0] == '/') {
        if (addr.size() >= sizeof sa.sun_path || addr.find('\0') != std::string::npos) {
            err = "NOTIFY_SOCKET path is too long or malformed: " + addr;
            return false;
        }
        std::memcpy(sa.sun_path, addr.data(), addr.size());
        len = static_cast<socklen_t>(offsetof(struct sockaddr_un, sun_path) + addr.size() + 1);
    } else {
        err = "NOTIFY_SOCKET is neither an absolute path nor an @abstract name: " + addr;
        return false;
    }

    int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        err = std::string("cannot create a notify socket: ") + std::strerror(errno);
        return false;
    }
    ssize_t n;
    do {
        // MSG_NOSIGNAL: a vanished manager must not kill the daemon with SIGPIPE.
        n = ::sendto(fd, msg.data(), msg.size(), MSG_NOSIGNAL, reinterpret_cast<struct sockaddr *>(&sa), len);
    } while (n < 0 && errno == EINTR);
    int saved = errno;
    ::close(fd);
    if (n < 0) {
        err = "cannot send to NOTIFY_SOCKET " + addr + ": " + std::strerror(saved);
        return false;
    }
    if (static_cast<std::size_t>(n) != msg.size()) {
        err = "short send to NOTIFY_SOCKET " + addr;
        return false;
    }
    return true;
}

std::uint64_t watchdog_usec_from(const char *usec, const char *pid, long self_pid)
{
    std::uint64_t v;
    if (!parse_u64(usec, v) || v == 0) return 0;
    if (pid) {
        std::uint64_t p;
        if (!parse_u64(pid, p) || p == 0 || p != static_cast<std::uint64_t>(self_pid)) return 0;
    }
    return v;
}

std::uint64_t monotonic_usec()
{
    struct timespec ts;
    if (::clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

bool journal_stream_is(const char *journal_stream, int fd)
{
    if (!journal_stream) return false;
    std::string v = journal_stream;
    std::size_t colon = v.find(':');
    if (colon == std::string::npos) return false;
    std::uint64_t dev, ino;
    if (!parse_u64(v.substr(0, colon).c_str(), dev) || !parse_u64(v.substr(colon + 1).c_str(), ino)) return false;
    struct stat st;
    if (::fstat(fd, &st) != 0) return false;
    return static_cast<std::uint64_t>(st.st_dev) == dev && static_cast<std::uint64_t>(st.st_ino) == ino;
}

namespace {

// systemd's fdname_is_valid(): printable ASCII without ':', at most 255 bytes.
bool fdname_valid(const std::string &n)
{
    if (n.size() > 255) return false;
    for (unsigned char c : n)
        if (c < ' ' || c > '~' || c == ':') return false;
    return true;
}

}  // namespace

std::vector<std::pair<std::string, int>> listen_fds_from(const char *fds, const char *pid, const char *names,
                                                         long self_pid, std::vector<std::string> *warnings)
{
    std::vector<std::pair<std::string, int>> out;
    auto warn = [warnings](const std::string &w) {
        if (warnings) warnings->push_back(w);
    };
    std::uint64_t n, p;
    if (!parse_u64(pid, p) || p == 0 || p != static_cast<std::uint64_t>(self_pid)) return out;
    // Far beyond any real count: a mangled value must not make us walk the fd space.
    if (!parse_u64(fds, n) || n == 0 || n > 4096) {
        if (fds) warn(std::string("LISTEN_FDS '") + fds + "' is not a count from 1 to 4096: no socket taken");
        return out;
    }
    std::vector<std::string> list;
    if (names) {
        std::string all = names;
        std::size_t i = 0;
        for (;;) {
            std::size_t colon = all.find(':', i);
            list.push_back(all.substr(i, colon == std::string::npos ? std::string::npos : colon - i));
            if (colon == std::string::npos) break;
            i = colon + 1;
        }
        if (list.size() != n) {
            warn("LISTEN_FDNAMES names " + std::to_string(list.size()) + " descriptor(s), LISTEN_FDS says " +
                 std::to_string(n) + ": no socket taken");
            return out;
        }
    } else {
        list.assign(n, "unknown");
    }
    for (std::uint64_t k = 0; k < n; ++k) {
        if (!fdname_valid(list[k])) {
            warn("LISTEN_FDNAMES: the name of descriptor " + std::to_string(3 + k) +
                 " is not valid (a control character, a byte over 126, or over 255 bytes): ignored");
            continue;
        }
        std::string key = list[k].empty() ? "unknown" : list[k];
        unsigned same = 0;
        for (std::uint64_t j = 0; j < k; ++j)
            if (list[j] == list[k]) ++same;
        if (same) key += ":" + std::to_string(same);
        out.emplace_back(key, static_cast<int>(3 + k));
    }
    return out;
}

std::vector<std::pair<std::string, int>> listen_fds_for_me(std::vector<std::string> *warnings)
{
    return listen_fds_from(std::getenv("LISTEN_FDS"), std::getenv("LISTEN_PID"), std::getenv("LISTEN_FDNAMES"),
                           static_cast<long>(::getpid()), warnings);
}

std::string sd_reloading_message()
{
    return "RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec());
}

}  // namespace sd
