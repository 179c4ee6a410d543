// core/logline: a logged value cannot forge a line or a journal record.
#include "core/logline.h"

#include "check.h"

#include <string>

namespace {

std::string lines(std::string_view head, std::string_view msg, std::string_view tail = "") {
    std::string out;
    sd::append_log_lines(out, head, msg, tail);
    return out;
}

void test_plain() {
    CHECK(lines("H: ", "one", " [l:3]") == "H: one [l:3]\n");
    CHECK(lines("<6>", "") == "<6>\n");
}

// The attack: info('request: %s', $fromClient) with a line break and a priority.
void test_forged_journal_record() {
    std::string out = lines("<6>", "request: x\n<0>the disk is on fire");
    CHECK(out == "<6>request: x\n<6>  <0>the disk is on fire\n");
    out = lines("[Dec 07 05:43:47]     info: ", "a\r\n[Dec 07 05:43:48]    emerg: forged", " [l:2]");
    CHECK(out == "[Dec 07 05:43:47]     info: a\n[Dec 07 05:43:47]     info:   [Dec 07 05:43:48]    emerg: forged [l:2]\n");
}

void test_controls_escaped() {
    CHECK(lines("H: ", std::string("a\rb\x1b[2Jc\x7f\0d", 11)) == "H: a\\x0db\\x1b[2Jc\\x7f\\x00d\n");
    CHECK(lines("H: ", "tab\there") == "H: tab\\x09here\n");
    // UTF-8 is text, not control characters.
    CHECK(lines("H: ", "caf\xc3\xa9") == "H: caf\xc3\xa9\n");
}

// The log engine copies a message as it is when this says it may: it must see every
// byte append_log_lines() would change, wherever it stands.
void test_needs_escape() {
    CHECK(!sd::log_text_needs_escape(""));
    CHECK(!sd::log_text_needs_escape("plain text, caf\xc3\xa9 ~"));
    CHECK(sd::log_text_needs_escape("a\nb"));
    CHECK(sd::log_text_needs_escape("trailing\r"));
    CHECK(sd::log_text_needs_escape(std::string_view("\0x", 2)));
    CHECK(sd::log_text_needs_escape("del\x7f"));
    for (int c = 0; c < 256; ++c) {
        char s[3] = {'a', static_cast<char>(c), 'b'};
        std::string_view v(s, 3);
        CHECK(sd::log_text_needs_escape(v) == (lines("", v) != std::string(s, 3) + "\n"));
    }
    // It reads eight bytes a step: every byte value at every place of messages around
    // the word size, among neighbours from the whole range (a borrow in the bit tricks
    // must neither hide a control character nor make one up).
    const unsigned char fill[] = {'a', 0x80, 0xff, 0x20, 0x7e, 0x21, 0x9f};
    for (size_t n = 1; n <= 25; ++n) {
        for (size_t at = 0; at < n; ++at) {
            for (int c = 0; c < 256; ++c) {
                for (unsigned char f : fill) {
                    std::string m(n, static_cast<char>(f));
                    m[at] = static_cast<char>(c);
                    bool want = c < 0x20 || c == 0x7f;
                    CHECK(sd::log_text_needs_escape(m) == want);
                }
            }
        }
    }
}

}  // namespace

int main() {
    static const NamedTest tests[] = {{"plain", test_plain},
                                      {"forged_journal_record", test_forged_journal_record},
                                      {"controls_escaped", test_controls_escaped},
                                      {"needs_escape", test_needs_escape}};
    return run_tests("test_logline", tests);
}
