--TEST--
Daemon: isDying() is true in shutdown functions and destructors, whether SIGTERM or the script's own stop() ended it
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('signal_daemon_dying_at_shutdown');
foreach (['SIGTERM', 'stop()'] as $how) {
    @unlink("$dir/daemon.log");
    $pid = sd_sig_daemon($dir, <<<'PHP'
class Res { function __destruct() { System_Daemon::info('destructor: isDying ' . (System_Daemon::isDying() ? 'true' : 'false')); } }
$res = new Res;
register_shutdown_function(function () { System_Daemon::info('shutdown function: isDying ' . (System_Daemon::isDying() ? 'true' : 'false')); });
file_put_contents(__DIR__ . '/looping', '1');
while (!System_Daemon::isDying()) {
    System_Daemon::iterate(0.01);
    clearstatcache();
    if (is_file(__DIR__ . '/stop-yourself')) {
        System_Daemon::stop();
    }
}
PHP);
    sd_sig_wait(fn() => file_exists("$dir/looping"));
    if ($how === 'SIGTERM') {
        sd_sig_send('TERM', $pid);
    } else {
        touch("$dir/stop-yourself");
    }
    $gone = sd_sig_wait(fn() => sd_sig_dead($pid));
    echo "$how: ", $gone ? "stopped" : "still running", "\n";
    echo preg_replace('/^.*(Starting|output in|Received signal).*\n/m', '', sd_nodate(file_get_contents("$dir/daemon.log")));
    @unlink("$dir/looping");
    @unlink("$dir/stop-yourself");
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('signal_daemon_dying_at_shutdown');
?>
--EXPECT--
SIGTERM: stopped
[DATE]     info: Stopping sdsig
[DATE]     info: shutdown function: isDying true
[DATE]     info: destructor: isDying true
stop(): stopped
[DATE]     info: Stopping sdsig
[DATE]     info: shutdown function: isDying true
[DATE]     info: destructor: isDying true
