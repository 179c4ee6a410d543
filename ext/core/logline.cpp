#include "core/logline.h"

namespace sd {

namespace {

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

}  // namespace

bool log_text_needs_escape(std::string_view msg) {
    for (unsigned char c : msg) {
        if (is_control(c)) return true;
    }
    return false;
}

void append_log_lines(std::string &out, std::string_view head, std::string_view msg, std::string_view tail) {
    static const char hex[] = "0123456789abcdef";
    out.reserve(out.size() + head.size() + msg.size() + tail.size() + 1);
    out.append(head);
    std::size_t run = 0;  // start of the plain bytes not copied yet
    for (std::size_t i = 0; i < msg.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(msg[i]);
        if (!is_control(c)) continue;
        out.append(msg.data() + run, i - run);
        run = i + 1;
        if (c == '\r' && i + 1 < msg.size() && msg[i + 1] == '\n') continue;
        if (c == '\n') {
            out.push_back('\n');
            out.append(head);
            out.append("  ");
        } else {
            out.append("\\x");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    out.append(msg.data() + run, msg.size() - run);
    out.append(tail);
    out.push_back('\n');
}

}  // namespace sd
