--TEST--
Legacy requires: system_daemon.legacy_require=0 compiles the PEAR copy again (the old fatal error comes back)
--EXTENSIONS--
system_daemon
--INI--
system_daemon.legacy_require=0
include_path=.:{PWD}/include/legacy_pear
--FILE--
<?php
echo ini_get('system_daemon.legacy_require'), "\n";
require_once 'System/Daemon.php';
echo "not reached\n";
?>
--EXPECTF--
0
PEAR System/Daemon.php was compiled

Fatal error: Cannot %seclare class System_Daemon%sin %slegacy_pear%eSystem%eDaemon.php on line %d
