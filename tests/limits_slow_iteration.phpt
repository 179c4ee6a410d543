--TEST--
Slow iterations: appIterationWarnSec logs one WARNING with the PHP stack it was stuck in (function, file:line, no arguments); appIterationTimeoutSec logs it at CRIT and recycles the daemon
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('limits_slow_iteration');
$body = <<<'PHP'
$s = System_Daemon::stats();
if ($s['recycles'] >= 1) {
    System_Daemon::info('recycled after ' . $s['lastRecycle']);
    file_put_contents(__DIR__ . '/second', '1');
    System_Daemon::stop();
}
class Worker {
    function handle($secret) { return busy(0.8); }
}
function busy($secs) { $t = microtime(true) + $secs; while (microtime(true) < $t) { $x = 1; } return $t; }
function forever() { for (;;) { $x = 1; } }
System_Daemon::iterate();
(new Worker)->handle('hunter2');       // over appIterationWarnSec once: one warning
System_Daemon::iterate(0.6);           // idle sleep is no iteration: no warning
System_Daemon::info('quick iteration');
if (System_Daemon::getOption('appIterationTimeoutSec')) forever();
System_Daemon::stop();
PHP;
// From PHP 8.4 the VM also checks for an interrupt right after an internal function
// returns, in its frame: the stack then starts with it (busy()'s microtime()), which
// names the blocking call as the issue allows. Dropped here, the frames renumbered, so
// one expectation serves every version.
$internal_top = fn($log) => preg_replace_callback(
    '/^(\S.*\n)(\[DATE\] +\w+: +)#0 \w+\(\) \[internal function\]\n((?:\2#\d+ .*\n)+)/m',
    fn($m) => $m[1] . preg_replace_callback('/#(\d+) /', fn($n) => '#' . ($n[1] - 1) . ' ', $m[3]),
    $log);
$clean = fn($log) => $internal_top(preg_replace(['/^.*(Starting|output in|Stopping|Restarting too fast).*\n/m', '/\d+\.\d s since/', '~ at \S+/daemon\.php:~'],
    ['', 'N s since', ' at daemon.php:'], sd_nodate($log)));

sd_sig_daemon($dir, $body, ['appIterationWarnSec' => 0.3]);
sd_sig_wait(fn() => !file_exists("$dir/run/daemon.pid"), 20);
echo $clean(file_get_contents("$dir/daemon.log"));
sd_sig_kill_leftover("$dir/run/daemon.pid");
unlink("$dir/daemon.log");

echo "--- timeout\n";
sd_sig_daemon($dir, $body, ['appIterationTimeoutSec' => 1]);
sd_sig_wait(fn() => file_exists("$dir/second") && !file_exists("$dir/run/daemon.pid"), 20);
echo $clean(file_get_contents("$dir/daemon.log"));
sd_sig_kill_leftover("$dir/run/daemon.pid");
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('limits_slow_iteration');
?>
--EXPECT--
[DATE]  warning: Slow iteration: N s since the last iterate() (appIterationWarnSec 0.3 s), now in:
[DATE]  warning:     #0 busy() at daemon.php:21
[DATE]  warning:     #1 Worker::handle() at daemon.php:19
[DATE]  warning:     #2 {main} at daemon.php:24 [l:21]
[DATE]     info: quick iteration
--- timeout
[DATE]     info: quick iteration
[DATE]     crit: Iteration timed out: N s since the last iterate() (appIterationTimeoutSec 1 s), in:
[DATE]     crit:     #0 forever() at daemon.php:22
[DATE]     crit:     #1 {main} at daemon.php:27 [l:22]
[DATE]    debug: appPidLocation: kept the pid file of the image before restart()
[DATE]     info: recycled after appIterationTimeoutSec
