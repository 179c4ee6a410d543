// ext/core/logjson: a record is one line of valid JSON whatever the message holds
// (line breaks and control characters escaped, invalid UTF-8 replaced, nothing
// dropped), with the keys the issue names, worker only when pooled.
#include "core/logjson.h"

#include "check.h"

#include <cstdio>
#include <string>

namespace {

std::string enc(std::string_view s) {
    std::string out;
    sd::json_append_string(out, s);
    return out;
}

void test_escapes() {
    CHECK(enc("plain text") == "\"plain text\"");
    CHECK(enc("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(enc("l1\nl2\r\t") == "\"l1\\nl2\\r\\t\"");
    CHECK(enc(std::string("a\0b", 3)) == "\"a\\u0000b\"");
    CHECK(enc("\x1b[31m") == "\"\\u001b[31m\"");
    CHECK(enc("\x7f") == "\"\\u007f\"");
    CHECK(enc("\xc2\x85") == "\"\\u0085\"");  // NEL, a C1 control
    // every position of a word read eight bytes at a time
    for (size_t at = 0; at < 24; ++at) {
        for (char c : {'"', '\\', '\x1f', '\x7f', '\n'}) {
            std::string in(24, 'x');
            in[at] = c;
            std::string got = enc(in);
            CHECK(got.size() >= in.size() + 3);
            CHECK(got.find(c == '\n' ? "\\n" : c == '"' ? "\\\"" : c == '\\' ? "\\\\" : "\\u00") == at + 1);
        }
        std::string in(24, 'y');
        in[at] = '\xff';
        CHECK(enc(in) == "\"" + in.substr(0, at) + "\xef\xbf\xbd" + in.substr(at + 1) + "\"");
    }
}

// Strings of every length up to five words, with what needs a look at each position:
// the last bytes of a string are tested as a word of their own, shifted and padded.
void test_every_length() {
    const struct {
        const char *in;
        const char *out;
    } kCases[] = {{"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {"\x01", "\\u0001"}, {"\x7f", "\\u007f"},
                  {"\xff", "\xef\xbf\xbd"}, {"\xc3\xa9", "\xc3\xa9"}, {"\xc2\x9b", "\\u009b"}, {" ", " "}, {"~", "~"}};
    for (size_t len = 0; len <= 40; ++len) {
        CHECK(enc(std::string(len, 'q')) == "\"" + std::string(len, 'q') + "\"");
        for (size_t at = 0; at < len; ++at) {
            for (const auto &c : kCases) {
                std::string in = std::string(at, 'a') + c.in + std::string(len - at, 'z');
                CHECK(enc(in) == "\"" + std::string(at, 'a') + c.out + std::string(len - at, 'z') + "\"");
            }
        }
    }
}

void test_utf8() {
    CHECK(enc("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    // stray, truncated, overlong, surrogate, beyond U+10FFFF: one U+FFFD per byte, the
    // text around it kept
    CHECK(enc("a\xff" "b") == "\"a\xef\xbf\xbd" "b\"");
    CHECK(enc("a\xc3") == "\"a\xef\xbf\xbd\"");
    CHECK(enc("\xc0\xaf") == "\"\xef\xbf\xbd\xef\xbf\xbd\"");
    CHECK(enc("\xed\xa0\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    CHECK(enc("\xf4\x90\x80\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    CHECK(enc("\xe2\x82") == "\"\xef\xbf\xbd\xef\xbf\xbd\"");
}

void test_numbers() {
    std::string s;
    sd::json_append_int(s, -9223372036854775807LL - 1);
    CHECK(s == "-9223372036854775808");
    s.clear();
    sd::json_append_int(s, 0);
    CHECK(s == "0");
    s.clear();
    sd::json_append_double(s, 1.0);
    CHECK(s == "1.0");
    s.clear();
    sd::json_append_double(s, 0.5);
    CHECK(s == "0.5");
    s.clear();
    sd::json_append_double(s, 1.0 / 0.0);
    CHECK(s == "null");
}

void test_record() {
    sd::JsonLogFormatter f;
    sd::JsonLogRecord r;
    r.sec = 1700000000;  // 2023-11-14T22:13:20Z
    r.usec = 42;
    r.priority = 3;
    r.app = "app";
    r.pid = 77;
    r.msg = "two\nlines";
    r.file = "/srv/x.php";
    r.line = 9;
    std::string out;
    f.format(out, r);
    CHECK(out ==
          "{\"ts\":\"2023-11-14T22:13:20.000042Z\",\"level\":\"err\",\"priority\":3,\"app\":\"app\",\"pid\":77,"
          "\"msg\":\"two\\nlines\",\"file\":\"/srv/x.php\",\"line\":9}\n");
    // the cached second is not reused for another second; worker and context when given
    r.sec = 1700000001;
    r.usec = 999999;
    r.priority = 6;
    r.worker = 2;
    r.file = "";
    r.context = "{\"k\":1}";
    out.clear();
    f.format(out, r);
    CHECK(out ==
          "{\"ts\":\"2023-11-14T22:13:21.999999Z\",\"level\":\"info\",\"priority\":6,\"app\":\"app\",\"pid\":77,"
          "\"worker\":2,\"msg\":\"two\\nlines\",\"context\":{\"k\":1}}\n");
    CHECK(out.find('\n') == out.size() - 1);
    // the file of the last record is not reused for another one
    r.file = "/srv/y.php";
    out.clear();
    f.format(out, r);
    CHECK(out.find(",\"file\":\"/srv/y.php\",\"line\":9,") != std::string::npos);
    r.file = "/srv/y\".php";
    out.clear();
    f.format(out, r);
    CHECK(out.find(",\"file\":\"/srv/y\\\".php\",\"line\":9,") != std::string::npos);
}

// The blocks a record is assembled from are built again whenever what they were built
// for changes, however little: one byte of an app name or a file of the same length
// (wherever it is), the line, the pid, the worker; and a level reuses no other's keys.
void test_record_blocks_follow_changes() {
    sd::JsonLogFormatter f;
    for (size_t len = 1; len <= 20; ++len) {
        for (size_t at = 0; at < len; ++at) {
            std::string app(len, 'a'), file(len, 'f');
            sd::JsonLogRecord r;
            r.app = app;
            r.file = file;
            r.line = 3;
            std::string first(f.format(r));
            app[at] = 'b';
            file[at] = 'g';
            std::string second(f.format(r));
            CHECK(first.find(",\"app\":\"" + std::string(len, 'a') + "\",") != std::string::npos);
            CHECK(first.find(",\"file\":\"" + std::string(len, 'f') + "\",") != std::string::npos);
            CHECK(second.find(",\"app\":\"" + app + "\",") != std::string::npos);
            CHECK(second.find(",\"file\":\"" + file + "\",") != std::string::npos);
        }
    }
    sd::JsonLogRecord r;
    r.app = "app";
    r.pid = 1;
    r.file = "/f.php";
    r.line = 1;
    auto rec = [&] { return std::string(f.format(r)); };
    CHECK(rec().find("\"level\":\"info\",\"priority\":6,\"app\":\"app\",\"pid\":1,\"msg\"") != std::string::npos);
    r.line = 2;
    CHECK(rec().find(",\"file\":\"/f.php\",\"line\":2}") != std::string::npos);
    r.pid = 2;
    CHECK(rec().find(",\"pid\":2,\"msg\"") != std::string::npos);
    r.worker = 4;
    CHECK(rec().find(",\"pid\":2,\"worker\":4,\"msg\"") != std::string::npos);
    r.worker = 5;
    CHECK(rec().find(",\"pid\":2,\"worker\":5,\"msg\"") != std::string::npos);
    r.priority = 0;
    CHECK(rec().find("\"level\":\"emerg\",\"priority\":0,") != std::string::npos);
    r.priority = 6;
    CHECK(rec().find("\"level\":\"info\",\"priority\":6,\"app\":\"app\",\"pid\":2,\"worker\":5,") != std::string::npos);
    r.worker = -1;
    CHECK(rec().find(",\"pid\":2,\"msg\"") != std::string::npos);
    r.file = "";
    CHECK(rec().find("\"file\"") == std::string::npos);
    // microseconds: every digit in place, leading zeros kept
    for (long us : {0L, 7L, 10L, 999L, 1000L, 123456L, 999999L}) {
        r.usec = us;
        char want[16];
        std::snprintf(want, sizeof want, ".%06ldZ\"", us);
        CHECK(rec().find(want) == 26);
    }
}

// Each level keeps its record's date of its own: a second formatted for another level's
// line in between must not leave it stale, nor a longer message before a shorter one.
void test_record_levels_keep_their_second() {
    sd::JsonLogFormatter f;
    sd::JsonLogRecord r;
    r.app = "app";
    r.pid = 1;
    r.file = "/f.php";
    r.line = 1;
    auto rec = [&](time_t sec, int pri, const char *msg) {
        r.sec = sec;
        r.priority = pri;
        r.msg = msg;
        return std::string(f.format(r));
    };
    CHECK(rec(1700000000, 6, "a long message first").find("\"ts\":\"2023-11-14T22:13:20.") == 1);
    CHECK(rec(1700000061, 3, "x").find("\"ts\":\"2023-11-14T22:14:21.") == 1);
    std::string again = rec(1700000061, 6, "short");
    CHECK(again.find("\"ts\":\"2023-11-14T22:14:21.") == 1);
    CHECK(again.find("\"msg\":\"short\",\"file\":\"/f.php\",\"line\":1}\n") != std::string::npos);
    CHECK(rec(1700003661, 6, "z").find("\"ts\":\"2023-11-14T23:14:21.") == 1);
    CHECK(rec(1700003661, 3, "y").find("\"ts\":\"2023-11-14T23:14:21.") == 1);
}

// A record is written in place into room sized for the worst a value can need: every
// byte value, control characters above all (six bytes each), in the message and the
// file, after what the buffer already holds.
void test_record_worst_case() {
    std::string all;
    for (int rep = 0; rep < 20; ++rep) {
        for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
    }
    std::string ctrl(300, '\x01');
    for (const std::string &v : {all, ctrl}) {
        sd::JsonLogFormatter f;
        sd::JsonLogRecord r;
        r.priority = 42;  // out of range: written as debug
        r.app = "a\x01";
        r.pid = -5;
        r.worker = 1234567890;
        r.msg = v;
        r.file = v;
        r.line = -9223372036854775807L - 1;
        r.context = "{\"k\":1}";
        std::string out = "before";
        f.format(out, r);
        std::string s;
        sd::json_append_string(s, v);
        std::string head = "before{\"ts\":\"1970-01-01T00:00:00.000000Z\",";
        CHECK(out.compare(0, head.size(), head) == 0);
        std::string rest = "\"level\":\"debug\",\"priority\":7,\"app\":\"a\\u0001\",\"pid\":-5,\"worker\":1234567890,"
                           "\"msg\":" + s + ",\"file\":" + s + ",\"line\":-9223372036854775808,\"context\":{\"k\":1}}\n";
        CHECK(out.size() >= rest.size() && out.compare(out.size() - rest.size(), rest.size(), rest) == 0);
    }
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"escapes", test_escapes},
        {"every_length", test_every_length},
        {"utf8_replaced", test_utf8},
        {"numbers", test_numbers},
        {"record", test_record},
        {"record_blocks_follow_changes", test_record_blocks_follow_changes},
        {"record_levels_keep_their_second", test_record_levels_keep_their_second},
        {"record_worst_case", test_record_worst_case},
    };
    return run_tests("test_logjson", tests);
}
