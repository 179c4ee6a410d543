--TEST--
Daemon defaults: SIGHUP reopens a renamed log at once (no line lost), SIGUSR1/SIGUSR2 are ignored with a debug line, SIGWINCH is left at the kernel's default (ignored, no handler runs), SIGPIPE is ignored, a handler set before start() is kept
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('signal_daemon_hup_usr');
$pid = sd_sig_daemon($dir, <<<'PHP'
$n = 0;
while (!System_Daemon::isDying()) {
    System_Daemon::info('line %d', ++$n);
    System_Daemon::iterate(0.002);
}
PHP);
// The handler set before start() survives it; the script prepends it to the body.
usleep(100000);
rename("$dir/daemon.log", "$dir/daemon.log.1");
sd_sig_send('HUP', $pid);
sd_sig_wait(fn() => file_exists("$dir/daemon.log"), 2);
foreach (['USR1', 'USR2', 'WINCH', 'PIPE'] as $s) {
    sd_sig_send($s, $pid);
}
usleep(200000);
echo "alive after USR1, USR2, WINCH, PIPE: ", sd_sig_dead($pid) ? "no" : "yes", "\n";
sd_sig_send('TERM', $pid);
sd_sig_wait(fn() => sd_sig_dead($pid));
$old = file_get_contents("$dir/daemon.log.1");
$new = file_get_contents("$dir/daemon.log");
preg_match_all("/line '?(\d+)'?/", $old . $new, $m);
$nums = array_map('intval', $m[1]);
echo "lines: ", count($nums) > 20 && $nums === range(1, count($nums)) ? "all there, in order" : "missing or out of order", "\n";
echo "old file has lines: ", preg_match('/line/', $old) ? "yes" : "no", "\n";
echo "new file starts with: ", sd_nodate(strtok($new, "\n")), "\n";
foreach (['SIGUSR1', 'SIGUSR2', 'SIGWINCH'] as $s) {
    echo "$s: ", str_contains($new, "debug: Received signal: $s (ignored: no handler set)") ? "debug line" : "no line", "\n";
}
echo "SIGPIPE logged: ", str_contains($new, 'SIGPIPE') ? "yes" : "no", "\n";

// Handlers the script sets before start() are kept by the daemon, and so is a signal
// it claimed with pcntl_signal() (when pcntl is there).
$dir2 = sd_dir('signal_daemon_hup_usr2');
$pid = sd_sig_daemon($dir2, <<<'PHP'
System_Daemon::info('pcntl: %s', function_exists('pcntl_signal') ? 'yes' : 'no');
while (!System_Daemon::isDying()) System_Daemon::iterate(5);
PHP, [], <<<'PHP'
System_Daemon::setSigHandler(SIGUSR1, function ($s, $i) { System_Daemon::info('own USR1 handler, code %d', $i['code']); });
System_Daemon::setSigHandler(SIGHUP, SIG_IGN);
if (function_exists('pcntl_signal')) {
    pcntl_async_signals(true);
    pcntl_signal(SIGUSR2, function ($s) { System_Daemon::info('pcntl USR2 handler'); });
}
PHP);
usleep(100000);
sd_sig_send('USR1', $pid);
sd_sig_send('HUP', $pid);
sd_sig_send('USR2', $pid);
usleep(100000);
sd_sig_send('TERM', $pid);
sd_sig_wait(fn() => sd_sig_dead($pid));
$log = file_get_contents("$dir2/daemon.log");
echo "own handler set before start(): ", str_contains($log, "own USR1 handler, code 0") ? "ran" : "did not run", "\n";
echo "SIGHUP set to SIG_IGN: ", str_contains($log, 'SIGHUP') ? "logged" : "silent", "\n";
$pcntl = str_contains($log, "pcntl: 'yes'");
echo "pcntl's SIGUSR2 handler: ", !$pcntl || str_contains($log, "pcntl USR2 handler") ? "kept" : "clobbered", "\n";
echo "stopped by SIGTERM: ", str_contains($log, "Stopping sdsig") ? "yes" : "no", "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('signal_daemon_hup_usr');
sd_sig_clean('signal_daemon_hup_usr2');
?>
--EXPECT--
alive after USR1, USR2, WINCH, PIPE: yes
lines: all there, in order
old file has lines: yes
new file starts with: [DATE]     info: Received SIGHUP: log file reopened
SIGUSR1: debug line
SIGUSR2: debug line
SIGWINCH: no line
SIGPIPE logged: no
own handler set before start(): ran
SIGHUP set to SIG_IGN: silent
pcntl's SIGUSR2 handler: kept
stopped by SIGTERM: yes
