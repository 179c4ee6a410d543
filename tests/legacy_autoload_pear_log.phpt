--TEST--
Legacy requires: require_once 'System/Daemon.php' registers the PEAR autoloader (Foo_Bar -> Foo/Bar.php on include_path), which PEAR Log users rely on
--EXTENSIONS--
system_daemon
--INI--
include_path=.:{PWD}/compat/lib/pear:{PWD}/include/legacy_pear
--FILE--
<?php
var_dump(class_exists('Log'));
require_once 'System/Daemon.php';
echo 'autoloader registered: ', var_export(in_array(['System_Daemon', 'autoload'], spl_autoload_functions(), true), true), "\n";
$log = Log::singleton('file', '/dev/null', 'ident');
echo get_class($log), ' extends ', get_parent_class($log), "\n";
var_dump(System_Daemon::setOption('usePEARLogInstance', $log));
// the package's own classes never come from a file (a PEAR copy is on include_path)
var_dump(System_Daemon::autoload('System_Daemon_Options'));
var_dump(class_exists('System_Daemon_Options'));
// nothing outside include_path, nothing that is not a class name
var_dump(System_Daemon::autoload('No_Such_Class'));
var_dump(System_Daemon::autoload('../../etc/passwd'));
?>
--EXPECT--
bool(false)
autoloader registered: true
Log_file extends Log
bool(true)
bool(false)
bool(false)
bool(false)
bool(false)
