// The listening TCP sockets a pool's master hands to the new image of its script
// (USR2): which descriptors they are, how their numbers cross the exec, and which one
// a stream_socket_server() of the new code asks for again. Taking the old socket
// instead of binding a new one is what keeps the address served throughout: the old
// workers accept on it until they stop, and nothing queued on it is lost.
#ifndef SD_CORE_LISTENERS_H
#define SD_CORE_LISTENERS_H

#include <cstddef>
#include <string>
#include <vector>

namespace sd {
namespace listeners {

// The listening TCP sockets (IPv4 or IPv6) open now from `first` on.
std::vector<int> listening_tcp(int first);

// "3,7" and back. parse() keeps only numbers that are listening TCP sockets of this
// process now: the variable is a hint, the descriptor table is the truth.
std::string format(const std::vector<int> &fds);
std::vector<int> parse(const char *text);

// What a socket is bound to, as "127.0.0.1:8080" or "[::]:8080" (for the log).
std::string describe(int fd);

// Of `kept`, the socket bound to the address a tcp:// server asks for ("host:port",
// "[v6]:port"; the host resolved as a bind would resolve it): removed from `kept` and
// returned, or -1. Port 0 asks for a new port: never an old socket.
int take(std::vector<int> &kept, const char *name, size_t len);

}  // namespace listeners
}  // namespace sd

#endif
