// ext/core/options: the option rules and path helpers that published System_Daemon
// scripts rely on (appName's characters and length, locations relative to the script).
#include "core/options.h"

#include "check.h"

#include <string>

namespace {

void test_appname_rule() {
    const sd::OptionDef *d = sd::find_option("appName");
    CHECK(d != nullptr);
    if (!d) return;
    for (const char *ok : {"knx-tracking.php", "LogParser", "a", "my_app-2.0", "x-"}) {
        CHECK(sd::check_string(*d, ok, "").empty());
    }
    for (const char *bad : {"", ".hidden", "-x", "a/b", "a b", "a;b", "a\nb", "caf\xc3\xa9"}) {
        CHECK(!sd::check_string(*d, bad, "").empty());
    }
    CHECK(sd::check_string(*d, std::string(64, 'n'), "").empty());
    CHECK(!sd::check_string(*d, std::string(65, 'n'), "").empty());
}

void test_absolute_path() {
    CHECK(sd::absolute_path("/srv/app", "././example/example.pid") == "/srv/app/example/example.pid");
    CHECK(sd::absolute_path("/srv/app", "x.pid") == "/srv/app/x.pid");
    CHECK(sd::absolute_path("/srv/app/", "a//b/./c.log") == "/srv/app/a/b/c.log");
    CHECK(sd::absolute_path("/srv/app", "../x.pid") == "/srv/app/../x.pid");
    CHECK(sd::absolute_path("/srv/app", "/var/run/x.pid") == "/var/run/x.pid");
    CHECK(sd::absolute_path("/", ".") == "/");
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"appname_rule", test_appname_rule},
        {"absolute_path", test_absolute_path},
    };
    return run_tests("test_options", tests);
}
