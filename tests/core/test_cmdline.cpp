// sd::php_command_line() and friends: the one builder of "this PHP's command line"
// behind restart() and the startup files.
#include "core/cmdline.h"

#include "check.h"

#include <string>
#include <vector>

namespace {

using V = std::vector<std::string>;

sd::PhpInvocation sample() {
    sd::PhpInvocation php;
    php.binary = "/usr/bin/php8.2";
    php.no_ini = true;
    php.ini_path = "/etc/my php";
    php.cli_ini = "html_errors=0\nregister_argc_argv=1\nimplicit_flush=1\noutput_buffering=0\n"
                  "max_execution_time=0\nmax_input_time=-1\n";
    php.ini_entries = php.cli_ini + "precision=11\nerror_log=/var/log/a b.log\n";
    php.argv = {"bin/app.php", "--dir", "rel/x"};
    return php;
}

void ini_args_in_order() {
    CHECK((sd::php_ini_args(sample(), sd::CliDefaults::Drop) ==
           V{"-n", "-c", "/etc/my php", "-d", "precision=11", "-d", "error_log=/var/log/a b.log"}));
    // The CLI's own entries lead ini_entries: never repeated, or every restart() adds them again.
    V all = sd::php_ini_args(sample(), sd::CliDefaults::Keep);
    CHECK((all == V{"-n", "-c", "/etc/my php", "-d", "precision=11", "-d", "error_log=/var/log/a b.log"}));
    // A -d the user gave that equals a default is the user's: Keep keeps it.
    sd::PhpInvocation again = sample();
    again.ini_entries += "output_buffering=0\n";
    CHECK(sd::php_ini_args(again, sd::CliDefaults::Keep).back() == "output_buffering=0");
    // PHP 8.5's CLI writes fewer entries: whatever its own are, they go (the -d words
    // grew by five on every restart() under 8.5 when one fixed text was looked for).
    sd::PhpInvocation php85 = sample();
    php85.cli_ini = "html_errors=0\nimplicit_flush=1\noutput_buffering=0\nmax_execution_time=0\nmax_input_time=-1\n";
    php85.ini_entries = php85.cli_ini + "precision=11\n";
    CHECK((sd::php_ini_args(php85, sd::CliDefaults::Keep) == V{"-n", "-c", "/etc/my php", "-d", "precision=11"}));
}

void ini_args_edges() {
    sd::PhpInvocation php;
    CHECK(sd::php_ini_args(php, sd::CliDefaults::Keep).empty());
    // Empty lines are no entries; a last entry without its newline still is one.
    php.ini_entries = "\n\na=1\n\nb=2";
    CHECK((sd::php_ini_args(php, sd::CliDefaults::Drop) == V{"-d", "a=1", "-d", "b=2"}));
    // Only exact CLI defaults are dropped: a user's own html_errors=1 is kept.
    php.cli_ini = "html_errors=0\nimplicit_flush=1\n";
    php.ini_entries = "html_errors=1\nhtml_errors=0\n";
    CHECK((sd::php_ini_args(php, sd::CliDefaults::Drop) == V{"-d", "html_errors=1"}));
}

void absolute_script() {
    CHECK(sd::absolute_script("bin/app.php", "/srv") == "/srv/bin/app.php");
    CHECK(sd::absolute_script("/opt/app.php", "/srv") == "/opt/app.php");
    CHECK(sd::absolute_script("-", "/srv") == "-");
    CHECK(sd::absolute_script("", "/srv").empty());
    CHECK(sd::absolute_script("app.php", "") == "app.php");
}

void restart_line() {
    CHECK((sd::php_command_line(sample(), sd::CliDefaults::Drop, "/home/me", "php") ==
           V{"/usr/bin/php8.2", "-n", "-c", "/etc/my php", "-d", "precision=11", "-d", "error_log=/var/log/a b.log",
             "/home/me/bin/app.php", "--dir", "rel/x"}));
    sd::PhpInvocation php;
    CHECK((sd::php_command_line(php, sd::CliDefaults::Keep, "/home/me", "php") == V{"php"}));
    php.argv = {"x.php"};
    CHECK((sd::php_command_line(php, sd::CliDefaults::Keep, "/home/me", "/usr/bin/php") ==
           V{"/usr/bin/php", "/home/me/x.php"}));
}

void daemon_command() {
    CHECK((sd::daemon_command("/usr/bin/php", {"-d", "a=b"}, "/srv/app.php", false) ==
           V{"/usr/bin/php", "-d", "a=b", "/srv/app.php"}));
    CHECK((sd::daemon_command("/usr/bin/php", {"-d", "a=b"}, "/srv/app", true) == V{"/srv/app"}));
}

}  // namespace

void lint_line() {
    using V = std::vector<std::string>;
    V line = {"/usr/bin/php", "-n", "-c", "/etc/php.ini", "-d", "memory_limit=1G", "/srv/d.php", "-d", "x"};
    CHECK(sd::script_position(line) == 6);
    CHECK((sd::lint_command_line(line) ==
           V{"/usr/bin/php", "-n", "-c", "/etc/php.ini", "-d", "memory_limit=1G", "-l", "/srv/d.php"}));
    CHECK(sd::script_position({"/usr/bin/php", "-d", "a=1"}) == 3);
    CHECK(sd::lint_command_line({"/usr/bin/php", "-d", "a=1"}).empty());
    CHECK(sd::lint_command_line({}).empty());
}

int main() {
    static const NamedTest tests[] = {
        {"lint_line", lint_line},
        {"ini_args_in_order", ini_args_in_order}, {"ini_args_edges", ini_args_edges},
        {"absolute_script", absolute_script},     {"restart_line", restart_line},
        {"daemon_command", daemon_command},
    };
    return run_tests("test_cmdline", tests);
}
