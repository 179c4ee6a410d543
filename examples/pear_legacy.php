#!/usr/bin/php -q
<?php
/**
 * A script written for the PEAR package System_Daemon, unchanged in style: it requires
 * System/Daemon.php, sets options one by one, logs, starts and stops. With the
 * extension loaded the require succeeds and does nothing (the class is built in),
 * whether or not the old PEAR files are still installed.
 *
 *   php examples/pear_legacy.php /tmp/somewhere
 *
 * writes /tmp/somewhere/pear_legacy.log and, while it runs, /tmp/somewhere/pear_legacy.pid.
 * scripts/pecl-check.sh runs it against the copy installed by `pecl install`.
 */

error_reporting(E_ALL);
require_once "System/Daemon.php";

$dir = isset($argv[1]) ? $argv[1] : '/tmp';

// Bare minimum setup, as in the original's examples/simple.php
System_Daemon::setOption("appName", "pear_legacy");
System_Daemon::setOption("authorEmail", "kevin@vanzonneveld.net");
System_Daemon::setOption("appDir", dirname(__FILE__));
System_Daemon::setOption("logLocation", $dir . "/pear_legacy.log");
System_Daemon::setOption("appPidLocation", $dir . "/pear_legacy.pid");

System_Daemon::log(System_Daemon::LOG_INFO, "Daemon not yet started so ".
    "this will be written on-screen");

// Spawn Daemon! The shell gets 0 once the daemon is ready.
System_Daemon::start();
System_Daemon::log(System_Daemon::LOG_INFO, "Daemon: '".
    System_Daemon::getOption("appName").
    "' spawned! This will be written to ".
    System_Daemon::getOption("logLocation"));

$runs = 0;
while (!System_Daemon::isDying() && $runs++ < 2) {
    System_Daemon::info('run %d of %d', $runs, 2);
    sleep(1);
}

System_Daemon::stop();
