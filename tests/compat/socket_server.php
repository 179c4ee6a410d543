<?php
/*
 * In the style of a socket server: the loop blocks in socket_accept() and answers one
 * line per connection. Usage: php socket_server.php DIR (the port goes to DIR/port).
 */
$dir = $argv[1];
System_Daemon::setOption('appName', 'echoserver');
System_Daemon::setOption('appDir', $dir);
System_Daemon::setOption('logLocation', $dir . '/daemon.log');
System_Daemon::setOption('appPidLocation', $dir . '/run/daemon.pid');
System_Daemon::start();

$sock = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
socket_bind($sock, '127.0.0.1', 0);
socket_listen($sock);
socket_getsockname($sock, $addr, $port);
file_put_contents($dir . '/port', $port);

while (!System_Daemon::isDying()) {
    $client = socket_accept($sock);
    if ($client === false) {
        continue;
    }
    $line = socket_read($client, 1024, PHP_NORMAL_READ);
    socket_write($client, 'echo: ' . $line);
    socket_close($client);
    System_Daemon::info('answered %s', trim($line));
}
socket_close($sock);
System_Daemon::info('server closed');
