--TEST--
Signal handlers: an exception thrown by a handler reaches the script where it was interrupted; exit() in a handler runs shutdown functions; later signals still dispatch
--EXTENSIONS--
system_daemon
--FILE--
<?php
System_Daemon::setSigHandler(SIGUSR1, function ($signo) { throw new RuntimeException("from handler $signo"); });
try {
    exec('kill -USR1 ' . getmypid());
    for ($i = 0; $i < 1000; $i++) { }
    echo "not reached\n";
} catch (RuntimeException $e) {
    echo "caught: ", $e->getMessage(), "\n";
}
try {
    exec('(sleep 0.1; kill -USR1 ' . getmypid() . ') > /dev/null 2>&1 &');
    System_Daemon::iterate(5);
    echo "not reached\n";
} catch (RuntimeException $e) {
    echo "caught in iterate: ", $e->getMessage(), "\n";
}
System_Daemon::setSigHandler(SIGUSR2, function ($signo) { echo "USR2 ran\n"; exit(3); });
register_shutdown_function(function () { echo "shutdown function ran\n"; });
class D { function __destruct() { echo "destructor ran\n"; } }
$d = new D;
exec('kill -USR2 ' . getmypid());
for ($i = 0; $i < 1000; $i++) { }
echo "not reached\n";
?>
--EXPECT--
caught: from handler 10
caught in iterate: from handler 10
USR2 ran
shutdown function ran
destructor ran
