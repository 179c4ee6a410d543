// Init scripts: the built-in ones (Debian/Ubuntu LSB, RedHat/Fedora chkconfig, Arch
// rc.d) and the rendering of any init-script template, built-in or the user's
// (runTemplateLocation). Plain C++: the Zend glue gathers the values.
#ifndef SD_CORE_RENDER_INIT_H
#define SD_CORE_RENDER_INIT_H

#include <map>
#include <string>
#include <string_view>

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

// The POSIX sh functions pidfile_check and pidfile_remove that every script root runs
// against a pid file goes through (the init scripts and the logrotate snippet): one
// text to review. They read NAME and PIDFILE; pidfile_check sets PID.
const char *pidfile_check_sh();

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

// Replaces every @key@ whose key is in vars (see substitute_placeholders()). Fails,
// with the reason in err, when a value that would be substituted holds a newline, a
// carriage return or a NUL: in a script that runs as root at boot such a value could
// end a comment or a line and add commands.
bool render_init_script(std::string_view tpl, const std::map<std::string, std::string> &vars, InitQuoting quoting,
                        std::string &out, std::string &err);

}  // namespace sd

#endif
