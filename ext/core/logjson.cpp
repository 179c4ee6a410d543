#include "core/logjson.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sd {

namespace {

// 0: copied as it is; 1: needs an escape (control, '"', '\\'); 2: starts a multi-byte
// sequence (or is a stray byte) that is validated before it is copied.
struct ByteClass {
    unsigned char c[256];
    constexpr ByteClass() : c()
    {
        for (int i = 0; i < 256; ++i) {
            c[i] = i < 0x20 || i == '"' || i == '\\' || i == 0x7f ? 1 : i >= 0x80 ? 2 : 0;
        }
    }
};
constexpr ByteClass kClass;

const char kHex[] = "0123456789abcdef";

constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

// The 8 bytes at p as a number whose lowest byte is p[0], whatever the machine's order.
std::uint64_t load_le(const unsigned char *p)
{
    std::uint64_t w;
    std::memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

void store_le(char *o, std::uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    std::memcpy(o, &w, 8);
}

// The bytes of w (p[0] lowest) that need a look: a control character, DEL, '"', '\\' or
// anything above ASCII, each marked by its high bit. One expression for all five, no
// branch ("has a zero byte" bit tricks); a borrow or carry can mark a byte above a
// marked one too, so only the lowest mark is exact, which is the one that is used.
std::uint64_t special_bytes(std::uint64_t w)
{
    std::uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
    // w: above ASCII; w + 1: 0x7f (DEL) becomes 0x80; w - 0x20 borrows: a control.
    return (w | (w + kOnes) | ((w - kOnes * 0x20) & ~w) | ((q - kOnes) & ~q) | ((b - kOnes) & ~b)) & kHighs;
}

// Nonzero when one of the 16 bytes at p needs a look (what special_bytes() marks): one
// SSE2 compare of each kind where there is SSE2 (every x86-64), two words elsewhere.
unsigned special_in_16(const unsigned char *p)
{
#if defined(__SSE2__)
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    // A signed compare: bytes above ASCII are negative, below ' ' as controls are.
    __m128i m =
        _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    return static_cast<unsigned>(_mm_movemask_epi8(m));
#else
    return (special_bytes(load_le(p)) | special_bytes(load_le(p + 8))) != 0;
#endif
}

// Whether the n bytes at a and b are the same: what a record's blocks were built for is
// asked every line, and these are short (an app name, a script's path), so a word at a
// time inline, the last word overlapping, is cheaper than a call to memcmp().
inline bool same_bytes(const char *a, const char *b, size_t n)
{
    auto at8 = [](const char *q) {
        std::uint64_t w;
        std::memcpy(&w, q, 8);
        return w;
    };
    auto at4 = [](const char *q) {
        std::uint32_t w;
        std::memcpy(&w, q, 4);
        return w;
    };
    if (n >= 8) {
        std::uint64_t diff = at8(a + n - 8) ^ at8(b + n - 8);
        for (size_t i = 0; i + 8 < n; i += 8) diff |= at8(a + i) ^ at8(b + i);
        return diff == 0;
    }
    if (n >= 4) return ((at4(a) ^ at4(b)) | (at4(a + n - 4) ^ at4(b + n - 4))) == 0;
    for (size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

char *put_u_escape(char *o, unsigned cp)
{
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
size_t utf8_len(const unsigned char *p, size_t n)
{
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
// ("\u001f"), anything else at most three (U+FFFD for one bad byte); and the quotes. And
// eight: the last word is written whole.
size_t json_string_bound(size_t n)
{
    return 6 * n + 2 + 8;
}

// Writes the text of s as a JSON string, no quotes, at o (json_string_bound() bytes
// there); returns the end. A log line is mostly printable ASCII: a word of eight bytes
// is written whole and then tested, so such a run costs a few instructions a word.
char *json_put_chars(char *o, std::string_view s)
{
    const auto *p = reinterpret_cast<const unsigned char *>(s.data());
    size_t n = s.size();
    // Most messages need no escape at all: they are tested sixteen bytes a step without
    // a branch or a store each, then copied in one piece. The last block overlaps the one
    // before it rather than being assembled byte by byte.
    if (n >= 16) {
        unsigned any = special_in_16(p + n - 16);
        for (size_t j = 0; j + 16 < n; j += 16) any |= special_in_16(p + j);
        if (!any) {
            std::memcpy(o, p, n);
            return o + n;
        }
    } else if (n >= 8) {
        if (!(special_bytes(load_le(p)) | special_bytes(load_le(p + n - 8)))) {
            std::memcpy(o, p, n);
            return o + n;
        }
    }
    size_t i = 0;
    while (i < n) {
        size_t r = n - i;
        std::uint64_t w;
        if (r >= 8) {
            w = load_le(p + i);
        } else if (n >= 8) {
            // The string's last word, the bytes done shifted out and spaces (plain) in:
            // no read beyond the string.
            w = (load_le(p + n - 8) >> (8 * (8 - r))) | (kOnes * ' ' << (8 * r));
        } else {
            unsigned char t[8] = {' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
            for (size_t k = 0; k < r; ++k) t[k] = p[i + k];
            w = load_le(t);
        }
        store_le(o, w);
        std::uint64_t m = special_bytes(w);
        if (!m) {
            size_t step = r < 8 ? r : 8;
            o += step;
            i += step;
            continue;
        }
        size_t k = static_cast<size_t>(__builtin_ctzll(m)) / 8;
        o += k;
        i += k;
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

char *json_put_string(char *o, std::string_view s)
{
    *o++ = '"';
    o = json_put_chars(o, s);
    *o++ = '"';
    return o;
}

char *put_int(char *o, long long v)
{
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

void json_append_string(std::string &out, std::string_view s)
{
    size_t old = out.size();
    out.resize(old + json_string_bound(s.size()));
    char *e = json_put_string(&out[old], s);
    out.resize(static_cast<size_t>(e - out.data()));
}

void json_append_double(std::string &out, double d)
{
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

void json_append_int(std::string &out, long long v)
{
    char buf[24];
    out.append(buf, static_cast<size_t>(put_int(buf, v) - buf));
}

const char *json_level_name(int priority)
{
    static const char *const kNames[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    return priority >= 0 && priority <= 7 ? kNames[priority] : "debug";
}

std::string_view JsonLogFormatter::format(const JsonLogRecord &r)
{
    // "000" .. "999" (and a byte of padding): the microseconds in two copies.
    static const struct Digits {
        char d[4000];
        constexpr Digits() : d()
        {
            for (int i = 0; i < 1000; ++i) {
                d[4 * i] = static_cast<char>('0' + i / 100);
                d[4 * i + 1] = static_cast<char>('0' + i / 10 % 10);
                d[4 * i + 2] = static_cast<char>('0' + i % 10);
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
        !same_bytes(r.app.data(), head_app_.data(), r.app.size())) {
        for (size_t &at : msg_at_) at = 0;
        head_app_.assign(r.app.data(), r.app.size());
        head_pid_ = r.pid;
        head_worker_ = r.worker;
    }
    int pri = r.priority >= 0 && r.priority <= 7 ? r.priority : 7;
    std::string &rec = recs_[pri];
    if (msg_at_[pri] == 0) {
        rec.assign(ts_, 26);
        rec.append(".000000Z\",\"level\":\"");
        rec.append(json_level_name(pri));
        rec.append("\",\"priority\":");
        json_append_int(rec, pri);
        rec.append(",\"app\":");
        json_append_string(rec, r.app);
        rec.append(",\"pid\":");
        json_append_int(rec, r.pid);
        if (r.worker >= 0) {
            rec.append(",\"worker\":");
            json_append_int(rec, r.worker);
        }
        rec.append(",\"msg\":\"");
        msg_at_[pri] = rec.size();
        rec_sec_[pri] = r.sec;
    } else if (rec_sec_[pri] != r.sec) {
        std::memcpy(&rec[0], ts_, 26);
        rec_sec_[pri] = r.sec;
    }
    if (r.line != tail_line_ || r.file.size() != tail_file_.size() ||
        !same_bytes(r.file.data(), tail_file_.data(), r.file.size())) {
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
    // Room for the most the record can take, then the values written in place: a line
    // costs no capacity check a key (this runs for every line a json daemon logs).
    const size_t msg_at = msg_at_[pri];
    size_t bound = msg_at + json_string_bound(r.msg.size()) + tail_.size() + 11 + r.context.size() + 2;
    if (rec.size() < bound) rec.resize(bound);
    char *const start = &rec[0];
    // 32 bits: a division by a constant is then a short multiplication.
    std::uint32_t us = r.usec < 0         ? 0
                       : r.usec < 1000000 ? static_cast<std::uint32_t>(r.usec)
                                          : static_cast<std::uint32_t>(r.usec % 1000000);
    std::memcpy(start + 27, kDigits.d + 4 * (us / 1000), 4);  // its padding byte is overwritten next
    std::memcpy(start + 30, kDigits.d + 4 * (us % 1000), 3);
    char *p = json_put_chars(start + msg_at, r.msg);
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
