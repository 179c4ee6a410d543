#include "core/logjson.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace sd {

namespace {

// 0: copied as it is; 1: needs an escape (control, '"', '\\'); 2: starts a multi-byte
// sequence (or is a stray byte) that is validated before it is copied.
struct ByteClass {
    unsigned char c[256];
    constexpr ByteClass() : c() {
        for (int i = 0; i < 256; ++i) {
            c[i] = i < 0x20 || i == '"' || i == '\\' || i == 0x7f ? 1 : i >= 0x80 ? 2 : 0;
        }
    }
};
constexpr ByteClass kClass;

const char kHex[] = "0123456789abcdef";

// True when none of the 8 bytes at p needs a look: no control character, no DEL, no
// '"' or '\\', nothing above ASCII (bit tricks on one 64-bit word, "has a zero byte").
bool plain_word(const unsigned char *p) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto has_zero = [&](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
    auto has_less = [&](std::uint64_t v, unsigned c) { return ((v - ones * c) & ~v & highs) != 0; };
    return !(w & highs) && !has_less(w, 0x20) && !has_zero(w ^ (ones * '"')) && !has_zero(w ^ (ones * '\\')) &&
           !has_zero(w ^ (ones * 0x7f));
}

char *put_u_escape(char *o, unsigned cp) {
    o[0] = '\\';
    o[1] = 'u';
    o[2] = '0';
    o[3] = '0';
    o[4] = kHex[(cp >> 4) & 0xf];
    o[5] = kHex[cp & 0xf];
    return o + 6;
}

// The length of the valid UTF-8 sequence at p (at most n bytes), or 0 when the byte at
// p starts none: overlong forms, surrogates and code points above U+10FFFF are invalid
// (RFC 3629), as are truncated sequences.
size_t utf8_len(const unsigned char *p, size_t n) {
    unsigned char b = p[0];
    auto cont = [&](size_t i) { return i < n && (p[i] & 0xc0) == 0x80; };
    if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
    if (b >= 0xe0 && b <= 0xef) {
        if (n < 3 || !cont(1) || !cont(2)) return 0;
        if (b == 0xe0 && p[1] < 0xa0) return 0;   // overlong
        if (b == 0xed && p[1] >= 0xa0) return 0;  // surrogate
        return 3;
    }
    if (b >= 0xf0 && b <= 0xf4) {
        if (n < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
        if (b == 0xf0 && p[1] < 0x90) return 0;   // overlong
        if (b == 0xf4 && p[1] >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

}  // namespace

void json_append_string(std::string &out, std::string_view s) {
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    size_t n = s.size();
    out.push_back('"');
    size_t i = 0;
    while (i < n) {
        // The common case, printable ASCII, is found eight bytes at a time and copied a
        // run at a time: a log line is mostly that.
        size_t run = i;
        while (run + 8 <= n && plain_word(p + run)) run += 8;
        while (run < n && kClass.c[p[run]] == 0) ++run;
        if (run > i) out.append(reinterpret_cast<const char *>(p + i), run - i);
        i = run;
        if (i >= n) break;
        unsigned char b = p[i];
        char e[6];
        if (kClass.c[b] == 1) {
            char esc = 0;
            switch (b) {
                case '"': esc = '"'; break;
                case '\\': esc = '\\'; break;
                case '\n': esc = 'n'; break;
                case '\r': esc = 'r'; break;
                case '\t': esc = 't'; break;
                case '\b': esc = 'b'; break;
                case '\f': esc = 'f'; break;
                default: break;
            }
            if (esc) {
                e[0] = '\\';
                e[1] = esc;
                out.append(e, 2);
            } else {
                out.append(e, static_cast<size_t>(put_u_escape(e, b) - e));
            }
            ++i;
            continue;
        }
        size_t len = utf8_len(p + i, n - i);
        if (len == 0) {
            out.append("\xef\xbf\xbd", 3);  // U+FFFD for the one byte; the next is looked at anew
            ++i;
        } else if (len == 2 && b == 0xc2 && p[i + 1] < 0xa0) {
            out.append(e, static_cast<size_t>(put_u_escape(e, p[i + 1]) - e));  // C1 control: NEL and kin
            i += 2;
        } else {
            out.append(reinterpret_cast<const char *>(p + i), len);
            i += len;
        }
    }
    out.push_back('"');
}

void json_append_double(std::string &out, double d) {
    if (!std::isfinite(d)) {
        out.append("null", 4);
        return;
    }
    char buf[32];
    int len = std::snprintf(buf, sizeof buf, "%.17g", d);
    out.append(buf, static_cast<size_t>(len));
    // 1.0 stays a float for a reader that tells them apart.
    if (!std::strpbrk(buf, ".eEn")) out.append(".0", 2);
}

void json_append_int(std::string &out, long long v) {
    char buf[24];
    char *e = buf + sizeof buf;
    char *p = e;
    unsigned long long u = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    do {
        *--p = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    out.append(p, static_cast<size_t>(e - p));
}

const char *json_level_name(int priority) {
    static const char *const kNames[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    return priority >= 0 && priority <= 7 ? kNames[priority] : "debug";
}

void JsonLogFormatter::format(std::string &out, const JsonLogRecord &r) {
    if (r.sec != cached_sec_) {
        struct tm tm;
        gmtime_r(&r.sec, &tm);
        std::snprintf(date_, sizeof date_, "%04d-%02d-%02dT%02d:%02d:%02d", (tm.tm_year + 1900) % 10000,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached_sec_ = r.sec;
    }
    if (r.pid != cached_pid_ || r.app != cached_app_) {
        cached_pid_ = r.pid;
        cached_app_.assign(r.app.data(), r.app.size());
        app_pid_.assign(",\"app\":");
        json_append_string(app_pid_, r.app);
        app_pid_.append(",\"pid\":");
        json_append_int(app_pid_, r.pid);
    }
    // The head is put together in a local buffer: a line costs a few appends, not one
    // per key (this runs for every line a json daemon logs).
    char head[96];
    char *p = head;
    std::memcpy(p, "{\"ts\":\"", 7);
    p += 7;
    std::memcpy(p, date_, 19);
    p += 19;
    long us = r.usec < 0 ? 0 : r.usec % 1000000;
    p[0] = '.';
    for (int i = 6; i >= 1; --i) {
        p[i] = static_cast<char>('0' + us % 10);
        us /= 10;
    }
    p += 7;
    std::memcpy(p, "Z\",\"level\":\"", 12);
    p += 12;
    const char *name = json_level_name(r.priority);
    size_t nlen = std::strlen(name);
    std::memcpy(p, name, nlen);
    p += nlen;
    std::memcpy(p, "\",\"priority\":", 13);
    p += 13;
    *p++ = static_cast<char>('0' + (r.priority >= 0 && r.priority <= 7 ? r.priority : 7));
    out.append(head, static_cast<size_t>(p - head));
    out.append(app_pid_);
    if (r.worker >= 0) {
        out.append(",\"worker\":", 10);
        json_append_int(out, r.worker);
    }
    out.append(",\"msg\":", 7);
    json_append_string(out, r.msg);
    if (!r.file.empty()) {
        out.append(",\"file\":", 8);
        json_append_string(out, r.file);
        out.append(",\"line\":", 8);
        json_append_int(out, r.line);
    }
    if (!r.context.empty()) {
        out.append(",\"context\":", 11);
        out.append(r.context.data(), r.context.size());
    }
    out.append("}\n", 2);
}

}  // namespace sd
