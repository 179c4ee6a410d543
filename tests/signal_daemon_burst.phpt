--TEST--
Daemon: 10,000 mixed signals in a burst (USR1 with a handler, USR2 ignored, HUP, CHLD, WINCH): no crash, no deadlock, the loop keeps running, memory flat
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('signal_daemon_burst');
$pid = sd_sig_daemon($dir, <<<'PHP'
$handled = 0;
System_Daemon::setSigHandler(SIGUSR1, function ($s, $i) use (&$handled) { $handled++; });
$loops = 0;
$base = null;
while (!System_Daemon::isDying()) {
    System_Daemon::iterate(0.001);
    if (++$loops === 200) {
        $base = memory_get_usage();
    }
    if ($loops % 50 === 0) {
        file_put_contents(__DIR__ . '/status.tmp', "$loops $handled " . ($base === null ? 0 : memory_get_usage() - $base));
        rename(__DIR__ . '/status.tmp', __DIR__ . '/status');
    }
}
PHP, ['logVerbosity' => 5]);
$status = fn() => array_map('intval', explode(' ', (string)@file_get_contents("$dir/status") ?: '0 0 0'));
sd_sig_wait(fn() => $status()[0] >= 300);
[$loops0, , $mem0] = $status();
// kill is a shell builtin: 2,500 rounds of 4 signals leave as fast as the shell goes.
exec("sh -c 'i=0; while [ \$i -lt 2500 ]; do kill -USR1 $pid; kill -USR2 $pid; kill -HUP $pid; kill -CHLD $pid; i=\$((i+1)); done; kill -WINCH $pid' 2>&1", $o, $rc);
echo "sender: ", $rc === 0 ? "all 10,000 sent" : "failed: " . implode(' ', $o), "\n";
usleep(200000);
[$loops1, $handled, $mem1] = $status();
usleep(200000);
[$loops2] = $status();
echo "alive: ", sd_sig_dead($pid) ? "no" : "yes", "\n";
echo "loop kept running: ", $loops1 > $loops0 && $loops2 > $loops1 ? "yes" : "no ($loops0 $loops1 $loops2)", "\n";
echo "USR1 handler ran: ", $handled > 0 ? "yes" : "no", "\n";
echo "memory flat: ", abs($mem1 - $mem0) <= 4096 ? "yes" : "no ($mem0 -> $mem1)", "\n";
sd_sig_send('TERM', $pid);
echo "stopped: ", sd_sig_wait(fn() => sd_sig_dead($pid), 5) && !file_exists("$dir/run/daemon.pid") ? "yes" : "no", "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('signal_daemon_burst');
?>
--EXPECT--
sender: all 10,000 sent
alive: yes
loop kept running: yes
USR1 handler ran: yes
memory flat: yes
stopped: yes
