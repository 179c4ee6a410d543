--TEST--
Limits: appMaxMemory recycles a leaking daemon in place after its loop ended; appMaxIterations stops a loop that ignores isDying(); appMaxRunTime ends an idle iterate(60) on time and exits 75 with appLimitAction exit
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('limits_recycle');
$first = <<<'PHP'
$s = System_Daemon::stats();
System_Daemon::info('image: recycles ' . $s['recycles'] . ', last ' . ($s['lastRecycle'] ?? 'none'));
if ($s['recycles'] >= 1) {
    file_put_contents(__DIR__ . '/second', getmypid());
    System_Daemon::stop();
}
PHP;

// A leak of 1 MB an iteration against 48 MB.
$pid = sd_sig_daemon($dir, $first . <<<'PHP'
$leak = [];
while (!System_Daemon::isDying()) {
    $leak[] = str_repeat('x', 1 << 20);
    System_Daemon::iterate(0.005);
}
System_Daemon::info('after the loop');
PHP, ['appMaxMemory' => '48M']);
sd_sig_wait(fn() => file_exists("$dir/second") && !file_exists("$dir/run/daemon.pid"), 20);
echo preg_replace(['/^.*(Starting|output in|Stopping|Restarting too fast).*\n/m', '/resident size \d+ bytes \(limit \d+\)/'], ['', 'resident size N (limit M)'],
    sd_nodate(file_get_contents("$dir/daemon.log")));
sd_sig_kill_leftover("$dir/run/daemon.pid");
@unlink("$dir/second");
unlink("$dir/daemon.log");

// A loop that never asks isDying(): the iterate() after the one that returned dying stops it.
$pid = sd_sig_daemon($dir, $first . <<<'PHP'
register_shutdown_function(fn() => System_Daemon::info('shutdown function ran'));
while (true) {
    System_Daemon::iterate(0.001);
}
PHP, ['appMaxIterations' => 20]);
sd_sig_wait(fn() => file_exists("$dir/second") && !file_exists("$dir/run/daemon.pid"), 20);
echo preg_replace('/^.*(Starting|output in|Stopping sdsig$|Restarting too fast).*\n/m', '', sd_nodate(file_get_contents("$dir/daemon.log")));
sd_sig_kill_leftover("$dir/run/daemon.pid");

// Idle in iterate(60), in the foreground, exiting for the service manager.
file_put_contents("$dir/fg.php", '<?php
System_Daemon::setOptions(["appName" => "sdfg", "appDir" => __DIR__, "appPidLocation" => __DIR__ . "/run/fg.pid",
    "appForeground" => true, "appMaxRunTime" => 1, "appLimitAction" => "exit"]);
System_Daemon::start();
$t = microtime(true);
while (!System_Daemon::isDying()) System_Daemon::iterate(60);
printf("loop ended after %s\n", abs(microtime(true) - $t - 1) < 0.5 ? "1 s" : (microtime(true) - $t) . " s");
');
[$out, $err, $status] = sd_run_file("$dir/fg.php", [], 20);
echo preg_replace('/^.*Starting.*\n/m', '', sd_nodate($out)), "exit status $status\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('limits_recycle');
?>
--EXPECT--
[DATE]     info: image: recycles 0, last none
[DATE]   notice: appMaxMemory reached: resident size N (limit M): recycling in place
[DATE]     info: after the loop
[DATE]    debug: appPidLocation: kept the pid file of the image before restart()
[DATE]     info: image: recycles 1, last appMaxMemory
[DATE]     info: image: recycles 0, last none
[DATE]   notice: appMaxIterations reached: 20 iterations (limit 20): recycling in place
[DATE]   notice: Stopping sdsig now: the loop goes on without calling isDying()
[DATE]     info: shutdown function ran
[DATE]    debug: appPidLocation: kept the pid file of the image before restart()
[DATE]     info: image: recycles 1, last appMaxIterations
[DATE]   notice: appMaxRunTime reached: ran 1.0 s (limit 1.0 s): exiting to be started again
loop ended after 1 s
exit status 75
