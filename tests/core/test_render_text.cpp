// core/render_text: shell quoting, read back by a real shell.
#include "core/render_text.h"

#include "tool_test.h"

#include <map>
#include <string>
#include <vector>

namespace {

void test_shell_quote() {
    CHECK(sd::shell_quote("/usr/bin/php") == "/usr/bin/php");
    CHECK(sd::shell_quote("") == "''");
    CHECK(sd::shell_quote("a b") == "'a b'");
    CHECK(sd::shell_quote("it's") == "'it'\\''s'");
    const std::vector<std::string> samples = {
        "plain", "", "two words", "it's", "\"double\"", "$HOME", "`id`", "$(id)", "back\\slash",
        "glob*?[a]", "~root", "semi;colon|pipe&amp", "new\nline", "tab\there", "-n", "'", "''", "\\'",
        "!bang", "#hash", "utf8 \xc3\xa9t\xc3\xa9",
    };
    for (const std::string &s : samples) {
        std::string out;
        int rc = run("printf %s " + sd::shell_quote(s), &out);
        CHECK_MSG(rc == 0 && out == s, "round trip of [" + s + "] gave [" + out + "]");
    }
}

}  // namespace

int main() { return run_tool_tests("test_render_text", {test_shell_quote}); }
