// ext/core/listeners: which descriptors are listening TCP sockets, their numbers across
// an exec (only real ones survive parse()), and which one a tcp:// server name asks for
// again: by address and port as a bind would resolve them, never for port 0.
#include "core/listeners.h"

#include "check.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace {

int listener(int family, const char *addr, int *port) {
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    int rc;
    if (family == AF_INET) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        inet_pton(AF_INET, addr, &a.sin_addr);
        rc = bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    } else {
        sockaddr_in6 a{};
        a.sin6_family = AF_INET6;
        inet_pton(AF_INET6, addr, &a.sin6_addr);
        rc = bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
    }
    if (rc != 0 || listen(fd, 4) != 0) {
        close(fd);
        return -1;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    getsockname(fd, reinterpret_cast<sockaddr *>(&ss), &len);
    *port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in *>(&ss)->sin_port
                                    : reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port);
    return fd;
}

bool has(const std::vector<int> &v, int fd) {
    return std::find(v.begin(), v.end(), fd) != v.end();
}

int take(std::vector<int> &kept, const std::string &name) {
    return sd::listeners::take(kept, name.data(), name.size());
}

void test_which_are_listening() {
    int port4 = 0, port6 = 0;
    int l4 = listener(AF_INET, "127.0.0.1", &port4);
    int l6 = listener(AF_INET6, "::1", &port6);
    int bound = socket(AF_INET, SOCK_STREAM, 0);  // not listening
    int udp = socket(AF_INET, SOCK_DGRAM, 0);
    int pair[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    CHECK(l4 >= 0);
    std::vector<int> found = sd::listeners::listening_tcp(3);
    CHECK(has(found, l4));
    CHECK(l6 < 0 || has(found, l6));  // a machine without IPv6 has no ::1
    CHECK(!has(found, bound) && !has(found, udp) && !has(found, pair[0]));
    CHECK(!has(sd::listeners::listening_tcp(l4 + 1), l4));
    CHECK(sd::listeners::describe(l4) == "127.0.0.1:" + std::to_string(port4));
    if (l6 >= 0) CHECK(sd::listeners::describe(l6) == "[::1]:" + std::to_string(port6));

    // Only what is a listening TCP socket now survives the variable.
    std::string text = sd::listeners::format({l4, bound, udp});
    CHECK(text == std::to_string(l4) + "," + std::to_string(bound) + "," + std::to_string(udp));
    CHECK(sd::listeners::parse(text.c_str()) == std::vector<int>{l4});
    CHECK(sd::listeners::parse("1,2").empty());
    CHECK(sd::listeners::parse("x").empty());
    CHECK(sd::listeners::parse((std::to_string(l4) + ";").c_str()).empty());
    CHECK(sd::listeners::parse(nullptr).empty());
    for (int fd : {l4, l6, bound, udp, pair[0], pair[1]})
        if (fd >= 0) close(fd);
}

void test_take_by_address() {
    int port4 = 0, port6 = 0, portany = 0;
    int l4 = listener(AF_INET, "127.0.0.1", &port4);
    int l6 = listener(AF_INET6, "::1", &port6);
    int any = listener(AF_INET, "0.0.0.0", &portany);
    std::vector<int> kept = {l4, any};
    if (l6 >= 0) kept.push_back(l6);
    std::string p4 = std::to_string(port4);
    CHECK(take(kept, "127.0.0.1:" + std::to_string(port4 == 65535 ? 1 : port4 + 1)) == -1);  // another port
    CHECK(take(kept, "127.0.0.2:" + p4) == -1);                                              // another address
    CHECK(take(kept, "127.0.0.1:0") == -1);  // port 0: a new port, never an old socket
    CHECK(take(kept, "127.0.0.1") == -1);    // no port: PHP refuses it too
    CHECK(take(kept, "127.0.0.1:" + p4) == l4);
    CHECK(!has(kept, l4));
    CHECK(take(kept, "127.0.0.1:" + p4) == -1);  // once
    CHECK(take(kept, "0.0.0.0:" + std::to_string(portany)) == any);
    if (l6 >= 0) {
        CHECK(take(kept, "[::1]:" + std::to_string(port6)) == l6);
        CHECK(kept.empty());
    }
    // A name resolves as a bind resolves it (where the machine knows "localhost": a
    // bare build chroot may have no /etc/hosts).
    addrinfo hints{}, *res = nullptr;
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo("localhost", nullptr, &hints, &res) == 0) {
        freeaddrinfo(res);
        std::vector<int> again = {l4};
        CHECK(take(again, "localhost:" + p4) == l4);
    }
    for (int fd : {l4, l6, any})
        if (fd >= 0) close(fd);
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"which_are_listening", test_which_are_listening},
        {"take_by_address", test_take_by_address},
    };
    return run_tests("test_listeners", tests);
}
