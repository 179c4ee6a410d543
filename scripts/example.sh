#!/bin/sh
# Starts the example log parser as a real daemon from the freshly built module,
# feeds it a few lines, shows its pid file and its log, then stops it with SIGTERM
# the way an init script would.
set -eu
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/system_daemon_example.XXXXXX)
php="php -n -d extension=$(pwd)/modules/system_daemon.so"
: > "$dir/watched.log"

echo "\$ php examples/logparser.php --dir $dir --watch $dir/watched.log"
$php examples/logparser.php --dir "$dir" --watch "$dir/watched.log"
echo "(launcher exit status $?: the daemon is ready)"

pid=$(cat "$dir/logparser.pid")
echo
echo "pid file $dir/logparser.pid: $pid ($(stat -c '%U:%G %a' "$dir/logparser.pid"))"
ps -o pid,ppid,sid,tty,user,args -p "$pid"

printf 'ok\nerror: disk full\nok\nERROR again\n' >> "$dir/watched.log"
sleep 2

kill -TERM "$pid"
i=0
while [ -e "$dir/logparser.pid" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ ! -e "$dir/logparser.pid" ] || { echo "the daemon did not stop" >&2; exit 1; }

echo
echo "log $dir/logparser.log:"
cat "$dir/logparser.log"
rm -rf "$dir"
