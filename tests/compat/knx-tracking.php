<?php
/*
 * In the style of a published tracking daemon: its name from the script's file name
 * (with a '-' and a '.'), error_reporting(E_STRICT), relative pid and log locations,
 * a signal number given as a string. Usage: php knx-tracking.php DIR
 */
error_reporting(E_STRICT);
$dir = $argv[1];
chdir($dir);

function on_usr1($signo)
{
    System_Daemon::info('got signal %d', $signo);
}

System_Daemon::setOption('appName', basename($_SERVER['PHP_SELF']));
System_Daemon::setOption('appDir', $dir);
System_Daemon::setOption('logLocation', './knx.log');
System_Daemon::setOption('appPidLocation', '././run/knx.pid');
System_Daemon::setSigHandler('10', 'on_usr1');
System_Daemon::start();

while (!System_Daemon::isDying()) {
    System_Daemon::iterate(1);
}
System_Daemon::info('tracking stopped');
