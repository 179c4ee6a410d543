--TEST--
Daemon log: created with mode 0640 (umask 022), and SIGHUP reopens it in append mode, keeping the lines already in the file
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('signal_daemon_log_mode_hup');
$pid = sd_sig_daemon($dir, <<<'PHP'
$n = 0;
while (!System_Daemon::isDying()) {
    System_Daemon::info('line %d', ++$n);
    System_Daemon::iterate(0.005);
}
PHP, [], 'umask(022);');
$log = "$dir/daemon.log";
clearstatcache();
printf("mode %o\n", fileperms($log) & 0777);
sd_sig_wait(fn() => substr_count((string)file_get_contents($log), 'info: line') >= 10);
// No rename: the reopened file is the same one, and what it held stays.
sd_sig_send('HUP', $pid);
sd_sig_wait(fn() => str_contains((string)file_get_contents($log), 'log file reopened'), 5);
$reopened = substr_count(file_get_contents($log), 'log file reopened');
sd_sig_wait(fn() => preg_match('/log file reopened.*\n(.*\n){10}/s', (string)file_get_contents($log)), 5);
sd_sig_send('TERM', $pid);
sd_sig_wait(fn() => sd_sig_dead($pid));
$text = file_get_contents($log);
echo "reopened: $reopened\n";
echo "starts with the Starting line: ", str_contains(strtok($text, "\n"), 'Starting sdsig') ? "yes" : "no", "\n";
preg_match_all("/info: line '?(\d+)'?/", $text, $m);
$nums = array_map('intval', $m[1]);
echo "lines 1..", count($nums), " all there, in order: ", count($nums) >= 20 && $nums === range(1, count($nums)) ? "yes" : "no", "\n";
echo "lines before the HUP: ", preg_match("/line '?1'?\n.*log file reopened/s", $text) ? "kept" : "lost", "\n";
clearstatcache();
printf("mode after HUP %o\n", fileperms($log) & 0777);
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('signal_daemon_log_mode_hup');
?>
--EXPECTF--
mode 640
reopened: 1
starts with the Starting line: yes
lines 1..%d all there, in order: yes
lines before the HUP: kept
mode after HUP 640
