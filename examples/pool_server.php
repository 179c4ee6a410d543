#!/usr/bin/php
<?php
/**
 * A pre-fork TCP server: four workers accept on one socket opened before start(),
 * each answering with its id. The master runs none of this code: it restarts a worker
 * that dies (with its id), replaces them one at a time on HUP and stops them all on TERM.
 *
 *   php pool_server.php --dir DIR [--port N]   (127.0.0.1, port 0: any; DIR/port says which)
 *   kill -HUP  $(cat DIR/pool_server.pid)      (replace every worker, no connection refused)
 *   kill -TERM $(cat DIR/pool_server.pid)      (stop the pool)
 */
$args = getopt('', array('dir:', 'port:'));
$dir = isset($args['dir']) ? $args['dir'] : '/run/pool_server';
$port = isset($args['port']) ? (int)$args['port'] : 0;

System_Daemon::setOptions(array(
    'appName'         => 'pool_server',
    'appDir'          => __DIR__,
    'appDescription'  => 'Pre-fork TCP server with a pool of workers',
    'logLocation'     => "$dir/pool_server.log",
    'appPidLocation'  => "$dir/pool_server.pid",
    'appWorkers'      => 4,
    'appStopGraceSec' => 10,
)) or exit(2);

// Opened before start(): every worker inherits the listening socket and accepts on it.
$server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
if (!$server) {
    fwrite(STDERR, "cannot listen: $errstr\n");
    exit(1);
}
$name = stream_socket_get_name($server, false);
file_put_contents("$dir/port", substr($name, strrpos($name, ':') + 1));

System_Daemon::start();

$id = System_Daemon::workerId();
while (!System_Daemon::isDying()) {
    // A TERM cuts the wait short; the connection in hand is always answered.
    $conn = @stream_socket_accept($server, 5);
    if (!$conn) {
        continue;
    }
    fwrite($conn, "worker $id of " . System_Daemon::workerCount() . "\n");
    fclose($conn);
}
