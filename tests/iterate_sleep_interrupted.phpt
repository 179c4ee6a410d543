--TEST--
iterate(): int and float seconds, sleeps the full time without signals, returns early for a handled signal, refuses negative values
--EXTENSIONS--
system_daemon
--FILE--
<?php
function timed(callable $f): float { $t = microtime(true); $f(); return microtime(true) - $t; }

$t = timed(function () { var_dump(System_Daemon::iterate(0.05)); });
echo "float 0.05 slept: ", $t >= 0.05 && $t < 0.5 ? "ok" : "no ($t)", "\n";
$t = timed(function () { var_dump(System_Daemon::iterate(1)); });
echo "int 1 slept: ", $t >= 1.0 && $t < 1.5 ? "ok" : "no ($t)", "\n";
$t = timed(function () { var_dump(System_Daemon::iterate()); });
echo "no argument: ", $t < 0.05 ? "at once" : "slept ($t)", "\n";
$t = timed(function () { var_dump(System_Daemon::iterate(-3)); });
echo "negative: ", $t < 0.05 ? "at once" : "slept ($t)", "\n";

System_Daemon::setSigHandler(SIGUSR1, function ($signo) { echo "handler ran\n"; });
exec('(sleep 0.2; kill -USR1 ' . getmypid() . ') > /dev/null 2>&1 &');
$t = timed(function () { var_dump(System_Daemon::iterate(5)); });
echo "woken by SIGUSR1: ", $t >= 0.15 && $t < 2 ? "ok" : "no ($t)", "\n";

// A signal arriving at any moment around the call (before, while checking, while
// sleeping) is never missed: the loop below ends each round in far less than 2 s.
$got = false;
System_Daemon::setSigHandler(SIGUSR2, function ($signo) use (&$got) { $got = true; });
$slow = 0;
for ($round = 0; $round < 30; $round++) {
    $got = false;
    $delay = sprintf('%.3f', ($round % 10) / 1000);
    exec("(sleep $delay; kill -USR2 " . getmypid() . ') > /dev/null 2>&1 &');
    $t = microtime(true);
    while (!$got) {
        System_Daemon::iterate(2);
    }
    if (microtime(true) - $t > 1.5) {
        $slow++;
    }
}
echo "rounds that missed the signal: $slow\n";

// A signal whose handler is SIG_IGN does not end the sleep.
System_Daemon::setSigHandler(SIGUSR2, SIG_IGN);
exec('(sleep 0.1; kill -USR2 ' . getmypid() . ') > /dev/null 2>&1 &');
$t = timed(function () { System_Daemon::iterate(0.5); });
echo "ignored signal: ", $t >= 0.5 ? "slept on" : "woke ($t)", "\n";
?>
--EXPECTF--
bool(true)
float 0.05 slept: ok
bool(true)
int 1 slept: ok
bool(true)
no argument: at once

Warning: System_Daemon::iterate(): sleepSeconds must be 0 or more, -3 given: not sleeping in %s on line %d
bool(true)
negative: at once
handler ran
bool(true)
woken by SIGUSR1: ok
rounds that missed the signal: 0
ignored signal: slept on
