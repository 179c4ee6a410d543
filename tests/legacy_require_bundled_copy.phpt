--TEST--
Legacy requires: a copy of the PEAR package's files under another name (extlibs/Daemon.php) loads as a no-op, recognised by its content, and registers the autoloader
--EXTENSIONS--
system_daemon
--FILE--
<?php
$lib = __DIR__ . '/compat/lib';
var_dump(require_once "$lib/extlibs/Daemon.php");
var_dump(require "$lib/extlibs/Daemon.php");
var_dump(require_once "$lib/extlibs/Daemon.php");
var_dump(include "$lib/extlibs/DaemonOS.php");
echo 'internal: ', var_export((new ReflectionClass('System_Daemon'))->isInternal(), true), "\n";
echo 'internal: ', var_export((new ReflectionClass('System_Daemon_OS'))->isInternal(), true), "\n";
echo 'autoloader registered: ', var_export(in_array(['System_Daemon', 'autoload'], spl_autoload_functions(), true), true), "\n";
echo 'included as: ', basename(get_included_files()[1]), "\n";
// someone else's class of that name is not the package: PHP's error, as always
require "$lib/user/System_Daemon.php";
?>
--EXPECTF--
int(1)
int(1)
bool(true)
int(1)
internal: true
internal: true
autoloader registered: true
included as: Daemon.php

Fatal error: Cannot %r(declare class System_Daemon, because the name is already in use|redeclare class System_Daemon)%r in %suser/System_Daemon.php on line %d
