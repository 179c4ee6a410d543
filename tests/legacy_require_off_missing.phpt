--TEST--
Legacy requires: system_daemon.legacy_require=0 without a PEAR copy fails to open the file, as always
--EXTENSIONS--
system_daemon
--INI--
system_daemon.legacy_require=0
include_path=/nonexistent/sd_no_pear
--FILE--
<?php
var_dump(@include 'System/Daemon.php');
require_once 'System/Daemon.php';
echo "not reached\n";
?>
--EXPECTF--
bool(false)

Warning: require_once(%S): Failed to open stream: No such file or directory in %s on line %d

Fatal error: Uncaught Error: Failed opening required 'System/Daemon.php' (include_path='/nonexistent/sd_no_pear') in %s:%d
Stack trace:
#0 {main}
  thrown in %s on line %d
