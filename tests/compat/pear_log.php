<?php
/*
 * In the style of the original's pearlog example: PEAR's Log is never required, the
 * autoloader that System/Daemon.php registers finds it on include_path.
 * Usage: php pear_log.php DIR
 */
set_include_path(dirname(__FILE__) . '/lib/pear' . PATH_SEPARATOR . get_include_path());
require_once 'System/Daemon.php';

$dir = $argv[1];
$log = Log::singleton('file', $dir . '/pear.log', 'pearlog');

System_Daemon::setOption('appName', 'pearlog');
System_Daemon::setOption('appDir', $dir);
System_Daemon::setOption('appPidLocation', $dir . '/run/daemon.pid');
System_Daemon::setOption('usePEARLogInstance', $log);
System_Daemon::start();

$runs = 0;
while (!System_Daemon::isDying()) {
    System_Daemon::info('run %d', ++$runs);
    System_Daemon::iterate(1);
}
System_Daemon::info('stopping after %d runs', $runs);
