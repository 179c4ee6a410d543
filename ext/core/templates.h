// Startup files: init scripts (from built-in or user templates), a systemd unit and a
// logrotate snippet. Plain C++: the Zend glue (writeAutoRun, System_Daemon_OS) gathers
// the option values and writes the files; everything here only builds text.
#ifndef SD_CORE_TEMPLATES_H
#define SD_CORE_TEMPLATES_H

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

// The built-in init-script template for an OS driver's shorthand: "Debian" and "Ubuntu"
// share the LSB script, "RedHat" and "Fedora" the chkconfig one, "Arch" has its rc.d one.
// nullptr for anything else (BSD, Windows, Linux: the original had no template there).
//
// Placeholders are the original's: @name@ @desc@ @bin_file@ @bin_name@ @pid_file@
// @chkconfig@ @author_name@ @author_email@, plus @php_bin@ (the PHP binary that runs
// @bin_file@: the process the init script manages is PHP, not the script) and
// @run_cmd@ (the whole start command as shell_words(): the script itself, or
// @php_bin@ with PHP's flags and the script).
const char *builtin_template(std::string_view os_shorthand);

// Replaces every @key@ whose key is in vars (keys are given without the @s) in a single
// left-to-right pass: a value is never scanned again, so values may hold '@' or even
// placeholder text. An @x@ whose x is not a key is left as it is.
std::string render_template(std::string_view tpl, const std::map<std::string, std::string> &vars);

// shell_quote() of each word, joined by single spaces: a list that `eval "set -- $X"`
// turns back into exactly these words.
std::string shell_words(const std::vector<std::string> &words);

// One POSIX shell word that the shell turns back into exactly s. Strings made only of
// characters no shell treats specially come back unchanged, so paths stay readable;
// anything else is single-quoted ('\'' for a quote). Works for any byte but NUL.
std::string shell_quote(std::string_view s);

// How placeholder values enter an init script.
enum class InitQuoting {
    // A template the user supplied (runTemplateLocation): values go in as they are,
    // as the original did, because such a template does its own quoting
    // (the original's read DESC="@desc@").
    Verbatim,
    // The built-in templates: on a comment line (first non-blank character '#', where
    // the LSB and chkconfig headers live) a value goes in as it is; anywhere else it
    // goes in through shell_quote(), so it is one shell word whatever it holds. The
    // built-in templates use placeholders in code only as NAME=@name@ assignments.
    ShellWords,
};

// render_template() for init scripts. Fails, with the reason in err, when a value that
// would be substituted holds a newline, a carriage return or a NUL: in a script that
// runs as root at boot such a value could end a comment or a line and add commands.
bool render_init_script(std::string_view tpl, const std::map<std::string, std::string> &vars,
                        InitQuoting quoting, std::string &out, std::string &err);

// The built-in template for os_shorthand rendered with InitQuoting::ShellWords. Fails
// when there is no built-in template for that OS, or as render_init_script() does.
bool render_builtin_init_script(std::string_view os_shorthand,
                                const std::map<std::string, std::string> &vars,
                                std::string &out, std::string &err);

struct UnitSpec {
    std::string description;
    std::string php_bin;        // absolute
    std::string script;         // the daemon's PHP file, passed as PHP's first argument
    std::vector<std::string> php_args;  // PHP's own flags before the script (-n, -c, -d)
    bool run_directly = false;  // ExecStart= is the script itself (its own #! line)
    std::string pid_file;       // absolute; empty = none. Its directory is writable
                                // (ReadWritePaths=), or a RuntimeDirectory=; there is
                                // no PIDFile= (see render_systemd_unit())
    std::string log_file;       // absolute; empty = none. Its directory is writable
    std::string user;           // empty, "root" or "0" = no User= ("nobody" makes
                                // systemd-analyze verify warn that it is not safe)
    std::string group;          // empty, "root" or "0" = no Group=
    std::string working_dir;    // absolute; empty = no WorkingDirectory=
    std::string documentation;  // space-separated http(s):, file:, info: or man: URIs
                                // (systemd-analyze verify fails a man: page not installed)
    unsigned watchdog_sec = 0;  // 0 = no WatchdogSec=
    std::string socket_unit;    // "name.socket" that passes it its listening sockets:
                                // Requires= and After= it; empty = none
};

// Why spec cannot make a unit; empty when it can. Refused: a php_bin that is not an
// absolute path (systemd would read a leading '-', '@', '+', '!' or ':' as a flag),
// an empty script, relative or unnormalized paths, control characters or invalid
// UTF-8 anywhere (a newline would let a value add directives), documentation that
// systemd would ignore, user or group names systemd would reject.
std::string check_unit_spec(const UnitSpec &spec);

// A Type=notify service unit for spec. Fails with check_unit_spec()'s reason.
bool render_systemd_unit(const UnitSpec &spec, std::string &out, std::string &err);
// The same, returning an empty string when spec is refused.
std::string render_systemd_unit(const UnitSpec &spec);

// A socket unit for socket activation: one ListenStream= for each blank-separated
// address in listen (a port, host:port, [v6]:port, an absolute path or an @abstract
// name), every descriptor named fd_name (FileDescriptorName=, the key under which
// System_Daemon::listenSockets() returns it). Fails, with the reason in err, for an
// empty list, a control or non-ASCII character, a quote or backslash, a relative path
// or an fd_name systemd refuses (1-255 printable characters, no colon).
bool render_socket_unit(const std::string &description, const std::string &listen, const std::string &fd_name,
                        std::string &out, std::string &err);

// One ExecStart= argument as systemd reads it back: bare when plain, otherwise
// double-quoted with \ and " escaped; '%' doubled (specifiers) and '$' doubled
// (environment expansion) in both cases.
std::string systemd_quote_arg(std::string_view arg);

// A logrotate configuration for one log file: weekly, 4 kept, compressed one rotation
// late (the daemon may write a few more lines to the old file before it handles the
// HUP), missingok, notifempty, create; postrotate sends HUP to the pid in pid_file
// when that file is non-empty and never fails the rotation. Fails when a path is not
// absolute or holds a control character or a double quote (logrotate has no escape
// for it). logrotate reads log_path as a glob: '*', '?' and '[' in it match.
bool render_logrotate(const std::string &log_path, const std::string &pid_file,
                      std::string &out, std::string &err);
// The same, returning an empty string when a path is refused.
std::string render_logrotate(const std::string &log_path, const std::string &pid_file);

}  // namespace sd

#endif
