--TEST--
Log: after a rename, when the log file cannot be created again, lines go on into the renamed file and stderr says so once
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_rename_cannot_recreate');
[$out, $err, $status] = sd_child(<<<PHP
System_Daemon::setOptions(['appName' => 'ren', 'logLocation' => '$dir/app.log']);
var_dump(System_Daemon::info('one'));
rename('$dir/app.log', '$dir/app.log.1');
// What stops the new file from being created (a directory in its place stops root too).
mkdir('$dir/app.log');
sleep(1);
var_dump(System_Daemon::info('two'));
sleep(1);
var_dump(System_Daemon::info('three'));
rmdir('$dir/app.log');
sleep(1);
var_dump(System_Daemon::info('four'));
PHP);
echo "stderr:\n", str_replace($dir, '<DIR>', $err);
echo "app.log.1:\n", sd_nodate(file_get_contents("$dir/app.log.1"));
echo "app.log:\n", sd_nodate(file_get_contents("$dir/app.log"));
echo "status: $status\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_rename_cannot_recreate');
?>
--EXPECT--
stderr:
System_Daemon: cannot open log file <DIR>/app.log: Is a directory; writing on to the previous log file until it can be opened (option logLocation)
app.log.1:
[DATE]     info: one
[DATE]     info: two
[DATE]     info: three
app.log:
[DATE]     info: four
status: 0
