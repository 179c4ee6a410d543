#include "core/logline.h"

namespace sd {

void append_log_lines(std::string &out, std::string_view head, std::string_view msg, std::string_view tail) {
    static const char hex[] = "0123456789abcdef";
    out.append(head);
    for (std::size_t i = 0; i < msg.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(msg[i]);
        if (c == '\r' && i + 1 < msg.size() && msg[i + 1] == '\n') continue;
        if (c == '\n') {
            out.push_back('\n');
            out.append(head);
            out.append("  ");
        } else if (c < 0x20 || c == 0x7f) {
            out.append("\\x");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    out.append(tail);
    out.push_back('\n');
}

}  // namespace sd
