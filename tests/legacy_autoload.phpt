--TEST--
Legacy requires: spl_autoload_register(array('System_Daemon', 'autoload')) still works, and never loads the package's own classes from a file
--EXTENSIONS--
system_daemon
--INI--
include_path=.:{PWD}/include/legacy_pear
--FILE--
<?php
require_once 'System/Daemon.php';
var_dump(spl_autoload_register(array('System_Daemon', 'autoload')));
var_dump(in_array(['System_Daemon', 'autoload'], spl_autoload_functions(), true));
var_dump(System_Daemon::autoload('System_Daemon_OS_Debian'));
var_dump(System_Daemon::autoload('System_Daemon_Options'));
var_dump(class_exists('Some_Unknown_Class'));
var_dump(class_exists('System_Daemon_OS_Ubuntu'));
var_dump(is_subclass_of('System_Daemon_OS_Debian', 'System_Daemon_OS'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
