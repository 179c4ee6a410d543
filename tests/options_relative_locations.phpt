--TEST--
Options: a relative appPidLocation or logLocation is resolved against the directory current when it is set
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('options_relative_locations');
mkdir("$dir/example");
mkdir("$dir/other");
chdir($dir);
System_Daemon::setOption('appName', 'example');
// as in the original's examples
var_dump(System_Daemon::setOption('appPidLocation', '././example/example.pid'));
var_dump(System_Daemon::getOption('appPidLocation') === "$dir/example/example.pid");
var_dump(System_Daemon::setOption('logLocation', 'example//{OPTIONS.appName}.log'));
var_dump(System_Daemon::getOption('logLocation') === "$dir/example/example.log");
// a later chdir() does not move what was set
chdir("$dir/other");
var_dump(System_Daemon::getOption('appPidLocation') === "$dir/example/example.pid");
var_dump(System_Daemon::setOption('appPidLocation', '../example/x.pid'));
var_dump(System_Daemon::getOption('appPidLocation') === "$dir/other/../example/x.pid");
// still refused: a log directory that is not there
var_dump(System_Daemon::setOption('logLocation', 'missing/x.log'));
var_dump(System_Daemon::getOption('logLocation') === "$dir/example/example.log");
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('options_relative_locations');
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)

Warning: System_Daemon::setOption(): Option logLocation: 'missing/x.log' is invalid, expected a file in an existing directory; the option keeps its previous value in %s on line %d
bool(false)
bool(true)
