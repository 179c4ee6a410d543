--TEST--
Bug: a fatal error in a log handler during the extension's own logging ends the script at once, with shutdown functions, and nothing runs on
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('bug_fatal_in_log_handler');
file_put_contents("$dir/x.pid", "99999\n");
System_Daemon::setOptions(['appName' => 'bo', 'logLocation' => "$dir/x.log", 'appPidLocation' => "$dir/x.pid",
    'useCustomLogHandler' => function ($m, $l) {
        echo "handler: $m\n";
        // E_USER_ERROR is deprecated as of 8.4; the fatal error it raises is what counts here
        error_reporting(E_ALL & ~E_DEPRECATED);
        trigger_error('fatal in handler', E_USER_ERROR);
    }]);
register_shutdown_function(function () { echo "shutdown ran\n"; });
// isRunning() logs "Stale pid file" itself, from C++ code: the fatal error must
// still end the script right after the call.
var_dump(System_Daemon::isRunning());
echo "not reached\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('bug_fatal_in_log_handler');
?>
--EXPECTF--
handler: Stale pid file %s/x.pid (pid 99999 holds no lock): no daemon is running

Fatal error: fatal in handler in %s on line %d
shutdown ran
