#!/bin/bash
# Runs inside a container whose PID 1 is systemd (.ci/systemd.sh boots it), as root,
# with the extension loaded by the container's PHP. Every daemon here runs from the
# unit that System_Daemon::writeAutoRun() writes, as a user would get it. Exits
# non-zero when any check fails; every wait is bounded.
set -uo pipefail

base=/srv/sdci
failures=0
checks=0

pass() { checks=$((checks + 1)); printf 'ok   %s\n' "$*"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); printf 'FAIL %s\n' "$*"; }
# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() { local d=$1; shift; if "$@"; then pass "$d"; else fail "$d"; fi; }

prop() { systemctl show -p "$2" --value "$1.service"; }
# until SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds or time is up.
until_ok() {
  local end=$((SECONDS + $1)); shift
  while ! "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.2
  done
}
is_state() { [ "$(prop "$1" ActiveState)" = "$2" ]; }
journal_has() { journalctl -q --no-pager -u "$1.service" | grep -qF -- "$2"; }
# What went wrong, for the CI log.
explain() {
  systemctl status --no-pager -n 0 "$1.service" 2>&1 | sed 's/^/    | /'
  journalctl -q --no-pager -u "$1.service" | tail -n 15 | sed 's/^/    | /'
  [ -f "$base/$1/$1.log" ] && tail -n 10 "$base/$1/$1.log" | sed 's/^/    log| /'
  return 0
}

