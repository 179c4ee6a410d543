--TEST--
start() as root warns, naming appPidLocation, when the pid file's directory is writable by others than root (root's scripts refuse to signal through it)
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php if (trim((string)shell_exec('id -u')) !== '0') die('skip needs root'); ?>
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('start_pid_dir_not_roots');
mkdir("$dir/mine", 0755);
mkdir("$dir/theirs", 0755);
chown("$dir/theirs", 65534);
foreach (['mine', 'theirs'] as $sub) {
    [$out, $err, $rc] = sd_child(<<<PHP
System_Daemon::setOptions(['appName' => 'piddir', 'appDir' => '$dir', 'logLocation' => '$dir/$sub.log',
    'appPidLocation' => '$dir/$sub/piddir.pid']);
System_Daemon::start();
System_Daemon::stop();
PHP);
    for ($i = 0; $i < 500 && file_exists("$dir/$sub/piddir.pid"); $i++) {
        usleep(10000);
    }
    echo "$sub: rc $rc, ";
    $log = file_get_contents("$dir/$sub.log");
    echo preg_match('/^.*appPidLocation.*$/m', $log, $m) ? str_replace($dir, 'DIR', $m[0]) : 'no warning', "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('start_pid_dir_not_roots');
?>
--EXPECTF--
mine: rc 0, no warning
theirs: rc 0, %s warning: appPidLocation 'DIR/theirs/piddir.pid': DIR/theirs is not a directory owned by root, so root's init script and logrotate snippet will not signal the daemon through it: use a directory only root can write, such as /run%s
