#include "core/logline.h"

#include <cstdint>
#include <cstring>

namespace sd {

namespace {

bool is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

// True when one of the 8 bytes in w is below 0x20 or is DEL ("has a zero byte" bit
// tricks; bytes from 0x80 up are neither and never match).
bool word_has_control(std::uint64_t w)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    std::uint64_t del = w ^ (ones * 0x7f);
    return (((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & highs;
}

std::uint64_t load8(const char *p)
{
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

}  // namespace

bool log_text_needs_escape(std::string_view msg)
{
    // Every line of the plain format asks this: eight bytes a step, not one.
    const char *p = msg.data();
    size_t n = msg.size();
    if (n < 8) {
        for (size_t i = 0; i < n; ++i) {
            if (is_control(static_cast<unsigned char>(p[i]))) return true;
        }
        return false;
    }
    for (size_t i = 0; i + 8 <= n; i += 8) {
        if (word_has_control(load8(p + i))) return true;
    }
    // The last (overlapping) word covers what the steps left.
    return word_has_control(load8(p + n - 8));
}

void append_log_lines(std::string &out, std::string_view head, std::string_view msg, std::string_view tail)
{
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
