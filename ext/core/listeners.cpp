#include "core/listeners.h"

#include "core/fdscan.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>
#include <cstring>

namespace sd {
namespace listeners {

namespace {

int sockopt(int fd, int name)
{
    int v = 0;
    socklen_t len = sizeof v;
    return getsockopt(fd, SOL_SOCKET, name, &v, &len) == 0 ? v : -1;
}

bool is_listening_tcp(int fd)
{
    int domain = sockopt(fd, SO_DOMAIN);
    return (domain == AF_INET || domain == AF_INET6) && sockopt(fd, SO_TYPE) == SOCK_STREAM &&
           sockopt(fd, SO_PROTOCOL) == IPPROTO_TCP && sockopt(fd, SO_ACCEPTCONN) == 1;
}

bool same_address(const sockaddr *a, const sockaddr_storage &b)
{
    if (a->sa_family != b.ss_family) return false;
    if (a->sa_family == AF_INET) {
        auto x = reinterpret_cast<const sockaddr_in *>(a);
        auto y = reinterpret_cast<const sockaddr_in *>(&b);
        return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }
    auto x = reinterpret_cast<const sockaddr_in6 *>(a);
    auto y = reinterpret_cast<const sockaddr_in6 *>(&b);
    return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
}

// PHP's own reading of a tcp:// server name: "[v6]:port", else up to the last colon.
bool split(const std::string &name, std::string &host, std::string &port)
{
    std::string::size_type colon;
    if (!name.empty() && name[0] == '[') {
        std::string::size_type close = name.find(']');
        if (close == std::string::npos || close + 1 >= name.size() || name[close + 1] != ':') return false;
        host = name.substr(1, close - 1);
        colon = close + 1;
    } else {
        colon = name.rfind(':');
        if (colon == std::string::npos) return false;
        host = name.substr(0, colon);
    }
    port = name.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5) return false;
    return atoi(port.c_str()) > 0 && atoi(port.c_str()) < 65536;
}

}  // namespace

std::vector<int> listening_tcp(int first)
{
    std::vector<int> fds;
    for_each_open_fd([&fds, first](int fd) {
        if (fd >= first && is_listening_tcp(fd)) fds.push_back(fd);
    });
    return fds;
}

std::string format(const std::vector<int> &fds)
{
    std::string s;
    for (int fd : fds) {
        if (!s.empty()) s += ',';
        s += std::to_string(fd);
    }
    return s;
}

std::vector<int> parse(const char *text)
{
    std::vector<int> fds;
    if (!text) return fds;
    const char *p = text;
    while (*p) {
        char *end = nullptr;
        long n = strtol(p, &end, 10);
        if (end == p || (*end != ',' && *end != '\0')) return {};
        if (n >= 3 && n < 65536 && is_listening_tcp(static_cast<int>(n))) fds.push_back(static_cast<int>(n));
        p = *end ? end + 1 : end;
    }
    return fds;
}

std::string describe(int fd)
{
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0) return "descriptor " + std::to_string(fd);
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (ss.ss_family == AF_INET) {
        auto in = reinterpret_cast<sockaddr_in *>(&ss);
        inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        return std::string(host) + ":" + std::to_string(port);
    }
    auto in6 = reinterpret_cast<sockaddr_in6 *>(&ss);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    port = ntohs(in6->sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
}

int take(std::vector<int> &kept, const char *name, size_t len)
{
    if (kept.empty() || !name) return -1;
    std::string host, port;
    if (!split(std::string(name, len), host, port)) return -1;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo *res = nullptr;
    if (getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &res) != 0) return -1;
    int found = -1;
    for (addrinfo *ai = res; ai && found < 0; ai = ai->ai_next) {
        for (auto it = kept.begin(); it != kept.end(); ++it) {
            sockaddr_storage ss{};
            socklen_t sl = sizeof ss;
            if (getsockname(*it, reinterpret_cast<sockaddr *>(&ss), &sl) != 0) continue;
            if (!same_address(ai->ai_addr, ss)) continue;
            found = *it;
            kept.erase(it);
            break;
        }
    }
    freeaddrinfo(res);
    return found;
}

}  // namespace listeners
}  // namespace sd
