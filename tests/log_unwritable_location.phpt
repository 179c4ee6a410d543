--TEST--
Log: an unwritable logLocation gives one clear message on stderr, no crash, and log() returns false
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_unwritable_location');
// The directory exists when the option is set, and is gone when the lines come
// (root may write anywhere, so permissions alone cannot make it fail).
[$out, $err, $status] = sd_child(<<<PHP
mkdir('$dir/gone');
var_dump(System_Daemon::setOptions(['appName' => 'unw', 'logLocation' => '$dir/gone/unw.log']));
rmdir('$dir/gone');
var_dump(System_Daemon::log(System_Daemon::LOG_INFO, 'first'));
var_dump(System_Daemon::log(System_Daemon::LOG_INFO, 'second'));
var_dump(System_Daemon::info('shortcut keeps its return value'));
var_dump(System_Daemon::err('and so does err'));
// writable again: lines flow, and a later failure is reported again
mkdir('$dir/gone');
var_dump(System_Daemon::log(System_Daemon::LOG_INFO, 'third'));
unlink('$dir/gone/unw.log');
rmdir('$dir/gone');
mkdir('$dir/gone/unw.log', 0755, true);
sleep(1);
var_dump(System_Daemon::log(System_Daemon::LOG_INFO, 'fourth'));
echo "still running\n";
PHP);
echo sd_nodate($out);
echo "stderr:\n", str_replace($dir, '<DIR>', $err);
echo "status: $status\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_unwritable_location');
?>
--EXPECT--
bool(true)
[DATE]     info: first
bool(false)
[DATE]     info: second
bool(false)
[DATE]     info: shortcut keeps its return value
bool(true)
[DATE]      err: and so does err [l:8]
bool(false)
[DATE]     info: third
bool(true)
[DATE]     info: fourth
bool(false)
still running
stderr:
System_Daemon: cannot open log file <DIR>/gone/unw.log: No such file or directory (option logLocation); log lines are lost until it is writable
System_Daemon: cannot open log file <DIR>/gone/unw.log: Is a directory (option logLocation); log lines are lost until it is writable
status: 0
