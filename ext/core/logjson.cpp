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

void append_u_escape(std::string &out, unsigned cp) {
    char e[6] = {'\\', 'u', '0', '0', kHex[(cp >> 4) & 0xf], kHex[cp & 0xf]};
    out.append(e, 6);
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
    out.push_back('"');
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        // The common case, printable ASCII, is copied a run at a time.
        size_t run = i;
        while (run < n && kClass.c[p[run]] == 0) ++run;
        if (run > i) out.append(reinterpret_cast<const char *>(p + i), run - i);
        i = run;
        if (i >= n) break;
        unsigned char b = p[i];
        if (kClass.c[b] == 1) {
            switch (b) {
                case '"': out.append("\\\"", 2); break;
                case '\\': out.append("\\\\", 2); break;
                case '\n': out.append("\\n", 2); break;
                case '\r': out.append("\\r", 2); break;
                case '\t': out.append("\\t", 2); break;
                case '\b': out.append("\\b", 2); break;
                case '\f': out.append("\\f", 2); break;
                default: append_u_escape(out, b); break;
            }
            ++i;
            continue;
        }
        size_t len = utf8_len(p + i, n - i);
        if (len == 0) {
            out.append("\xef\xbf\xbd", 3);  // U+FFFD for the one byte; the next is looked at anew
            ++i;
        } else if (len == 2 && b == 0xc2 && p[i + 1] < 0xa0) {
            append_u_escape(out, p[i + 1]);  // C1 control (U+0080..U+009F): NEL and kin
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
    char frac[9] = {'.', '0', '0', '0', '0', '0', '0', 'Z', '"'};
    long us = r.usec < 0 ? 0 : r.usec % 1000000;
    for (int i = 6; i >= 1; --i) {
        frac[i] = static_cast<char>('0' + us % 10);
        us /= 10;
    }
    out.append("{\"ts\":\"", 7);
    out.append(date_, 19);
    out.append(frac, 9);
    out.append(",\"level\":\"", 10);
    out.append(json_level_name(r.priority));
    out.append("\",\"priority\":", 13);
    json_append_int(out, r.priority);
    out.append(",\"app\":", 7);
    json_append_string(out, r.app);
    out.append(",\"pid\":", 7);
    json_append_int(out, r.pid);
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
