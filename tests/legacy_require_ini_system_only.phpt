--TEST--
Legacy requires: system_daemon.legacy_require cannot be changed by the script (PHP_INI_SYSTEM|PHP_INI_PERDIR)
--EXTENSIONS--
system_daemon
--INI--
include_path=.:{PWD}/include/legacy_pear
--FILE--
<?php
var_dump(ini_get('system_daemon.legacy_require'));
var_dump(ini_set('system_daemon.legacy_require', '0'));
var_dump(require_once 'System/Daemon.php');
?>
--EXPECT--
string(1) "1"
bool(false)
int(1)
