--TEST--
fileread(): a file's whole contents, '' for an empty file, false and a warning when it cannot be opened
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('fileread');
file_put_contents("$dir/pid", "4711\n");
touch("$dir/empty");
var_dump(System_Daemon::fileread("$dir/pid"));
var_dump(System_Daemon::fileread("$dir/empty"));
var_dump(System_Daemon::fileread("$dir/missing"));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('fileread');
?>
--EXPECTF--
string(5) "4711
"
string(0) ""

Warning: System_Daemon::fileread(%S): Failed to open stream: No such file or directory in %s on line %d
bool(false)
