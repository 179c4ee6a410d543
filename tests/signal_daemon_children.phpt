--TEST--
Daemon defaults: SIGCHLD reaps forgotten children (no zombies after 20 workers exit) without stealing the exit status exec(), system(), shell_exec(), proc_close() and pclose() report
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('signal_daemon_children');
$pid = sd_sig_daemon($dir, <<<'PHP'
function out($s) { file_put_contents(__DIR__ . '/result', "$s\n", FILE_APPEND); }
function zombies() {
    $n = 0;
    foreach (glob('/proc/self/task/*/children') as $f) {
        foreach (preg_split('/\s+/', trim(file_get_contents($f)), -1, PREG_SPLIT_NO_EMPTY) as $c) {
            $st = @file_get_contents("/proc/$c/stat");
            if ($st !== false && preg_match('/\) Z /', $st)) $n++;
        }
    }
    return $n;
}
// 20 workers started and forgotten: each exits after a while, and nothing waits for it.
for ($i = 0; $i < 20; $i++) {
    $p = proc_open(['sh', '-c', 'sleep 0.2; exit 9'], [], $pipes);
    unset($p);
}
// Meanwhile, the statuses PHP reports must stay true while SIGCHLDs keep coming.
$bad = 0;
for ($i = 0; $i < 30; $i++) {
    exec('exit 7', $o, $rc);
    if ($rc !== 7) $bad++;
    System_Daemon::iterate(0.01);
}
out("exec: " . ($bad ? "$bad wrong" : "all 7"));
system('exit 6', $rc);
out("system: $rc");
out("shell_exec: " . trim(shell_exec('echo out; exit 3')));
$p = proc_open(['sh', '-c', 'exit 5'], [], $pipes);
System_Daemon::iterate(0.3);   // the child exits, SIGCHLD arrives and is dispatched here
out("proc_close: " . proc_close($p));
$f = popen('exit 4', 'r');
System_Daemon::iterate(0.3);
out("pclose: " . pclose($f));
$p = proc_open(['sh', '-c', 'exit 2'], [], $pipes);
System_Daemon::iterate(0.3);
$st = proc_get_status($p);
out("proc_get_status: " . ($st['running'] ? 'running' : 'exitcode ' . $st['exitcode']));
proc_close($p);
// By now every worker has exited; one more iterate() to be sure the last SIGCHLD ran.
System_Daemon::iterate(0.3);
out("zombies: " . zombies());
out("done");
while (!System_Daemon::isDying()) System_Daemon::iterate(5);
PHP);
sd_sig_wait(fn() => str_contains((string)@file_get_contents("$dir/result"), "done"), 20);
echo file_get_contents("$dir/result");
sd_sig_send('TERM', $pid);
sd_sig_wait(fn() => sd_sig_dead($pid));
echo preg_match('/Reaped child \d+ \(exit status 9\)/', file_get_contents("$dir/daemon.log")) ? "workers reaped and logged\n" : "no reap logged\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('signal_daemon_children');
?>
--EXPECT--
exec: all 7
system: 6
shell_exec: out
proc_close: 5
pclose: 4
proc_get_status: exitcode 2
zombies: 0
done
workers reaped and logged
