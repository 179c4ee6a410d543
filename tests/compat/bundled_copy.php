<?php
/*
 * In the style of a project that ships its own copy of the PEAR class under another
 * name and requires it. Usage: php bundled_copy.php DIR (log and pid file go there).
 */
require_once dirname(__FILE__) . '/lib/extlibs/Daemon.php';

$dir = $argv[1];
System_Daemon::setOption('appName', 'bundled');
System_Daemon::setOption('appDir', $dir);
System_Daemon::setOption('logLocation', $dir . '/daemon.log');
System_Daemon::setOption('appPidLocation', $dir . '/run/daemon.pid');
System_Daemon::start();

while (!System_Daemon::isDying()) {
    System_Daemon::info('alive');
    System_Daemon::iterate(2);
}
System_Daemon::info('loop ended');
System_Daemon::stop();
