#include "core/templates.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sd {

namespace {

// Debian and Ubuntu: an LSB script on lsb-base's init-functions and start-stop-daemon.
// The running process is the PHP binary, and /usr/bin/php is usually a chain of
// symlinks (alternatives), so the daemon is found through its pid file alone; --startas
// names what to run without making start-stop-daemon match on it. The pid file is
// root-owned, which start-stop-daemon requires before it trusts a pid file alone.
// The init scripts' one test of the pid file before root signals what it names: the
// Debian, RedHat and Arch templates take it in place of @pidfile_check_function@
// (builtin_template()), so that there is one text to review, not three.
const char kPidfileCheck[] = R"SH(# The pid file is believed only when root owns it and it holds one positive pid of a
# process that holds the file open (PID then names it): any other file may have been
# written by the daemon user to aim root's signal elsewhere, and so may root's own file,
# through the descriptor the daemon keeps on it.
# Returns 0 for such a file, 1 when there is none or it names no pid or none holding it
# (a root-owned leftover, safe to remove), 2 when it is someone else's and is left alone.
pidfile_check() {
	[ -e "$PIDFILE" ] || [ -L "$PIDFILE" ] || return 1
	[ -f "$PIDFILE" ] && [ ! -L "$PIDFILE" ] && [ "$(stat -c %u "$PIDFILE")" = 0 ] || {
		echo "$NAME: refusing pid file $PIDFILE: not a regular file owned by root" >&2
		return 2
	}
	PID=$(cat "$PIDFILE")
	case "$PID" in
		''|0*|*[!0-9]*) return 1 ;;
	esac
	for f in /proc/$PID/fd/*; do
		[ "$f" -ef "$PIDFILE" ] && return 0
	done
	return 1
}
)SH";

const char kDebian[] = R"SH(#!/bin/sh
### BEGIN INIT INFO
# Provides:          @name@
# Required-Start:    $remote_fs $syslog $network
# Required-Stop:     $remote_fs $syslog $network
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: @desc@
# Description:       @desc@
### END INIT INFO
#
# Author: @author_name@ <@author_email@>
# Written by System_Daemon::writeAutoRun().
#
# "start" returns when the daemon has reported that it is ready; when it could not
# start, its launcher prints why on stderr and its exit status is this script's.

# No "set -e": each step's status decides the LSB exit status by hand.

PATH=/sbin:/usr/sbin:/bin:/usr/bin
NAME=@name@
DESC=@desc@
PHP_BIN=@php_bin@
DAEMON=@bin_file@
PIDFILE=@pid_file@
# The command that starts the daemon, as shell words: DAEMON itself when it is an
# executable with a #! line, else PHP_BIN with the -n/-c/-d settings of the PHP that
# wrote this script, then DAEMON.
RUN_CMD=@run_cmd@

[ -r "/etc/default/$NAME" ] && . "/etc/default/$NAME"
[ -r /lib/init/vars.sh ] && . /lib/init/vars.sh
. /lib/lsb/init-functions

@pidfile_check_function@

# Returns 0 when started, 1 when it was already running, 2 when it failed; STATUS then
# holds the status to exit with.
do_start()
{
	eval "set -- $RUN_CMD"
	if [ ! -x "$1" ] || [ ! -r "$DAEMON" ]; then
		echo "$NAME: cannot run $DAEMON with $1" >&2
		STATUS=5
		return 2
	fi
	start-stop-daemon --start --quiet --pidfile "$PIDFILE" --startas "$1" --test >/dev/null
	STATUS=$?
	[ "$STATUS" = 1 ] && return 1
	[ "$STATUS" = 0 ] || return 2
	# Without --background start-stop-daemon execs the launcher in place, so the
	# launcher's exit status (0 only once the daemon is ready) is start-stop-daemon's.
	PROG=$1
	shift
	start-stop-daemon --start --quiet --pidfile "$PIDFILE" --startas "$PROG" -- "$@"
	STATUS=$?
	[ "$STATUS" = 0 ] || return 2
	return 0
}

# Returns 0 when stopped, 1 when it was not running, 2 when it would not die.
do_stop()
{
	pidfile_check
	case "$?" in
		1) rm -f "$PIDFILE"; return 1 ;;
		2) return 2 ;;
	esac
	start-stop-daemon --stop --quiet --retry=TERM/30/KILL/5 --pid "$PID"
	RETVAL=$?
	case "$RETVAL" in
		0|1)
			# A clean exit removes the pid file; after a KILL or a crash the
			# stale file goes here, before its pid can be reused by a stranger.
			rm -f "$PIDFILE"
			return "$RETVAL"
			;;
	esac
	return 2
}

do_reload()
{
	pidfile_check || return 1
	start-stop-daemon --stop --signal HUP --quiet --pid "$PID"
}

case "$1" in
	start)
		[ "$VERBOSE" != no ] && log_daemon_msg "Starting $DESC" "$NAME"
		do_start
		case "$?" in
			0|1)
				[ "$VERBOSE" != no ] && log_end_msg 0
				exit 0
				;;
			*)
				[ "$VERBOSE" != no ] && log_end_msg 1
				exit "$STATUS"
				;;
		esac
		;;
	stop)
		[ "$VERBOSE" != no ] && log_daemon_msg "Stopping $DESC" "$NAME"
		do_stop
		case "$?" in
			0|1)
				[ "$VERBOSE" != no ] && log_end_msg 0
				exit 0
				;;
			*)
				[ "$VERBOSE" != no ] && log_end_msg 1
				exit 1
				;;
		esac
		;;
	status)
		# By the pid file only: 0 running, 1 dead with a stale pid file, 3 stopped.
		# This is status_of_proc's logic, but status_of_proc splits a pid file path at
		# blanks; pidofproc keeps it one word.
		pidofproc -p "$PIDFILE" "$NAME" >/dev/null
		STATUS=$?
		case "$STATUS" in
			0) log_success_msg "$NAME is running" ;;
			4) log_failure_msg "could not access PID file for $NAME" ;;
			*) log_failure_msg "$NAME is not running" ;;
		esac
		exit "$STATUS"
		;;
	reload|force-reload)
		log_daemon_msg "Reloading $DESC" "$NAME"
		if do_reload; then
			log_end_msg 0
			exit 0
		fi
		log_end_msg 1
		exit 7
		;;
	restart)
		log_daemon_msg "Restarting $DESC" "$NAME"
		do_stop
		case "$?" in
			0|1)
				do_start
				case "$?" in
					0)
						log_end_msg 0
						exit 0
						;;
					1)
						# The old process is still running.
						log_end_msg 1
						exit 1
						;;
					*)
						log_end_msg 1
						exit "$STATUS"
						;;
				esac
				;;
			*)
				log_end_msg 1
				exit 1
				;;
		esac
		;;
	*)
		echo "Usage: $0 {start|stop|status|restart|reload|force-reload}" >&2
		exit 3
		;;
esac
)SH";

// RedHat and Fedora: a chkconfig script on /etc/rc.d/init.d/functions.
const char kRedHat[] = R"SH(#!/bin/bash
#
# @name@	@desc@
#
# chkconfig: @chkconfig@
# description: @desc@
# processname: @bin_name@
# pidfile: @pid_file@
#
# Author: @author_name@ <@author_email@>
# Written by System_Daemon::writeAutoRun().
#
# "start" returns when the daemon has reported that it is ready; when it could not
# start, its launcher prints why on stderr and start fails.

. /etc/rc.d/init.d/functions

NAME=@name@
DESC=@desc@
PHP_BIN=@php_bin@
DAEMON=@bin_file@
PIDFILE=@pid_file@
# The command that starts the daemon, as shell words: DAEMON itself when it is an
# executable with a #! line, else PHP_BIN with the -n/-c/-d settings of the PHP that
# wrote this script, then DAEMON.
RUN_CMD=@run_cmd@
# rc only stops, at shutdown, the services that hold their subsys lock.
LOCKFILE="/var/lock/subsys/$NAME"
RETVAL=0

[ -r "/etc/sysconfig/$NAME" ] && . "/etc/sysconfig/$NAME"

@pidfile_check_function@

start() {
	local cmd q=() w
	eval "cmd=($RUN_CMD)"
	if [ ! -x "${cmd[0]}" ] || [ ! -r "$DAEMON" ]; then
		echo "$NAME: cannot run $DAEMON with ${cmd[0]}" >&2
		RETVAL=5
		return $RETVAL
	fi
	echo -n "Starting $DESC: "
	# daemon() joins its arguments into one "bash -c" string, so each word is quoted
	# once more for that second parse. --check names the service for its messages and
	# its already-running test, which reads the pid file only.
	for w in "${cmd[@]}"; do q+=("$(printf '%q' "$w")"); done
	daemon --check "$NAME" --pidfile "$PIDFILE" "${q[@]}"
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && touch "$LOCKFILE"
	return $RETVAL
}

stop() {
	echo -n "Stopping $DESC: "
	pidfile_check
	case "$?" in
		1) rm -f "$PIDFILE"; echo; rm -f "$LOCKFILE"; RETVAL=0; return 0 ;;
		2) echo; RETVAL=1; return 1 ;;
	esac
	# TERM, then KILL if it is still there after 30 seconds; removes the pid file.
	killproc -p "$PIDFILE" -d 30 "$NAME"
	RETVAL=$?
	echo
	[ $RETVAL -eq 0 ] && rm -f "$LOCKFILE"
	return $RETVAL
}

reload() {
	echo -n "Reloading $DESC: "
	if ! pidfile_check; then
		echo
		RETVAL=7
		return $RETVAL
	fi
	killproc -p "$PIDFILE" "$NAME" -HUP
	RETVAL=$?
	echo
	return $RETVAL
}

case "$1" in
	start)
		start
		;;
	stop)
		stop
		;;
	status)
		status -p "$PIDFILE" "$NAME"
		RETVAL=$?
		;;
	restart)
		stop
		start
		;;
	condrestart|try-restart)
		if status -p "$PIDFILE" "$NAME" >/dev/null; then
			stop
			start
		fi
		;;
	reload|force-reload)
		reload
		;;
	*)
		echo "Usage: $0 {start|stop|status|restart|condrestart|try-restart|reload|force-reload}" >&2
		RETVAL=2
		;;
esac

exit $RETVAL
)SH";

// Arch: an rc.d script on /etc/rc.d/functions. Those functions have no pid-file based
// process control (ck_pidfile compares with pidof, which sees "php", not the script),
// so this script does its own, the way start-stop-daemon does it.
const char kArch[] = R"SH(#!/bin/bash
#
# /etc/rc.d/@name@: @desc@
#
# Author: @author_name@ <@author_email@>
# Written by System_Daemon::writeAutoRun().
#
# "start" returns when the daemon has reported that it is ready; when it could not
# start, its launcher prints why on stderr and its exit status is this script's.

. /etc/rc.conf
. /etc/rc.d/functions

NAME=@name@
DESC=@desc@
PHP_BIN=@php_bin@
DAEMON=@bin_file@
PIDFILE=@pid_file@
# The command that starts the daemon, as shell words: DAEMON itself when it is an
# executable with a #! line, else PHP_BIN with the -n/-c/-d settings of the PHP that
# wrote this script, then DAEMON.
RUN_CMD=@run_cmd@

[ -r "/etc/conf.d/$NAME" ] && . "/etc/conf.d/$NAME"

@pidfile_check_function@

# Prints the daemon's pid; fails when no live process has the pid in the pid file.
running_pid() {
	local pid=
	pidfile_check 2>/dev/null || return 1
	pid=$PID
	echo "$pid"
}

# TERM, up to 30 seconds to exit, then KILL and 5 seconds more.
stop_daemon() {
	local pid i
	pidfile_check
	[ $? = 2 ] && return 1
	pid=$(running_pid) || { rm -f "$PIDFILE"; return 0; }
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 300; i++)); do
		[ -d "/proc/$pid" ] || { rm -f "$PIDFILE"; return 0; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	for ((i = 0; i < 50; i++)); do
		[ -d "/proc/$pid" ] || { rm -f "$PIDFILE"; return 0; }
		sleep 0.1
	done
	return 1
}

case "$1" in
	start)
		stat_busy "Starting $DESC"
		if running_pid >/dev/null; then
			stat_done
			exit 0
		fi
		eval "cmd=($RUN_CMD)"
		if [ ! -x "${cmd[0]}" ] || [ ! -r "$DAEMON" ]; then
			stat_fail
			echo "$NAME: cannot run $DAEMON with ${cmd[0]}" >&2
			exit 5
		fi
		"${cmd[@]}"
		rc=$?
		if [ $rc -ne 0 ]; then
			stat_fail
			exit $rc
		fi
		add_daemon "$NAME"
		stat_done
		;;
	stop)
		stat_busy "Stopping $DESC"
		if ! stop_daemon; then
			stat_fail
			exit 1
		fi
		rm_daemon "$NAME"
		stat_done
		;;
	restart)
		"$0" stop
		"$0" start
		exit $?
		;;
	reload)
		stat_busy "Reloading $DESC"
		if pid=$(running_pid) && kill -HUP "$pid"; then
			stat_done
			exit 0
		fi
		stat_fail
		exit 7
		;;
	status)
		if pid=$(running_pid); then
			echo "$NAME is running (pid $pid)"
			exit 0
		fi
		echo "$NAME is not running"
		exit 3
		;;
	*)
		echo "usage: $0 {start|stop|restart|reload|status}" >&2
		exit 2
		;;
esac
exit 0
)SH";

bool is_shell_safe(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '@' ||
           c == '%';
}

// Characters systemd takes literally in an unquoted word (its separators, quotes,
// escapes, specifiers and variables all excluded).
bool is_systemd_safe(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '=' ||
           c == '@';
}

bool on_comment_line(std::string_view tpl, std::size_t pos) {
    std::size_t start = tpl.rfind('\n', pos);
    start = (start == std::string_view::npos) ? 0 : start + 1;
    while (start < pos && (tpl[start] == ' ' || tpl[start] == '\t')) ++start;
    return start < tpl.size() && tpl[start] == '#';
}

// The scanner behind render_template() and render_init_script(). subst is called with
// the key, the value and the position of the opening '@'; it appends to out and
// returns false to abort with err set.
template <typename Subst>
bool render_with(std::string_view tpl, const std::map<std::string, std::string> &vars,
                 std::string &out, Subst &&subst) {
    out.clear();
    out.reserve(tpl.size() + tpl.size() / 4);
    std::size_t i = 0;
    while (i < tpl.size()) {
        std::size_t at = tpl.find('@', i);
        if (at == std::string_view::npos) break;
        std::size_t close = tpl.find('@', at + 1);
        if (close == std::string_view::npos) break;
        out.append(tpl.data() + i, at - i);
        auto it = close > at + 1 ? vars.find(std::string(tpl.substr(at + 1, close - at - 1))) : vars.end();
        if (it == vars.end()) {
            // The closing '@' may open the next placeholder ("user@host @name@").
            out.push_back('@');
            i = at + 1;
            continue;
        }
        if (!subst(it->first, it->second, at)) return false;
        i = close + 1;
    }
    out.append(tpl.data() + i, tpl.size() - i);
    return true;
}

bool has_control(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (s.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        i += n + 1;
    }
    return true;
}

bool normalized_absolute(std::string_view p) {
    if (p.empty() || p[0] != '/') return false;
    std::size_t i = 1;
    while (i <= p.size()) {
        std::size_t slash = p.find('/', i);
        if (slash == std::string_view::npos) slash = p.size();
        std::string_view part = p.substr(i, slash - i);
        // An empty last part is a trailing slash on a directory: systemd accepts it.
        if ((part.empty() && slash != p.size()) || part == "." || part == "..") return false;
        i = slash + 1;
    }
    return true;
}

bool valid_user_or_group(std::string_view s) {
    if (s.empty() || s.size() > 31) return false;
    bool digits = true;
    for (unsigned char c : s) digits = digits && c >= '0' && c <= '9';
    if (digits) {
        // (uid_t)-1 and the 16-bit -1 are "no user" to the kernel and to systemd.
        unsigned long long v = 0;
        for (unsigned char c : s) {
            v = v * 10 + (c - '0');
            if (v >= 4294967295ULL) return false;
        }
        return v != 65535;
    }
    unsigned char first = static_cast<unsigned char>(s[0]);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
    for (unsigned char c : s.substr(1))
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '.'))
            return false;
    return true;
}

bool is_root_identity(std::string_view s) { return s.empty() || s == "root" || s == "0"; }

// Specifier-expanded settings (Description=, PIDFile=, ...) read '%' as a specifier.
std::string escape_percent(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    for (char c : s) {
        r.push_back(c);
        if (c == '%') r.push_back('%');
    }
    return r;
}

bool valid_doc_uri(std::string_view u) {
    for (std::string_view scheme : {"http://", "https://", "file:", "info:", "man:"})
        if (u.size() > scheme.size() && u.substr(0, scheme.size()) == scheme) return true;
    return false;
}

}  // namespace

namespace {

std::string with_pidfile_check(const char *tpl) {
    static const std::string_view marker = "@pidfile_check_function@\n";
    std::string t(tpl);
    std::string::size_type at = t.find(marker);
    if (at != std::string::npos) t.replace(at, marker.size(), kPidfileCheck);
    return t;
}

}  // namespace

const char *builtin_template(std::string_view os) {
    // Built once; the pointers stay valid for the process's life.
    static const std::string debian = with_pidfile_check(kDebian), redhat = with_pidfile_check(kRedHat),
                             arch = with_pidfile_check(kArch);
    if (os == "Debian" || os == "Ubuntu") return debian.c_str();
    if (os == "RedHat" || os == "Fedora") return redhat.c_str();
    if (os == "Arch") return arch.c_str();
    return nullptr;
}

std::string render_template(std::string_view tpl, const std::map<std::string, std::string> &vars) {
    std::string out;
    render_with(tpl, vars, out, [&out](const std::string &, const std::string &value, std::size_t) {
        out += value;
        return true;
    });
    return out;
}

std::string shell_quote(std::string_view s) {
    bool plain = !s.empty();
    for (unsigned char c : s) plain = plain && is_shell_safe(c);
    if (plain) return std::string(s);
    std::string r;
    r.reserve(s.size() + 2);
    r.push_back('\'');
    for (char c : s) {
        if (c == '\'')
            r += "'\\''";
        else
            r.push_back(c);
    }
    r.push_back('\'');
    return r;
}

std::string shell_words(const std::vector<std::string> &words) {
    std::string r;
    for (const std::string &w : words) {
        if (!r.empty()) r.push_back(' ');
        r += shell_quote(w);
    }
    return r;
}

bool render_init_script(std::string_view tpl, const std::map<std::string, std::string> &vars,
                        InitQuoting quoting, std::string &out, std::string &err) {
    bool ok = render_with(tpl, vars, out, [&](const std::string &key, const std::string &value, std::size_t at) {
        for (char c : value) {
            if (c == '\n' || c == '\r' || c == '\0') {
                err = "the value for @" + key + "@ holds a line break or a NUL byte, which an init script cannot take";
                return false;
            }
        }
        if (quoting == InitQuoting::ShellWords && !on_comment_line(tpl, at))
            out += shell_quote(value);
        else
            out += value;
        return true;
    });
    if (!ok) out.clear();
    return ok;
}

bool render_builtin_init_script(std::string_view os, const std::map<std::string, std::string> &vars,
                                std::string &out, std::string &err) {
    const char *tpl = builtin_template(os);
    if (!tpl) {
        err = "no built-in init script template for " + std::string(os);
        out.clear();
        return false;
    }
    if (vars.count("run_cmd")) return render_init_script(tpl, vars, InitQuoting::ShellWords, out, err);
    auto with_cmd = vars;
    std::vector<std::string> cmd;
    for (const char *k : {"php_bin", "bin_file"}) {
        auto it = vars.find(k);
        if (it != vars.end()) cmd.push_back(it->second);
    }
    with_cmd["run_cmd"] = shell_words(cmd);
    return render_init_script(tpl, with_cmd, InitQuoting::ShellWords, out, err);
}

std::string systemd_quote_arg(std::string_view arg) {
    bool plain = !arg.empty();
    for (unsigned char c : arg) plain = plain && is_systemd_safe(c);
    if (plain) return std::string(arg);
    std::string r;
    r.reserve(arg.size() + 4);
    r.push_back('"');
    for (char c : arg) {
        switch (c) {
            case '\\': r += "\\\\"; break;
            case '"': r += "\\\""; break;
            case '%': r += "%%"; break;
            case '$': r += "$$"; break;
            default: r.push_back(c);
        }
    }
    r.push_back('"');
    return r;
}

std::string check_unit_spec(const UnitSpec &s) {
    const std::pair<const char *, const std::string *> fields[] = {
        {"description", &s.description}, {"php_bin", &s.php_bin},         {"script", &s.script},
        {"pid_file", &s.pid_file},       {"log_file", &s.log_file},       {"user", &s.user},               {"group", &s.group},
        {"working_dir", &s.working_dir}, {"documentation", &s.documentation}, {"socket_unit", &s.socket_unit},
    };
    for (const auto &f : fields) {
        if (has_control(*f.second)) return std::string(f.first) + " holds a control character";
        if (!valid_utf8(*f.second)) return std::string(f.first) + " is not valid UTF-8";
        // systemd joins a line ending in a backslash with the next one: the value
        // would swallow the directive after it.
        if (!f.second->empty() && f.second->back() == '\\')
            return std::string(f.first) + " ends in a backslash, which systemd reads as a line continuation: " +
                   *f.second;
    }
    for (const std::string &a : s.php_args) {
        if (has_control(a)) return "php_args holds a control character";
        if (!valid_utf8(a)) return "php_args is not valid UTF-8";
    }
    if (s.run_directly && !normalized_absolute(s.script))
        return "a script run directly must be an absolute, normalized path: " + s.script;
    if (!normalized_absolute(s.php_bin)) return "php_bin must be an absolute, normalized path: " + s.php_bin;
    if (s.script.empty()) return "script is empty";
    if (!s.pid_file.empty() && !normalized_absolute(s.pid_file))
        return "pid_file must be an absolute, normalized path: " + s.pid_file;
    if (!s.log_file.empty() && !normalized_absolute(s.log_file))
        return "log_file must be an absolute, normalized path: " + s.log_file;
    if (!s.working_dir.empty() && !normalized_absolute(s.working_dir))
        return "working_dir must be an absolute, normalized path: " + s.working_dir;
    if (!is_root_identity(s.user) && !valid_user_or_group(s.user)) return "not a valid user name or uid: " + s.user;
    if (!is_root_identity(s.group) && !valid_user_or_group(s.group))
        return "not a valid group name or gid: " + s.group;
    std::size_t i = 0;
    const std::string &d = s.documentation;
    while (i < d.size()) {
        std::size_t sp = d.find(' ', i);
        if (sp == std::string::npos) sp = d.size();
        std::string_view uri(d.data() + i, sp - i);
        if (!uri.empty() && !valid_doc_uri(uri))
            return "documentation must be http(s)://, file:, info: or man: URIs: " + std::string(uri);
        i = sp + 1;
    }
    return {};
}

namespace {

std::string parent_dir(const std::string &path) {
    std::size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0) return "/";
    return path.substr(0, slash);
}

// A path in a space-separated list setting (ReadWritePaths=): specifiers are expanded
// there, environment variables are not.
std::string quote_path(const std::string &p) {
    bool plain = true;
    for (unsigned char c : p) plain = plain && is_systemd_safe(c);
    if (plain) return p;
    std::string r = "\"";
    for (char c : p) {
        if (c == '\\' || c == '"') r.push_back('\\');
        r.push_back(c);
        if (c == '%') r.push_back('%');
    }
    return r + "\"";
}

bool under(const std::string &path, const char *dir) {
    std::size_t n = std::char_traits<char>::length(dir);
    return path.compare(0, n, dir) == 0 && (path.size() == n || path[n] == '/');
}

}  // namespace

bool render_systemd_unit(const UnitSpec &s, std::string &out, std::string &err) {
    out.clear();
    err = check_unit_spec(s);
    if (!err.empty()) return false;

    std::string pid_file = s.pid_file;
    // /var/run is a symlink to /run wherever systemd runs, and systemd warns about every
    // unit that still names the legacy path.
    if (pid_file.compare(0, 9, "/var/run/") == 0) pid_file.erase(0, 4);

    out += "[Unit]\n";
    std::string desc = s.description.empty() ? "PHP daemon " + s.script : s.description;
    out += "Description=" + escape_percent(desc) + "\n";
    if (!s.documentation.empty()) out += "Documentation=" + escape_percent(s.documentation) + "\n";
    out += "After=network.target\n";
    if (!s.socket_unit.empty()) {
        // Its sockets come from there: started with it, and first.
        out += "Requires=" + s.socket_unit + "\n";
        out += "After=" + s.socket_unit + "\n";
    }
    // A start that can never succeed (a bad option, an unwritable log) is retried five
    // times, then the unit stays "failed" instead of restarting for ever.
    out += "StartLimitIntervalSec=120\n";
    out += "StartLimitBurst=5\n";
    out += "\n[Service]\n";
    // The daemon sees NOTIFY_SOCKET, stays in the foreground and sends READY=1 itself.
    out += "Type=notify\n";
    out += "NotifyAccess=main\n";
    // Log lines go to the journal with their priorities (journalctl -p err), and to a
    // log file only when the script names one (logLocation).
    out += "Environment=SYSTEM_DAEMON_LOG_JOURNAL=1\n";
    out += "ExecStart=";
    if (!s.run_directly) {
        out += systemd_quote_arg(s.php_bin) + " ";
        for (const std::string &a : s.php_args) out += systemd_quote_arg(a) + " ";
    }
    out += systemd_quote_arg(s.script) + "\n";
    // Through the shell's kill builtin: a minimal system has no /bin/kill (procps).
    out += "ExecReload=/bin/sh -c \"kill -HUP $$MAINPID\"\n";
    // No PIDFile=: systemd knows the main pid from the process it started (and from
    // MAINPID=). With PIDFile= a start that finds the app already running (exit 3)
    // would make systemd adopt that other daemon from the pid file, and remove the
    // file after the failed start.
    std::string pid_dir, log_dir = s.log_file.empty() ? std::string() : parent_dir(s.log_file);
    if (!pid_file.empty()) {
        pid_dir = parent_dir(pid_file);
        // A daemon started as User= cannot create its pid file's directory under /run;
        // systemd creates it for that user. Preserved after stop: another instance
        // (started by hand) may hold its pid file there.
        if (pid_file.compare(0, 5, "/run/") == 0) {
            std::size_t slash = pid_file.find('/', 5);
            if (slash != std::string::npos && slash > 5 && pid_file.find('/', slash + 1) == std::string::npos) {
                out += "RuntimeDirectory=" + escape_percent(pid_file.substr(5, slash - 5)) + "\n";
                out += "RuntimeDirectoryPreserve=yes\n";
            }
        }
    }
    if (!is_root_identity(s.user)) out += "User=" + s.user + "\n";
    if (!is_root_identity(s.group)) out += "Group=" + s.group + "\n";
    if (!s.working_dir.empty()) out += "WorkingDirectory=" + escape_percent(s.working_dir) + "\n";
    out += "Restart=on-failure\n";
    // The default 100 ms would spend the start limit in half a second.
    out += "RestartSec=5\n";
    // 3: already running (another instance holds the pid file). Restarting cannot help.
    out += "RestartPreventExitStatus=3\n";
    // SIGTERM to the daemon alone, which stops its own children; whatever is left
    // when the timeout ends gets SIGKILL. The same 30 s the init scripts give it.
    out += "KillMode=mixed\n";
    out += "TimeoutStopSec=30\n";
    if (s.watchdog_sec > 0) out += "WatchdogSec=" + std::to_string(s.watchdog_sec) + "\n";

    // "systemd-analyze security" rates this sandbox below 2 (OK).
    out += "\n# Sandbox: loosen with a drop-in (systemctl edit <name>), e.g. ReadWritePaths=/data\n";
    out += "NoNewPrivileges=yes\n";
    out += "CapabilityBoundingSet=\n";
    out += "ProtectSystem=strict\n";
    // '-': a directory that does not exist yet is no reason to refuse the start.
    std::vector<std::string> rw;
    for (const std::string &d : {pid_dir, log_dir})
        if (!d.empty() && d != "/" && std::find(rw.begin(), rw.end(), d) == rw.end()) rw.push_back(d);
    if (!rw.empty()) {
        out += "ReadWritePaths=";
        for (std::size_t i = 0; i < rw.size(); ++i) out += (i ? " -" : "-") + quote_path(rw[i]);
        out += "\n";
    }
    out += "ProtectHome=read-only\n";
    // A private /tmp would hide files the daemon is told to use there.
    bool uses_tmp = false;
    for (const std::string &p : {pid_file, s.log_file, s.working_dir, s.script})
        uses_tmp = uses_tmp || under(p, "/tmp") || under(p, "/var/tmp");
    if (!uses_tmp) out += "PrivateTmp=yes\n";
    out += "PrivateDevices=yes\n";
    out += "PrivateMounts=yes\n";
    out += "ProtectKernelTunables=yes\n";
    out += "ProtectKernelModules=yes\n";
    out += "ProtectKernelLogs=yes\n";
    out += "ProtectControlGroups=yes\n";
    out += "ProtectClock=yes\n";
    out += "ProtectHostname=yes\n";
    out += "ProtectProc=invisible\n";
    out += "RestrictNamespaces=yes\n";
    out += "RestrictRealtime=yes\n";
    out += "RestrictSUIDSGID=yes\n";
    out += "LockPersonality=yes\n";
    if (!is_root_identity(s.user)) out += "RemoveIPC=yes\n";
    out += "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n";
    out += "SystemCallArchitectures=native\n";
    out += "SystemCallFilter=@system-service\n";
    out += "SystemCallFilter=~@privileged @resources\n";
    // A refused system call fails with EPERM instead of killing the daemon.
    out += "SystemCallErrorNumber=EPERM\n";
    // No MemoryDenyWriteExecute=: PHP's PCRE JIT maps writable, executable memory.
    out += "\n[Install]\n";
    out += "WantedBy=multi-user.target\n";
    return true;
}

bool render_socket_unit(const std::string &description, const std::string &listen, const std::string &fd_name,
                        std::string &out, std::string &err) {
    out.clear();
    if (fd_name.empty() || fd_name.size() > 255 || fd_name.find(':') != std::string::npos) {
        err = "a socket name must be 1-255 characters without ':': " + fd_name;
        return false;
    }
    for (unsigned char c : fd_name)
        if (c <= 0x20 || c >= 0x7f) {
            err = "a socket name must be printable ASCII without blanks: " + fd_name;
            return false;
        }
    if (has_control(description) || !valid_utf8(description)) {
        err = "the description holds a control character or is not valid UTF-8";
        return false;
    }
    std::vector<std::string> addrs;
    std::size_t i = 0;
    while (i < listen.size()) {
        if (listen[i] == ' ') {
            ++i;
            continue;
        }
        std::size_t sp = listen.find(' ', i);
        if (sp == std::string::npos) sp = listen.size();
        std::string a = listen.substr(i, sp - i);
        for (unsigned char c : a) {
            if (c < 0x21 || c >= 0x7f || c == '"' || c == '\\' || c == '\'') {
                err = "a listen address holds a control, blank, quote, backslash or non-ASCII character: " + a;
                return false;
            }
        }
        if (a[0] == '/' ? !normalized_absolute(a) : a[0] == '@' ? a.size() < 2 : a.find('/') != std::string::npos) {
            err = "not a port, an address:port, an absolute path or an @name: " + a;
            return false;
        }
        addrs.push_back(a);
        i = sp;
    }
    if (addrs.empty()) {
        err = "no address to listen on";
        return false;
    }
    out += "[Unit]\n";
    out += "Description=" + escape_percent(description.empty() ? fd_name : description) + " (listening sockets)\n";
    out += "\n[Socket]\n";
    for (const std::string &a : addrs) out += "ListenStream=" + escape_percent(a) + "\n";
    out += "FileDescriptorName=" + fd_name + "\n";
    out += "\n[Install]\n";
    out += "WantedBy=sockets.target\n";
    return true;
}

std::string render_systemd_unit(const UnitSpec &spec) {
    std::string out, err;
    render_systemd_unit(spec, out, err);
    return out;
}

bool render_logrotate(const std::string &log_path, const std::string &pid_file, std::string &out,
                      std::string &err) {
    out.clear();
    for (const std::string *p : {&log_path, &pid_file}) {
        if (p->empty() || (*p)[0] != '/') {
            err = "not an absolute path: " + *p;
            return false;
        }
        if (has_control(*p) || p->find('"') != std::string::npos) {
            err = "a path for logrotate cannot hold a control character or a double quote: " + *p;
            return false;
        }
    }
    const std::string pid = shell_quote(pid_file);
    out += "\"" + log_path + "\" {\n";
    out += "\tweekly\n";
    out += "\trotate 4\n";
    out += "\tcompress\n";
    out += "\tdelaycompress\n";
    out += "\tmissingok\n";
    out += "\tnotifempty\n";
    // Same owner and mode as the rotated file: the daemon may run as another user.
    out += "\tcreate\n";
    out += "\tpostrotate\n";
    // HUP makes the daemon reopen its log; a stopped daemon is no rotation failure.
    // Only a root-owned pid file holding one positive pid is believed: the daemon user
    // must not pick what root signals ("-1" would be every process). And only a pid
    // that holds the file open: the daemon can write into it through its descriptor.
    out += "\t\tif [ -f " + pid + " ] && [ ! -L " + pid + " ] && [ \"$(stat -c %u " + pid +
           ")\" = 0 ]; then p=$(cat " + pid + "); case \"$p\" in ''|0*|*[!0-9]*) ;; *) for f in /proc/$p/fd/*; do "
           "if [ \"$f\" -ef " + pid + " ]; then kill -HUP \"$p\" 2>/dev/null; break; fi; done ;; esac; fi; true\n";
    out += "\tendscript\n";
    out += "}\n";
    return true;
}

std::string render_logrotate(const std::string &log_path, const std::string &pid_file) {
    std::string out, err;
    render_logrotate(log_path, pid_file, out, err);
    return out;
}

}  // namespace sd
