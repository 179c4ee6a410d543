--TEST--
stats(): pid, uptime, iterations, resident size and its peak, time since and slowest iteration, recycles
--EXTENSIONS--
system_daemon
--FILE--
<?php
$s = System_Daemon::stats();
echo implode(',', array_keys($s)), "\n";
var_dump($s['pid'] === getmypid(), $s['iterations'], $s['recycles'], $s['lastRecycle']);
System_Daemon::iterate();
usleep(300000);              // one slow iteration
System_Daemon::iterate();
System_Daemon::iterate();
usleep(100000);
$s = System_Daemon::stats();
var_dump($s['iterations']);
echo 'slowest ', $s['slowestIteration'] >= 0.3 && $s['slowestIteration'] < 1.5 ? 'ok' : "wrong {$s['slowestIteration']}", "\n";
echo 'since ', $s['sinceIteration'] >= 0.1 && $s['sinceIteration'] < 0.3 ? 'ok' : "wrong {$s['sinceIteration']}", "\n";
echo 'uptime ', $s['uptime'] >= 0.4 && $s['uptime'] < 60 ? 'ok' : "wrong {$s['uptime']}", "\n";
// The resident size is the kernel's: 64 MB more shows.
$rss = $s['rss'];
$big = str_repeat('x', 64 << 20);
$s = System_Daemon::stats();
echo 'rss ', $s['rss'] - $rss >= 60 << 20 ? 'ok' : "wrong $rss -> {$s['rss']}", "\n";
echo 'peak ', $s['rssPeak'] >= $s['rss'] ? 'ok' : "wrong {$s['rssPeak']} < {$s['rss']}", "\n";
?>
--EXPECT--
pid,uptime,iterations,rss,rssPeak,sinceIteration,slowestIteration,recycles,lastRecycle
bool(true)
int(0)
int(0)
NULL
int(3)
slowest ok
since ok
uptime ok
rss ok
peak ok
