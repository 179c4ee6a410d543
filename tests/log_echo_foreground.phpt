--TEST--
Log: before start() every non-debug line is echoed to stdout, as written to the file
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_echo_foreground');
// Without an appName nothing is logged, nothing echoed (as the original)
ob_start();
System_Daemon::info('nameless');
var_dump(ob_get_clean());
System_Daemon::setOptions(['appName' => 'echo', 'logLocation' => "$dir/echo.log", 'logVerbosity' => 7]);
var_dump(System_Daemon::isInBackground());
ob_start();
System_Daemon::info('one %s', 'two');
System_Daemon::debug('debug is not echoed');
System_Daemon::err('err is');
$echoed = ob_get_clean();
$file = file_get_contents("$dir/echo.log");
echo sd_nodate($echoed);
echo "--\n";
echo sd_nodate($file);
// the echoed lines are the file's lines, stamp included
var_dump($echoed === preg_replace('/^.*   debug: .*\n/m', '', $file));
// a handler takes the line instead: no echo
System_Daemon::setOption('useCustomLogHandler', function ($m, $l) {});
ob_start();
System_Daemon::info('to the handler');
var_dump(ob_get_clean());
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_echo_foreground');
?>
--EXPECT--
string(0) ""
bool(false)
[DATE]     info: one 'two'
[DATE]      err: err is [l:13]
--
[DATE]     info: one 'two'
[DATE]    debug: debug is not echoed
[DATE]      err: err is [l:13]
bool(true)
string(0) ""