# app NAME OPTIONS BODY: writes $base/NAME/NAME.php, a daemon script whose options are
# the common ones plus OPTIONS (PHP array items), and whose code after the options is
# BODY; then writes its unit with writeAutoRun() (as root, like an admin would) and
# loads it. {DIR} in BODY is the app's directory.
app() {
  local name=$1 opts=$2 body=$3 dir=$base/$1
  mkdir -p "$dir"
  cat > "$dir/$name.php" <<EOF
<?php
System_Daemon::setOptions(array(
    'appName' => '$name',
    'appDir' => '$dir',
    'appExecutable' => '$name.php',
    'appDescription' => 'system_daemon CI check $name',
    'authorName' => 'CI',
    'authorEmail' => 'ci@example.org',
    'logLocation' => '$dir/$name.log',
    'runAutoRunType' => 'systemd',
    'runAutoRunDir' => '/etc/systemd/system',
    $opts
));
if ((\$argv[1] ?? '') === '--write-unit') {
    \$r = System_Daemon::writeAutoRun(true);
    exit(is_string(\$r) ? 0 : 1);
}
${body//\{DIR\}/$dir}
EOF
  chmod 755 "$dir/$name.php"
  if ! php "$dir/$name.php" --write-unit >/dev/null 2>"$dir/write.err"; then
    echo "writeAutoRun() failed for $name:"; sed 's/^/    | /' "$dir/write.err"
    return 1
  fi
  systemctl daemon-reload
}

# The loop of a well-behaved daemon: a line per half second, a shutdown function
# that leaves a mark, and a hang on request (for the watchdog).
LOOP='register_shutdown_function(function () { file_put_contents("{DIR}/shutdown", "ran"); });
System_Daemon::start();
System_Daemon::err("an error line");
while (!System_Daemon::isDying()) {
    if (is_file("{DIR}/hang")) {
        unlink("{DIR}/hang");
        for (;;) { usleep(100000); }
    }
    System_Daemon::info("tick");
    System_Daemon::iterate(0.5);
}
System_Daemon::stop();'

mkdir -p "$base"
chmod 755 "$base"

echo "== readiness: systemctl start returns after READY=1"
app ready "'appPidLocation' => '/run/ready/ready.pid'," \
  'sleep(2); file_put_contents("{DIR}/before-start", "x");
'"$LOOP" || fail "ready: unit written"
t0=$SECONDS
if systemctl start ready.service; then
  check "start returned after the 2 s the script takes before start()" test -f "$base/ready/before-start"
  check "active once start returned" is_state ready active
  check "MainPID is the pid in the pid file" test "$(prop ready MainPID)" = "$(cat /run/ready/ready.pid 2>/dev/null)"
  check "journalctl -p err shows the daemon's err line" until_ok 5 sh -c 'journalctl -q --no-pager -u ready.service -p err | grep -q "an error line"'
  check "... and not its info lines" sh -c '! journalctl -q --no-pager -u ready.service -p err | grep -q tick'
  check "the named log file is still written" grep -q "an error line" "$base/ready/ready.log"
else
  fail "systemctl start ready (after $((SECONDS - t0)) s)"; explain ready
fi

echo "== reload: HUP reopens the log"
if is_state ready active; then
  mv "$base/ready/ready.log" "$base/ready/ready.log.1"
  if systemctl reload ready.service; then
    check "a new log file is written after reload" until_ok 10 grep -q tick "$base/ready/ready.log"
    check "still active after reload" is_state ready active
  else
    fail "systemctl reload ready"; explain ready
  fi
fi

echo "== stop: exit 0, pid file gone, shutdown functions ran"
if is_state ready active; then
  if systemctl stop ready.service; then
    check "Result=success" test "$(prop ready Result)" = success
    check "exit status 0" test "$(prop ready ExecMainStatus)" = 0
    check "pid file removed" test ! -e /run/ready/ready.pid
    check "shutdown function ran" test -f "$base/ready/shutdown"
  else
    fail "systemctl stop ready"; explain ready
  fi
else
  fail "stop: the daemon was not running"
fi

echo "== deferred readiness: start waits for ready()"
app deferred "'appPidLocation' => '/run/deferred/deferred.pid', 'appDeferReady' => true," \
  'System_Daemon::start();
sleep(2);
file_put_contents("{DIR}/before-ready", "x");
System_Daemon::ready("serving");
while (!System_Daemon::isDying()) { System_Daemon::iterate(0.5); }
System_Daemon::stop();' || fail "deferred: unit written"
if systemctl start deferred.service; then
  check "start returned only after ready() was called" test -f "$base/deferred/before-ready"
  check "StatusText is ready()'s status" test "$(prop deferred StatusText)" = serving
  systemctl stop deferred.service
else
  fail "systemctl start deferred"; explain deferred
fi

echo "== watchdog: a hung loop is killed and restarted"
app watchdog "'appPidLocation' => '/run/watchdog/watchdog.pid', 'runWatchdogSec' => 2," "$LOOP" \
  || fail "watchdog: unit written"
if systemctl start watchdog.service; then
  old=$(prop watchdog MainPID)
  touch "$base/watchdog/hang"
  restarted() { is_state watchdog active && [ "$(prop watchdog MainPID)" != "$old" ] && [ "$(prop watchdog MainPID)" != 0 ]; }
  check "the watchdog killed the hung daemon and it was restarted" until_ok 40 restarted
  check "the journal says it was the watchdog" journal_has watchdog "Watchdog timeout"
  check "NRestarts counts it" test "$(prop watchdog NRestarts)" -ge 1
  systemctl stop watchdog.service
else
  fail "systemctl start watchdog"; explain watchdog
fi

echo "== watchdog: a daemon sleeping longer than WatchdogSec in iterate() is not killed"
app sleeper "'appPidLocation' => '/run/sleeper/sleeper.pid', 'runWatchdogSec' => 2," \
  'System_Daemon::start();
while (!System_Daemon::isDying()) { System_Daemon::iterate(5); }
System_Daemon::stop();' || fail "sleeper: unit written"
if systemctl start sleeper.service; then
  pid=$(prop sleeper MainPID)
  sleep 8
  check "still the same daemon after 8 s of iterate(5) with WatchdogSec=2" test "$(prop sleeper MainPID)" = "$pid"
  check "no watchdog restart" test "$(prop sleeper NRestarts)" = 0
  systemctl stop sleeper.service
else
  fail "systemctl start sleeper"; explain sleeper
fi

echo "== a start that cannot open its log fails, with the reason in the journal"
app badlog "'appPidLocation' => '/run/badlog/badlog.pid'," "$LOOP" || fail "badlog: unit written"
rm -f "$base/badlog/badlog.log"
mkdir -p "$base/badlog/badlog.log"   # a directory: cannot be opened as the log
if systemctl start badlog.service 2>/dev/null; then
  fail "systemctl start badlog succeeded"
else
  pass "systemctl start badlog failed"
fi
check "the reason is in journalctl -u" until_ok 5 journal_has badlog "badlog.log"
# Restart=on-failure retries, but a start limit ends it: 5 starts 5 s apart.
check "after its start limit the unit stays failed" until_ok 60 is_state badlog failed
sleep 6   # past RestartSec: a failed unit is not restarted any more
check "still failed after RestartSec, after $(prop badlog NRestarts) restarts (Result=$(prop badlog Result))" is_state badlog failed
check "it was restarted (Restart=on-failure) before it gave up" test "$(prop badlog NRestarts)" -ge 3
systemctl stop badlog.service 2>/dev/null
systemctl reset-failed badlog.service 2>/dev/null

echo "== a start that finds the app running (started by hand) fails at once"
app twice "'appPidLocation' => '/run/twice/twice.pid'," "$LOOP" || fail "twice: unit written"
if php "$base/twice/twice.php" >/dev/null 2>&1; then
  hand=$(cat /run/twice/twice.pid)
  t0=$SECONDS
  if systemctl start twice.service 2>/dev/null; then
    fail "systemctl start twice succeeded next to the hand-started daemon"
  else
    check "systemctl start failed within 10 s (took $((SECONDS - t0)) s)" test $((SECONDS - t0)) -lt 10
  fi
  check "the journal says it is already running" until_ok 5 journal_has twice "already running as pid $hand"
  check "the unit is failed, not restarting" is_state twice failed
  sleep 6   # past RestartSec: nothing may have been restarted in the meantime
  check "the hand-started daemon keeps its pid file" test "$(cat /run/twice/twice.pid 2>/dev/null)" = "$hand"
  check "the hand-started daemon is still running" test "$(awk '{ print $3 }' "/proc/$hand/stat" 2>/dev/null)" = S
  check "no second daemon was started" test "$(prop twice MainPID)" = 0
  kill -TERM "$hand"
  until_ok 10 test ! -e "/proc/$hand" || kill -KILL "$hand"
  systemctl reset-failed twice.service 2>/dev/null
else
  fail "starting twice.php by hand"
fi

echo "== socket activation: the .socket unit, listenSockets(), the socket kept across a restart"
app echo "'appPidLocation' => '/run/echo/echo.pid', 'runListenStream' => '127.0.0.1:7777'," \
  '$s = System_Daemon::listenSockets();
System_Daemon::start();
while (!System_Daemon::isDying()) {
    $r = array($s["echo"]); $w = $e = null;
    if (@stream_select($r, $w, $e, 0, 200000) && ($c = @stream_socket_accept($s["echo"], 1))) {
        fwrite($c, getmypid() . " " . fgets($c));
        fclose($c);
    }
    System_Daemon::iterate(0);
}
System_Daemon::stop();' || fail "echo: unit written"
ask() { php -r '$c = @stream_socket_client("tcp://127.0.0.1:7777", $en, $es, 20); if (!$c) exit(1); fwrite($c, "hello\n"); echo trim((string)fgets($c));'; }
check "writeAutoRun() wrote echo.socket" test -f /etc/systemd/system/echo.socket
if systemctl start echo.socket; then
  check "the service is not running before the first connection" is_state echo inactive
  reply=$(ask)
  pid=$(prop echo MainPID)
  check "the first connection started the service, which answered ($reply)" test "$reply" = "$pid hello"
  # The daemon goes away and comes back; connections meanwhile wait in systemd's socket.
  systemctl restart --no-block echo.service
  reply=$(ask)
  pid2=$(prop echo MainPID)
  check "answered across systemctl restart by the new daemon ($reply)" test "$reply" = "$pid2 hello" -a "$pid2" != "$pid"
  systemctl stop echo.service echo.socket
else
  fail "systemctl start echo.socket"; explain echo
fi

echo "== a pool (appWorkers => 2): READY=1 once both workers run, stop leaves nothing"
app pool "'appPidLocation' => '/run/pool/pool.pid', 'appWorkers' => 2," \
  'System_Daemon::start();
file_put_contents("{DIR}/gen." . System_Daemon::workerId(), "gen1");
file_put_contents("{DIR}/up." . System_Daemon::workerId(), getmypid());
while (!System_Daemon::isDying()) { System_Daemon::iterate(0.5); }
System_Daemon::stop();' || fail "pool: unit written"
# The pids of a process's children, from /proc (ps is not in a minbase container).
kids() { local f; for f in /proc/[0-9]*/stat; do awk -v p="$1" '{ sub(/.*\) /, ""); if ($2 == p) print FILENAME }' "$f" 2>/dev/null; done | sed 's,/proc/\([0-9]*\)/stat,\1,' | sort; }
if systemctl start pool.service; then
  master=$(prop pool MainPID)
  check "MainPID is the master, the pid in the pid file" test "$master" = "$(cat /run/pool/pool.pid 2>/dev/null)"
  check "both workers had reached their loop when start returned" test -f "$base/pool/up.0" -a -f "$base/pool/up.1"
  workers=$(printf '%s\n%s\n' "$(cat "$base/pool/up.0" 2>/dev/null)" "$(cat "$base/pool/up.1" 2>/dev/null)" | sort)
  check "the master's children are the 2 workers ($(kids "$master" | tr '\n' ' '))" test "$(kids "$master")" = "$workers"
  check "StatusText is the master's ($(prop pool StatusText))" test "$(prop pool StatusText)" = "2 workers running"
  # A deploy: new code, USR2 to the main process; the same MainPID runs it.
  sed -i 's/"gen1"/"gen2"/' "$base/pool/pool.php"
  systemctl kill -s USR2 --kill-whom=main pool.service
  new_code() { [ "$(cat "$base/pool/gen.0" "$base/pool/gen.1" 2>/dev/null)" = "gen2gen2" ]; }
  check "USR2: both workers run the new code" until_ok 15 new_code
  check "USR2: MainPID is still the master ($(prop pool MainPID))" test "$(prop pool MainPID)" = "$master"
  check "USR2: the unit stayed active" is_state pool active
  old_gone() { for p in $workers; do [ -d "/proc/$p" ] && ! grep -q '^State:.*Z' "/proc/$p/status" && return 1; done; return 0; }
  check "USR2: the old workers ended" until_ok 10 old_gone
  check "USR2: the pid file names the master" test "$master" = "$(cat /run/pool/pool.pid 2>/dev/null)"
  check "USR2: StatusText ($(prop pool StatusText))" test "$(prop pool StatusText)" = "2 workers running"
  workers=$(printf '%s\n%s\n' "$(cat "$base/pool/up.0" 2>/dev/null)" "$(cat "$base/pool/up.1" 2>/dev/null)" | sort)
  check "USR2: the master's children are the 2 new workers" test "$(kids "$master")" = "$workers"
  cg=/sys/fs/cgroup$(prop pool ControlGroup)
  if systemctl stop pool.service; then
    check "inactive after stop, not failed" is_state pool inactive
    check "Result=success" test "$(prop pool Result)" = success
    check "no process of the unit is left" sh -c "[ ! -e '$cg/cgroup.procs' ] || [ -z \"\$(cat '$cg/cgroup.procs')\" ]"
    check "the workers are gone" sh -c "for p in $(echo $workers); do ! kill -0 \$p 2>/dev/null || exit 1; done"
    check "the workers ended the graceful way (none killed)" sh -c "grep -q 'Worker 0 (pid .*) ended normally' '$base/pool/pool.log' && grep -q 'Worker 1 (pid .*) ended normally' '$base/pool/pool.log' && ! grep -q 'killed by' '$base/pool/pool.log'"
    check "pid file removed" test ! -e /run/pool/pool.pid
  else
    fail "systemctl stop pool"; explain pool
  fi
else
  fail "systemctl start pool"; explain pool
fi

useradd --system --no-create-home --shell /usr/sbin/nologin sdciuser
uid=$(id -u sdciuser)
gid=$(id -g sdciuser)
# user_unit NAME EXTRA_OPTIONS LOG_CHECK...: a daemon for appRunAsUID sdciuser with the
# default appPidLocation (/var/run/NAME/...: not there on this fresh system), its unit
# written by writeAutoRun() as root, started and stopped; LOG_CHECK is where its lines
# must show up.
user_unit() {
  local name=$1 opts=$2 pid; shift 2
  mkdir -p "$base/$name"
  cat > "$base/$name/$name.php" <<PHP
<?php
System_Daemon::setOptions(array(
    'appName' => '$name',
    'appDir' => '$base/$name',
    'appExecutable' => '$name.php',
    'appDescription' => 'system_daemon CI check $name',
    'authorName' => 'CI',
    'authorEmail' => 'ci@example.org',
    'appRunAsUID' => $uid,
    'appRunAsGID' => $gid,
    'runAutoRunType' => 'systemd',
    'runAutoRunDir' => '/etc/systemd/system',
    $opts
));
if ((\$argv[1] ?? '') === '--write-unit') {
    \$r = System_Daemon::writeAutoRun(true);
    exit(is_string(\$r) ? 0 : 1);
}
System_Daemon::start();
while (!System_Daemon::isDying()) { System_Daemon::info("tick"); System_Daemon::iterate(0.5); }
System_Daemon::stop();
PHP
  chmod 755 "$base/$name/$name.php"
  if ! php "$base/$name/$name.php" --write-unit >/dev/null 2>"$base/$name/write.err"; then
    fail "writeAutoRun() as root for appRunAsUID=$uid"; sed 's/^/    | /' "$base/$name/write.err"
    return
  fi
  pass "writeAutoRun() as root for appRunAsUID=$uid"
  systemctl daemon-reload
  if systemctl start "$name.service"; then
    pass "systemctl start $name"
    pid=$(prop "$name" MainPID)
    check "the daemon runs as uid $uid" test "$(awk '$1 == "Uid:" { print $2 }' "/proc/$pid/status" 2>/dev/null)" = "$uid"
    if until_ok 5 "$@"; then
      pass "its lines reach: $*"
    else
      fail "its lines reach: $*"; explain "$name"
      ls -l "/var/log/$name.log" 2>&1 | sed 's/^/    | /'
    fi
    systemctl stop "$name.service"
    check "it stopped cleanly" test "$(prop "$name" Result)" = success
  else
    fail "systemctl start $name"; explain "$name"
    ls -l "/var/log/$name.log" 2>&1 | sed 's/^/    | /'
  fi
}

echo "== the User= unit written by writeAutoRun() as root, default paths: log to the journal"
user_unit usersvc "" journal_has usersvc tick

echo "== the same with a log file the script names in /var/log"
user_unit userfile "'logLocation' => '/var/log/userfile.log'," grep -q tick /var/log/userfile.log

echo "== $checks checks, $failures failed"
[ "$failures" = 0 ]
