--TEST--
Daemon defaults: SIGTERM, SIGINT and SIGQUIT stop a daemon sleeping in iterate(5) through stop(): pid file removed, shutdown functions and destructors run, promptly
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('signal_daemon_stop');
foreach (['TERM', 'INT', 'QUIT'] as $sig) {
    @unlink("$dir/daemon.log");
    $pid = sd_sig_daemon($dir, <<<'PHP'
class Res { function __destruct() { System_Daemon::info('destructor ran'); } }
$res = new Res;
register_shutdown_function(function () { System_Daemon::info('shutdown function ran'); });
file_put_contents(__DIR__ . '/looping', '1');
while (!System_Daemon::isDying()) {
    System_Daemon::iterate(5);
}
PHP);
    sd_sig_wait(fn() => file_exists("$dir/looping"));
    usleep(50000);  // well inside iterate(5)
    $t = microtime(true);
    sd_sig_send($sig, $pid);
    sd_sig_wait(fn() => !file_exists("$dir/run/daemon.pid"), 5);
    $took = microtime(true) - $t;
    sd_sig_wait(fn() => sd_sig_dead($pid), 5);
    echo "SIG$sig: pid file ", file_exists("$dir/run/daemon.pid") ? "still there" : "removed",
        $took < 1.0 ? " promptly" : " after $took s", ", process ", sd_sig_dead($pid) ? "gone" : "alive", "\n";
    echo preg_replace('/^.*(Starting|output in).*\n/m', '', sd_nodate(file_get_contents("$dir/daemon.log")));
    unlink("$dir/looping");
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('signal_daemon_stop');
?>
--EXPECT--
SIGTERM: pid file removed promptly, process gone
[DATE]    debug: Received signal: SIGTERM
[DATE]     info: Stopping sdsig
[DATE]     info: shutdown function ran
[DATE]     info: destructor ran
SIGINT: pid file removed promptly, process gone
[DATE]    debug: Received signal: SIGINT
[DATE]     info: Stopping sdsig
[DATE]     info: shutdown function ran
[DATE]     info: destructor ran
SIGQUIT: pid file removed promptly, process gone
[DATE]    debug: Received signal: SIGQUIT
[DATE]     info: Stopping sdsig
[DATE]     info: shutdown function ran
[DATE]     info: destructor ran
