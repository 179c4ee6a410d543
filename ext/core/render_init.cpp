#include "core/render_init.h"

#include "core/render_text.h"

#include <cstddef>
#include <string>

namespace sd {

namespace {

// Debian and Ubuntu: an LSB script on lsb-base's init-functions and start-stop-daemon.
// The running process is the PHP binary, and /usr/bin/php is usually a chain of
// symlinks (alternatives), so the daemon is found through its pid file alone; --startas
// names what to run without making start-stop-daemon match on it. The pid file is
// root-owned, which start-stop-daemon requires before it trusts a pid file alone.
// The init scripts' one test of the pid file before root signals what it names: the
// The variables every built-in init script starts from, in place of
// @daemon_variables@: one text, so the three scripts cannot drift apart.
const char kDaemonVariables[] = R"SH(NAME=@name@
DESC=@desc@
DAEMON=@bin_file@
PIDFILE=@pid_file@
# The command that starts the daemon, as shell words: DAEMON itself when it is an
# executable with a #! line, else the PHP binary with the -n/-c/-d settings of the PHP
# that wrote this script, then DAEMON.
RUN_CMD=@run_cmd@
)SH";

// Debian, RedHat and Arch templates take it in place of @pidfile_check_function@
// (builtin_template()), so that there is one text to review, not three.
const char kPidfileCheck[] = R"SH(# The pid file is believed only when nothing but root can have put it there and it
# holds one positive pid of a process that holds the file open (PID then names it).
# Its name is looked up one directory at a time, links followed here: every directory
# a name is looked up in must be root's and writable by root alone (sticky ones aside,
# whose root-owned entries nobody else can rename; a link in one counts only when it is
# root's), otherwise the daemon user could swap the name between two looks at it, or
# point a link of theirs at another daemon's pid file. The file is then looked at once
# without following a link (stat without -L gives its owner, type and identity) and
# read once without following one (dd iflag=nofollow).
# Returns 0 for such a file, 1 when there is none or it names no pid or none holding it
# (a leftover, which pidfile_remove may remove), 2 when it is refused, saying why.
# PIDFILE_AT is the pid file's name under its directory, without links.
pidfile_check() {
	PID=
	PIDFILE_AT=
	pf_refuse() {
		echo "$NAME: refusing pid file $PIDFILE: $1; nothing signalled" >&2
		return 2
	}
	case "$PIDFILE" in
		/*[!/]) ;;
		*) pf_refuse "not an absolute file name"; return 2 ;;
	esac
	# pf_dir: the directory reached so far ("" is /), checked; pf_rest: what is left.
	pf_dir=
	pf_rest=${PIDFILE%/*}
	pf_links=0
	pf_open=0
	pf_next=/
	while :; do
		pf_st=$(stat -c '%u %a %F' -- "$pf_next" 2>/dev/null) || return 1
		case "$pf_st" in
			*" symbolic link")
				if [ "$pf_open" = 1 ] && [ "${pf_st%% *}" != 0 ]; then
					pf_refuse "$pf_next is a symbolic link owned by uid ${pf_st%% *}"
					return 2
				fi
				pf_links=$((pf_links + 1))
				if ! pf_t=$(readlink -- "$pf_next") || [ -z "$pf_t" ] || [ "$pf_links" -gt 40 ]; then
					pf_refuse "cannot follow the symbolic link $pf_next"
					return 2
				fi
				case "$pf_t" in
					/*) pf_dir= ;;
				esac
				pf_rest=$pf_t/$pf_rest
				pf_next=${pf_dir:-/}
				continue ;;
			"0 "*" directory") ;;
			*) pf_refuse "$pf_next is not a directory owned by root"; return 2 ;;
		esac
		pf_mode=${pf_st#* }
		pf_mode=${pf_mode%% *}
		if [ $(((0$pf_mode & 022) != 0 && (0$pf_mode & 01000) == 0)) = 1 ]; then
			pf_refuse "$pf_next is writable by others than root"
			return 2
		fi
		pf_open=$(((0$pf_mode & 022) != 0))
		[ "$pf_next" = / ] || pf_dir=$pf_next
		# The next component that names something; ".." goes back to the parent (pf_dir
		# holds no link), looked at again as the directory the next name is in.
		pf_c=
		while [ -z "$pf_c" ] && [ -n "$pf_rest" ]; do
			pf_c=${pf_rest%%/*}
			case "$pf_rest" in
				*/*) pf_rest=${pf_rest#*/} ;;
				*) pf_rest= ;;
			esac
			[ "$pf_c" = . ] && pf_c=
		done
		[ -n "$pf_c" ] || break
		if [ "$pf_c" = .. ]; then
			pf_dir=${pf_dir%/*}
			pf_next=${pf_dir:-/}
		else
			pf_next=$pf_dir/$pf_c
		fi
	done
	PIDFILE_AT=${pf_dir%/}/${PIDFILE##*/}
	pf_st=$(stat -c '%u %d:%i %F' -- "$PIDFILE_AT" 2>/dev/null) || return 1
	case "$pf_st" in
		"0 "*" regular file"|"0 "*" regular empty file") ;;
		*) pf_refuse "not a regular file owned by root"; return 2 ;;
	esac
	pf_id=${pf_st#0 }
	pf_id=${pf_id%% *}
	PID=$(dd if="$PIDFILE_AT" iflag=nofollow,nonblock bs=64 count=1 2>/dev/null)
	case "$PID" in
		''|0*|*[!0-9]*) PID=; return 1 ;;
	esac
	# Held open: one of its descriptors is this file (-L follows the descriptor's link).
	for f in /proc/"$PID"/fd/*; do
		[ "$(stat -L -c %d:%i -- "$f" 2>/dev/null)" = "$pf_id" ] && return 0
	done
	PID=
	return 1
}

# Removes the pid file pidfile_check found stale, by its resolved name only.
pidfile_remove() {
	[ -n "$PIDFILE_AT" ] && rm -f -- "$PIDFILE_AT"
}
)SH";

// RedHat's and Arch's stop, by the pid pidfile_check read (killproc -p would read the
// file again, and Arch's functions have no pid-file control).
const char kStopPid[] = R"SH(# TERM, up to 30 seconds to exit, then KILL and 5 seconds more. 0 once it is gone.
stop_pid() {
	kill -TERM "$1" 2>/dev/null || return 0
	sp_i=0
	while [ -d "/proc/$1" ] && [ "$sp_i" -lt 300 ]; do
		sp_i=$((sp_i + 1))
		sleep 0.1
	done
	[ -d "/proc/$1" ] || return 0
	kill -KILL "$1" 2>/dev/null
	sp_i=0
	while [ -d "/proc/$1" ] && [ "$sp_i" -lt 50 ]; do
		sp_i=$((sp_i + 1))
		sleep 0.1
	done
	[ ! -d "/proc/$1" ]
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
@daemon_variables@

# shellcheck source=/dev/null
[ -r "/etc/default/$NAME" ] && . "/etc/default/$NAME"
[ -r /lib/init/vars.sh ] && . /lib/init/vars.sh
. /lib/lsb/init-functions

@pidfile_check_function@

# Returns 0 when started, 1 when it was already running, 2 when it failed; STATUS then
# holds the status to exit with.
do_start()
{
	# The positional parameters are RUN_CMD's words, never the caller's.
	set --
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
		1) pidfile_remove; return 1 ;;
		2) return 2 ;;
	esac
	start-stop-daemon --stop --quiet --retry=TERM/30/KILL/5 --pid "$PID"
	RETVAL=$?
	case "$RETVAL" in
		0|1)
			# A clean exit removes the pid file; after a KILL or a crash the
			# stale file goes here, before its pid can be reused by a stranger.
			pidfile_remove
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

@daemon_variables@
# rc only stops, at shutdown, the services that hold their subsys lock.
LOCKFILE="/var/lock/subsys/$NAME"
RETVAL=0

# shellcheck source=/dev/null
[ -r "/etc/sysconfig/$NAME" ] && . "/etc/sysconfig/$NAME"

@pidfile_check_function@
@stop_pid_function@

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
		1) pidfile_remove; echo; rm -f "$LOCKFILE"; RETVAL=0; return 0 ;;
		2) echo; RETVAL=1; return 1 ;;
	esac
	if stop_pid "$PID"; then
		pidfile_remove
		rm -f "$LOCKFILE"
		success
		RETVAL=0
	else
		failure
		RETVAL=1
	fi
	echo
	return $RETVAL
}

reload() {
	echo -n "Reloading $DESC: "
	if ! pidfile_check; then
		echo
		RETVAL=7
		return $RETVAL
	fi
	kill -HUP "$PID"
	RETVAL=$?
	[ $RETVAL -eq 0 ] && success || failure
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

@daemon_variables@

# shellcheck source=/dev/null
[ -r "/etc/conf.d/$NAME" ] && . "/etc/conf.d/$NAME"

@pidfile_check_function@

# Prints the daemon's pid; fails when no live process has the pid in the pid file.
running_pid() {
	pidfile_check 2>/dev/null || return 1
	echo "$PID"
}

@stop_pid_function@

# 0 once it is gone (or was not running), 1 when it would not die or the pid file was
# refused.
stop_daemon() {
	pidfile_check
	case "$?" in
		1) pidfile_remove; return 0 ;;
		2) return 1 ;;
	esac
	stop_pid "$PID" || return 1
	pidfile_remove
	return 0
}

case "$1" in
	start)
		stat_busy "Starting $DESC"
		if running_pid >/dev/null; then
			stat_done
			exit 0
		fi
		cmd=()
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

bool on_comment_line(std::string_view tpl, std::size_t pos)
{
    std::size_t start = tpl.rfind('\n', pos);
    start = (start == std::string_view::npos) ? 0 : start + 1;
    while (start < pos && (tpl[start] == ' ' || tpl[start] == '\t')) ++start;
    return start < tpl.size() && tpl[start] == '#';
}

// The built-in templates hold one copy of pidfile_check(), stop_pid() and the daemon
// variables each, from one text.
std::string with_pidfile_check(const char *tpl)
{
    std::string t(tpl);
    for (auto [marker, text] : {std::pair<std::string_view, const char *>{"@pidfile_check_function@\n", kPidfileCheck},
                                {"@stop_pid_function@\n", kStopPid},
                                {"@daemon_variables@\n", kDaemonVariables}}) {
        std::string::size_type at = t.find(marker);
        if (at != std::string::npos) t.replace(at, marker.size(), text);
    }
    return t;
}

}  // namespace

const char *pidfile_check_sh()
{
    return kPidfileCheck;
}

const char *builtin_template(std::string_view os)
{
    // Built once; the pointers stay valid for the process's life.
    static const std::string debian = with_pidfile_check(kDebian), redhat = with_pidfile_check(kRedHat),
                             arch = with_pidfile_check(kArch);
    if (os == "Debian" || os == "Ubuntu") return debian.c_str();
    if (os == "RedHat" || os == "Fedora") return redhat.c_str();
    if (os == "Arch") return arch.c_str();
    return nullptr;
}

bool render_init_script(std::string_view tpl, const std::map<std::string, std::string> &vars, InitQuoting quoting,
                        std::string &out, std::string &err)
{
    bool ok =
        substitute_placeholders(tpl, vars, out, [&](const std::string &key, const std::string &value, std::size_t at) {
            for (char c : value) {
                if (c == '\n' || c == '\r' || c == '\0') {
                    err = "the value for @" + key +
                          "@ holds a line break or a NUL byte, which an init script cannot take";
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

}  // namespace sd
