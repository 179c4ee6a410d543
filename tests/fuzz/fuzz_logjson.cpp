// libFuzzer target for ext/core/logjson. Properties checked for every input (an
// abort() is a finding):
//  - json_append_string() gives one JSON string: quoted, no raw control character,
//    DEL or line break, valid UTF-8, only JSON's escapes;
//  - decoding it gives the input back where the input was valid UTF-8 without C1
//    controls (nothing dropped), and as many U+FFFD as were needed otherwise;
//  - a whole record is one line ending in '\n'.
// Build and run: scripts/fuzz.sh 60 logjson.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/logjson.h"

namespace {

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

size_t utf8_seq(const unsigned char *p, size_t n) {
    unsigned char b = p[0];
    auto cont = [&](size_t i) { return i < n && (p[i] & 0xc0) == 0x80; };
    if (b < 0x80) return 1;
    if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
    if (b >= 0xe0 && b <= 0xef) {
        if (!cont(1) || !cont(2)) return 0;
        if ((b == 0xe0 && p[1] < 0xa0) || (b == 0xed && p[1] >= 0xa0)) return 0;
        return 3;
    }
    if (b >= 0xf0 && b <= 0xf4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if ((b == 0xf0 && p[1] < 0x90) || (b == 0xf4 && p[1] >= 0x90)) return 0;
        return 4;
    }
    return 0;
}

// Decodes the JSON string (quotes included) to bytes; \u00XX only, as the encoder writes.
std::string decode(const std::string &j) {
    check(j.size() >= 2 && j.front() == '"' && j.back() == '"', "quoted");
    std::string out;
    const auto *p = reinterpret_cast<const unsigned char *>(j.data());
    for (size_t i = 1; i + 1 < j.size();) {
        unsigned char c = p[i];
        check(c >= 0x20 && c != 0x7f && c != '"', "no raw control character or quote");
        if (c == '\\') {
            check(i + 2 < j.size(), "escape complete");
            char e = static_cast<char>(p[i + 1]);
            const char *simple = "\"\\nrtbf";
            const char *val = "\"\\\n\r\t\b\f";
            bool done = false;
            for (int k = 0; simple[k]; ++k) {
                if (e == simple[k]) {
                    out.push_back(val[k]);
                    i += 2;
                    done = true;
                    break;
                }
            }
            if (done) continue;
            check(e == 'u' && i + 6 < j.size() && j.compare(i + 2, 2, "00") == 0, "\\u00XX escape");
            unsigned v = static_cast<unsigned>(std::strtoul(j.substr(i + 4, 2).c_str(), nullptr, 16));
            check(v < 0x20 || v >= 0x7f, "escaped only what needs it");
            if (v < 0x80) {
                out.push_back(static_cast<char>(v));
            } else {
                out.push_back('\xc2');
                out.push_back(static_cast<char>(v));
            }
            i += 6;
            continue;
        }
        size_t len = utf8_seq(p + i, j.size() - 1 - i);
        check(len > 0, "valid UTF-8");
        if (len == 2 && c == 0xc2) check(p[i + 1] >= 0xa0, "no raw C1 control");
        out.append(j, i, len);
        i += len;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    std::string in(reinterpret_cast<const char *>(data), size);
    std::string j;
    sd::json_append_string(j, in);
    std::string back = decode(j);
    // Valid input comes back whole; invalid bytes each become one U+FFFD.
    size_t invalid = 0;
    std::string expect;
    const auto *p = reinterpret_cast<const unsigned char *>(in.data());
    for (size_t i = 0; i < in.size();) {
        size_t len = utf8_seq(p + i, in.size() - i);
        if (len == 0) {
            expect.append("\xef\xbf\xbd");
            ++invalid;
            ++i;
        } else {
            expect.append(in, i, len);
            i += len;
        }
    }
    check(back == expect, "decodes to the input, invalid bytes replaced one by one");
    (void)invalid;

    sd::JsonLogFormatter f;
    sd::JsonLogRecord r;
    r.sec = static_cast<time_t>(size * 1000003);
    r.usec = static_cast<long>(size);
    r.priority = static_cast<int>(size % 8);
    std::string app = in.substr(0, in.size() / 3), file = in.substr(in.size() / 2);
    r.app = app;
    r.msg = in;
    r.file = file;
    std::string line;
    f.format(line, r);
    check(!line.empty() && line.back() == '\n' && line.find('\n') == line.size() - 1, "one line");
    return 0;
}
