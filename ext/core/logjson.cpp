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

// Writes s as a JSON string, quotes included, at o (json_string_bound() bytes there);
// returns the end. The common case, printable ASCII, is copied eight bytes at a time:
// a log line is mostly that.
char *json_put_string(char *o, std::string_view s) {
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    size_t n = s.size();
    *o++ = '"';
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
    // The record's level and priority keys, by priority: "info" is known at compile time.
    static const struct {
        const char *text;
        size_t len;
    } kLevelKeys[] = {
#define SD_LEVEL_KEYS(name, n) {"Z\",\"level\":\"" name "\",\"priority\":" #n, sizeof("Z\",\"level\":\"" name "\",\"priority\":" #n) - 1}
        SD_LEVEL_KEYS("emerg", 0), SD_LEVEL_KEYS("alert", 1), SD_LEVEL_KEYS("crit", 2), SD_LEVEL_KEYS("err", 3),
        SD_LEVEL_KEYS("warning", 4), SD_LEVEL_KEYS("notice", 5), SD_LEVEL_KEYS("info", 6), SD_LEVEL_KEYS("debug", 7),
#undef SD_LEVEL_KEYS
    };
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
    if (r.file.size() != cached_file_.size() || std::memcmp(r.file.data(), cached_file_.data(), r.file.size()) != 0) {
        cached_file_.assign(r.file.data(), r.file.size());
        file_json_.clear();
        json_append_string(file_json_, r.file);
    }
    // Room for the most the record can take, then the keys and values written in place:
    // a line costs no capacity check a key (this runs for every line a json daemon logs).
    const auto &lk = kLevelKeys[r.priority >= 0 && r.priority <= 7 ? r.priority : 7];
    size_t bound = 7 + 19 + 7 + lk.len + app_pid_.size() + 10 + 24 + 7 + json_string_bound(r.msg.size()) + 8 +
                   file_json_.size() + 8 + 24 + 11 + r.context.size() + 2;
    if (buf_.size() < bound) buf_.resize(bound);
    char *const start = &buf_[0];
    char *p = start;
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
    std::memcpy(p, lk.text, lk.len);
    p += lk.len;
    std::memcpy(p, app_pid_.data(), app_pid_.size());
    p += app_pid_.size();
    if (r.worker >= 0) {
        std::memcpy(p, ",\"worker\":", 10);
        p = put_int(p + 10, r.worker);
    }
    std::memcpy(p, ",\"msg\":", 7);
    p = json_put_string(p + 7, r.msg);
    if (!r.file.empty()) {
        std::memcpy(p, ",\"file\":", 8);
        std::memcpy(p + 8, file_json_.data(), file_json_.size());
        p += 8 + file_json_.size();
        std::memcpy(p, ",\"line\":", 8);
        p = put_int(p + 8, r.line);
    }
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
