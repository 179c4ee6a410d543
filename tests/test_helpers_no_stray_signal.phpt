--TEST--
Test helpers: a daemon that fails to start is an exception naming the reason, and no helper signals a pid <= 1 (kill 0 would hit run-tests itself)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('test_helpers_no_stray_signal');
// The checks run in a process group of their own (setsid): should a helper ever send
// "kill -INT 0" again, it ends that group, not the suite, and the output says so.
file_put_contents("$dir/check.php", '<?php
require ' . var_export(__DIR__ . '/include/signals.inc', true) . ';
$dir = ' . var_export($dir, true) . ';
file_put_contents("$dir/plainfile", "");
try {
    $pid = sd_sig_daemon($dir, "sleep(30);", ["appPidLocation" => "$dir/plainfile/sub/d.pid"]);
    echo "start returned $pid\n";
    sd_sig_send("INT", $pid);
} catch (RuntimeException $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
foreach ([0, 1, -1] as $pid) {
    try {
        sd_sig_send("INT", $pid);
        echo "sent to $pid\n";
    } catch (InvalidArgumentException $e) {
        echo $e->getMessage(), "\n";
    }
}
sd_sig_kill_leftover("$dir/plainfile");  // holds no pid: a no-op
echo "check process survived\n";
');
exec('setsid ' . escapeshellarg(PHP_BINARY) . ' -n -d extension_dir=' . escapeshellarg(ini_get('extension_dir'))
    . ' -d extension=system_daemon ' . escapeshellarg("$dir/check.php") . ' 2>&1', $out, $rc);
echo str_replace($dir, 'DIR', implode("\n", $out)), "\nexit $rc\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_clean('test_helpers_no_stray_signal');
?>
--EXPECTF--
RuntimeException: daemon did not start: launcher status 1, stdout: %A, stderr: %scannot create directory DIR/plainfile/sub: Not a directory

refusing to send SIGINT to pid 0
refusing to send SIGINT to pid 1
refusing to send SIGINT to pid -1
check process survived
exit 0
