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

// The most bytes json_put_string() writes for n bytes: a control character becomes six
// ("\u001f"), anything else at most three (U+FFFD for one bad byte); and the quotes.
size_t json_string_bound(size_t n) { return 6 * n + 2; }

// Writes the text of s as a JSON string, no quotes, at o (json_string_bound() bytes
// there); returns the end. The common case, printable ASCII, is copied eight bytes at a
// time: a log line is mostly that.
char *json_put_chars(char *o, std::string_view s) {
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        while (i + 8 <= n && plain_word(p + i)) {
            std::memcpy(o, p + i, 8);
            o += 8;
            i += 8;
        }
        while (i < n && kClass.c[p[i]] == 0) *o++ = static_cast<char>(p[i++]);
        if (i >= n) break;
        unsigned char b = p[i];
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
                o[0] = '\\';
                o[1] = esc;
                o += 2;
            } else {
                o = put_u_escape(o, b);
            }
            ++i;
            continue;
        }
        size_t len = utf8_len(p + i, n - i);
        if (len == 0) {
            std::memcpy(o, "\xef\xbf\xbd", 3);  // U+FFFD for the one byte; the next is looked at anew
            o += 3;
            ++i;
        } else if (len == 2 && b == 0xc2 && p[i + 1] < 0xa0) {
            o = put_u_escape(o, p[i + 1]);  // C1 control: NEL and kin
            i += 2;
        } else {
            std::memcpy(o, p + i, len);
            o += len;
            i += len;
        }
    }
    return o;
}

char *json_put_string(char *o, std::string_view s) {
    *o++ = '"';
    o = json_put_chars(o, s);
    *o++ = '"';
    return o;
}

char *put_int(char *o, long long v) {
    char buf[24];
    char *e = buf + sizeof buf;
    char *p = e;
    unsigned long long u = v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
    do {
        *--p = static_cast<char>('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    std::memcpy(o, p, static_cast<size_t>(e - p));
    return o + (e - p);
}

}  // namespace

void json_append_string(std::string &out, std::string_view s) {
    size_t old = out.size();
    out.resize(old + json_string_bound(s.size()));
    char *e = json_put_string(&out[old], s);
    out.resize(static_cast<size_t>(e - out.data()));
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
    out.append(buf, static_cast<size_t>(put_int(buf, v) - buf));
}

const char *json_level_name(int priority) {
    static const char *const kNames[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    return priority >= 0 && priority <= 7 ? kNames[priority] : "debug";
}

std::string_view JsonLogFormatter::format(const JsonLogRecord &r) {
    // "00" .. "99": the microseconds two digits a step.
    static const struct Digits {
        char d[200];
        constexpr Digits() : d() {
            for (int i = 0; i < 100; ++i) {
                d[2 * i] = static_cast<char>('0' + i / 10);
                d[2 * i + 1] = static_cast<char>('0' + i % 10);
            }
        }
    } kDigits;
    if (r.sec != cached_sec_) {
        struct tm tm = {};
        gmtime_r(&r.sec, &tm);
        std::snprintf(ts_, sizeof ts_, "{\"ts\":\"%04d-%02d-%02dT%02d:%02d:%02d", (tm.tm_year + 1900) % 10000,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached_sec_ = r.sec;
    }
    if (r.pid != head_pid_ || r.worker != head_worker_ || r.app.size() != head_app_.size() ||
        std::memcmp(r.app.data(), head_app_.data(), r.app.size()) != 0) {
        for (auto &h : heads_) h.clear();
        head_app_.assign(r.app.data(), r.app.size());
        head_pid_ = r.pid;
        head_worker_ = r.worker;
    }
    int pri = r.priority >= 0 && r.priority <= 7 ? r.priority : 7;
    std::string &head = heads_[pri];
    if (head.empty()) {
        head.assign("Z\",\"level\":\"");
        head.append(json_level_name(pri));
        head.append("\",\"priority\":");
        json_append_int(head, pri);
        head.append(",\"app\":");
        json_append_string(head, r.app);
        head.append(",\"pid\":");
        json_append_int(head, r.pid);
        if (r.worker >= 0) {
            head.append(",\"worker\":");
            json_append_int(head, r.worker);
        }
        head.append(",\"msg\":\"");
    }
    if (r.line != tail_line_ || r.file.size() != tail_file_.size() ||
        std::memcmp(r.file.data(), tail_file_.data(), r.file.size()) != 0) {
        tail_file_.assign(r.file.data(), r.file.size());
        tail_line_ = r.line;
        tail_.assign("\"");
        if (!r.file.empty()) {
            tail_.append(",\"file\":");
            json_append_string(tail_, r.file);
            tail_.append(",\"line\":");
            json_append_int(tail_, r.line);
        }
    }
    // Room for the most the record can take, then the blocks and values written in
    // place: a line costs no capacity check a key (this runs for every line a json
    // daemon logs).
    size_t bound = 26 + 7 + head.size() + json_string_bound(r.msg.size()) + tail_.size() + 11 + r.context.size() + 2;
    if (buf_.size() < bound) buf_.resize(bound);
    char *const start = &buf_[0];
    char *p = start;
    std::memcpy(p, ts_, 26);
    long us = r.usec < 0 ? 0 : r.usec % 1000000;
    p[26] = '.';
    std::memcpy(p + 27, kDigits.d + 2 * (us / 10000), 2);
    std::memcpy(p + 29, kDigits.d + 2 * (us / 100 % 100), 2);
    std::memcpy(p + 31, kDigits.d + 2 * (us % 100), 2);
    p += 33;
    std::memcpy(p, head.data(), head.size());
    p = json_put_chars(p + head.size(), r.msg);
    std::memcpy(p, tail_.data(), tail_.size());
    p += tail_.size();
    if (!r.context.empty()) {
        std::memcpy(p, ",\"context\":", 11);
        std::memcpy(p + 11, r.context.data(), r.context.size());
        p += 11 + r.context.size();
    }
    p[0] = '}';
    p[1] = '\n';
    return std::string_view(start, static_cast<size_t>(p + 2 - start));
}

}  // namespace sd
