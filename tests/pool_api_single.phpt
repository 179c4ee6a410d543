--TEST--
Pool: workerId(), isMaster(), workerCount() in a process without a pool (appWorkers 0)
--EXTENSIONS--
system_daemon
--FILE--
<?php
var_dump(System_Daemon::workerId(), System_Daemon::isMaster(), System_Daemon::workerCount());
var_dump(System_Daemon::getOption('appWorkers'));
$m = new ReflectionMethod('System_Daemon', 'workerId');
var_dump($m->isStatic() && $m->isPublic(), (string)$m->getReturnType());
?>
--EXPECT--
int(0)
bool(false)
int(0)
int(0)
bool(true)
string(3) "int"
