#!/usr/bin/php
<?php
/**
 * A daemon supervised by systemd (Type=notify) that is ready only once it listens:
 * appDeferReady holds back readiness until System_Daemon::ready(), so neither
 * systemd nor a launching shell is told "started" before the socket accepts
 * connections. iterate() pings the watchdog when the unit sets WatchdogSec=.
 *
 *   php notify_server.php --dir DIR     (listens on DIR/echo.sock; echoes one line back)
 *
 * Under systemd (NOTIFY_SOCKET set) it does not fork; elsewhere start() forks and the
 * launching command returns once ready() was called.
 */
$args = getopt('', array('dir:'));
$dir = isset($args['dir']) ? $args['dir'] : '/run/notify_server';

System_Daemon::setOptions(array(
    'appName'        => 'notify_server',
    'appDir'         => __DIR__,
    'appDescription' => 'Echo server that reports readiness to systemd',
    'authorName'     => 'System Daemon',
    'authorEmail'    => 'daemon@example.com',
    'logLocation'    => "$dir/notify_server.log",
    'appPidLocation' => "$dir/notify_server.pid",
    'appDeferReady'  => true,
    'runWatchdogSec' => 30,
)) or exit(2);

System_Daemon::start();

// The work that must happen before "ready": here, binding the socket.
$path = "$dir/echo.sock";
@unlink($path);
$server = stream_socket_server("unix://$path", $errno, $errstr);
if (!$server) {
    System_Daemon::emerg('cannot listen on %s: %s', $path, $errstr);
}
System_Daemon::ready("listening on $path");
System_Daemon::info('listening on %s', $path);

while (!System_Daemon::isDying()) {
    $r = array($server);
    $w = $e = null;
    if (@stream_select($r, $w, $e, 0, 200000)) {
        $conn = @stream_socket_accept($server, 0);
        if ($conn) {
            $line = fgets($conn);
            fwrite($conn, 'echo: ' . $line);
            fclose($conn);
        }
    }
    System_Daemon::iterate(0);
}
@unlink($path);
System_Daemon::stop();
