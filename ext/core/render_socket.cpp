#include "core/render_socket.h"

#include "core/render_text.h"

#include <cstddef>
#include <vector>

namespace sd {

bool render_socket_unit(const std::string &description, const std::string &listen, const std::string &fd_name,
                        std::string &out, std::string &err)
{
    out.clear();
    if (fd_name.empty() || fd_name.size() > 255 || fd_name.find(':') != std::string::npos) {
        err = "a socket name must be 1-255 characters without ':': " + fd_name;
        return false;
    }
    for (unsigned char c : fd_name)
        if (c <= 0x20 || c >= 0x7f) {
            err = "a socket name must be printable ASCII without blanks: " + fd_name;
            return false;
        }
    if (has_control(description) || !valid_utf8(description)) {
        err = "the description holds a control character or is not valid UTF-8";
        return false;
    }
    std::vector<std::string> addrs;
    std::size_t i = 0;
    while (i < listen.size()) {
        if (listen[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t sp = listen.find(' ', i);
        if (sp == std::string::npos) sp = listen.size();
        std::string a = listen.substr(i, sp - i);
        for (unsigned char c : a) {
            if (c < 0x21 || c >= 0x7f || c == '"' || c == '\\' || c == '\'') {
                err = "a listen address holds a control, blank, quote, backslash or non-ASCII character: " + a;
                return false;
            }
        }
        if (a[0] == '/' ? !normalized_absolute(a) : a[0] == '@' ? a.size() < 2 : a.find('/') != std::string::npos) {
            err = "not a port, an address:port, an absolute path or an @name: " + a;
            return false;
        }
        addrs.push_back(a);
        i = sp;
    }
    if (addrs.empty()) {
        err = "no address to listen on";
        return false;
    }
    out += "[Unit]\n";
    out +=
        "Description=" + systemd_escape_percent(description.empty() ? fd_name : description) + " (listening sockets)\n";
    out += "\n[Socket]\n";
    for (const std::string &a : addrs) out += "ListenStream=" + systemd_escape_percent(a) + "\n";
    out += "FileDescriptorName=" + fd_name + "\n";
    out += "\n[Install]\n";
    out += "WantedBy=sockets.target\n";
    return true;
}

}  // namespace sd
