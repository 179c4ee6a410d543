// The systemd socket unit for socket activation (runListenStream). Plain C++.
#ifndef SD_CORE_RENDER_SOCKET_H
#define SD_CORE_RENDER_SOCKET_H

#include <string>

namespace sd {

// A socket unit for socket activation: one ListenStream= for each blank-separated
// address in listen (a port, host:port, [v6]:port, an absolute path or an @abstract
// name), every descriptor named fd_name (FileDescriptorName=, the key under which
// System_Daemon::listenSockets() returns it). Fails, with the reason in err, for an
// empty list, a control or non-ASCII character, a quote or backslash, a relative path
// or an fd_name systemd refuses (1-255 printable characters, no colon).
bool render_socket_unit(const std::string &description, const std::string &listen, const std::string &fd_name,
                        std::string &out, std::string &err);

}  // namespace sd

#endif
