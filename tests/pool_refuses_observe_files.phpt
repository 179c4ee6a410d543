--TEST--
Pool: appHeartbeatFile and appStatusFile with appWorkers are refused by start(), naming the option (nothing in a pool would keep them fresh)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('pool_refuses_observe_files');
foreach (['appHeartbeatFile', 'appStatusFile'] as $o) {
    [$out, $err, $status] = sd_child("System_Daemon::setOptions(['appName' => 'poolobs', 'appDir' => '$dir',
        'logLocation' => '$dir/d.log', 'appPidLocation' => '$dir/run/d.pid', 'appWorkers' => 2, '$o' => '$dir/$o']);
System_Daemon::start();
echo 'started';");
    echo "status $status: ", trim(preg_replace('/^.*System_Daemon::start\(\): /s', '', $err)), "\n";
    var_dump(str_contains($out, 'started'), file_exists("$dir/run/d.pid"));
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('pool_refuses_observe_files');
?>
--EXPECTF--
status %d: appHeartbeatFile: not available with appWorkers (2) yet: no process of a pool keeps it fresh%A
bool(false)
bool(false)
status %d: appStatusFile: not available with appWorkers (2) yet: no process of a pool keeps it fresh%A
bool(false)
bool(false)
