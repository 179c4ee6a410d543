--TEST--
INI system_daemon.daemon_stderr: the daemon's stderr is appended to that file instead of /dev/null; a symlink there is refused
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('daemon_stderr_file');
$code = "<?php\nSystem_Daemon::setOptions(['appName' => 'sderr', 'appDir' => '$dir', 'logLocation' => '$dir/d.log',
    'appPidLocation' => '$dir/d.pid']) or exit(90);
echo \"launcher\\n\";
System_Daemon::start();
fwrite(STDERR, 'daemon pid ' . getmypid() . \"\\n\");
echo \"stdout stays on /dev/null\\n\";
";
file_put_contents("$dir/daemon.php", $code);
file_put_contents("$dir/stderr", "before\n");
[$out, $err, $status] = sd_run_file("$dir/daemon.php", ['system_daemon.daemon_stderr' => "$dir/stderr"]);
echo "status $status: ", sd_nodate("$out$err");
var_dump(sd_sig_wait(function () use ($dir, &$m) {
    return preg_match('/daemon pid (\d+)\n/', file_get_contents("$dir/stderr"), $m) === 1;
}));
$pid = (int)$m[1];
var_dump(sd_sig_wait(fn() => sd_sig_dead($pid)));
echo str_replace((string)$pid, 'PID', file_get_contents("$dir/stderr"));

// never through a symlink: start() fails, naming the file
symlink("$dir/stderr", "$dir/link");
[$out, $err, $status] = sd_run_file("$dir/daemon.php", ['system_daemon.daemon_stderr' => "$dir/link"]);
echo "status $status: ", str_replace($dir, 'DIR', sd_nodate("$out$err"));
echo file_get_contents("$dir/stderr") === "before\ndaemon pid $pid\n" ? "unchanged\n" : "CHANGED\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('daemon_stderr_file');
?>
--EXPECTF--
status 0: launcher
[DATE]   notice: Starting sderr daemon, output in: '%s/d.log'
bool(true)
bool(true)
before
daemon pid PID
status 1: launcher
[DATE]   notice: Starting sderr daemon, output in: 'DIR/d.log'
cannot open DIR/link for the daemon's stderr: %s
unchanged
