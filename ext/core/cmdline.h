// "This PHP's command line", built once for every user: restart() re-executes it, and
// the startup files (init scripts, the systemd unit) start the daemon with it, so a
// daemon runs with the PHP settings it was launched or written with. The SAPI-reading
// half is ext/php/cmdline.h; this half is plain C++.
#ifndef SD_CORE_CMDLINE_H
#define SD_CORE_CMDLINE_H

#include <string>
#include <vector>

namespace sd {

// How PHP was started, as the SAPI knows it.
struct PhpInvocation {
    std::string binary;             // PHP_BINARY; empty when PHP does not know it
    bool no_ini = false;            // -n
    std::string ini_path;           // -c; empty = none
    std::string ini_entries;        // "key=value\n" each: the CLI's own defaults, then every -d
    std::string cli_ini;            // those defaults as the CLI SAPI writes them (its version's)
    std::vector<std::string> argv;  // the script, then its arguments; empty for -r or stdin
};

// The CLI puts its own entries (cli_ini: html_errors=0, implicit_flush=1, ...) ahead
// of every -d in ini_entries; they are never repeated as -d words, or each restart()
// would add them once more (5 words, then 17, 29...). Keep: every -d the user gave, as
// given; Drop: without those equal to a CLI default too (noise in a startup file).
enum class CliDefaults { Keep, Drop };

// PHP's own flags: "-n", "-c" path, then "-d" entry for each ini entry, in that order.
std::vector<std::string> php_ini_args(const PhpInvocation &php, CliDefaults defaults);

// script made absolute against cwd, the directory it was given relative to (the
// daemon works in appDir). Unchanged when empty, absolute, "-" (stdin) or when cwd is
// empty.
std::string absolute_script(const std::string &script, const std::string &cwd);

// The whole command line: php.binary (fallback_binary when empty), php_ini_args(), the
// script made absolute against cwd, its arguments. No shell ever needs to see it.
std::vector<std::string> php_command_line(const PhpInvocation &php, CliDefaults defaults, const std::string &cwd,
                                          const std::string &fallback_binary);

// Where the script is in a php_command_line(): past the binary and PHP's own flags
// (-n, -c path, -d entry). command_line.size() when there is none.
size_t script_position(const std::vector<std::string> &command_line);

// The same PHP, with the same settings, checking the script's syntax (php -l) instead
// of running it; empty when there is no script.
std::vector<std::string> lint_command_line(const std::vector<std::string> &command_line);

// What a startup file runs to start the daemon: the script itself when it runs
// directly (executable, with a #! line), else php_bin, php_args and the script.
std::vector<std::string> daemon_command(const std::string &php_bin, const std::vector<std::string> &php_args,
                                        const std::string &script, bool run_directly);

}  // namespace sd

#endif
