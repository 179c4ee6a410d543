--TEST--
appHeartbeatFile is touched while the loop turns and goes stale while one iteration is stuck; appStatusFile parses with a growing iteration count (JSON, and Prometheus text for a .prom name); both go on a clean stop
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('observe_heartbeat_status');
$hb = "$dir/hb";
$st = "$dir/status.json";
$body = <<<'PHP'
file_put_contents(__DIR__ . '/looping', '1');
while (!System_Daemon::isDying()) {
    if (file_exists(__DIR__ . '/stuck')) {
        unlink(__DIR__ . '/stuck');
        usleep(3500000);  // one iteration that does not come back for 3.5 s
    }
    System_Daemon::iterate(0.05);
}
PHP;
$age = function (string $f): int { clearstatcache(); return time() - filemtime($f); };
$status = function () use ($st): array { clearstatcache(); return json_decode(file_get_contents($st), true, 8, JSON_THROW_ON_ERROR); };

$pid = sd_sig_daemon($dir, $body, ['appHeartbeatFile' => $hb, 'appHeartbeatInterval' => 1,
    'appStatusFile' => $st, 'appStatusInterval' => 1]);
sd_sig_wait(fn() => file_exists("$dir/looping"));
echo 'heartbeat owner and mode: ', fileowner($hb) === getmyuid() ? 'daemon user' : fileowner($hb), ' ', decoct(fileperms($hb) & 0777), "\n";

// made old by hand: the turning loop makes it fresh again within the interval
touch($hb, time() - 100);
sd_sig_wait(fn() => $age($hb) < 3, 5);
echo 'while the loop turns: ', $age($hb) < 3 ? 'fresh' : 'stale', "\n";

$s1 = $status();
usleep(1500000);
$s2 = $status();
echo 'status: pid ', $s1['pid'] === $pid ? 'ok' : $s1['pid'], ', iterations grow: ', $s2['iterations'] > $s1['iterations'] ? 'yes' : "no ({$s1['iterations']} -> {$s2['iterations']})",
    ', keys: ', implode(' ', array_keys($s2)), "\n";

// stuck: nothing touches it any more
touch("$dir/stuck");
sd_sig_wait(fn() => !file_exists("$dir/stuck"), 5);
touch($hb, time() - 100);
usleep(2500000);
echo 'while one iteration is stuck: ', $age($hb) < 3 ? 'fresh' : 'stale', "\n";
sd_sig_wait(fn() => $age($hb) < 3, 5);
echo 'after it: ', $age($hb) < 3 ? 'fresh' : 'stale', "\n";

sd_sig_send('TERM', $pid);
sd_sig_wait(fn() => sd_sig_dead($pid), 10);
clearstatcache();
echo 'after a clean stop: heartbeat ', file_exists($hb) ? 'still there' : 'removed', ', status ', file_exists($st) ? 'still there' : 'removed', "\n";

// Prometheus' text format for a .prom name
@unlink("$dir/looping");
$prom = "$dir/daemon.prom";
$pid = sd_sig_daemon($dir, $body, ['appStatusFile' => $prom, 'appStatusInterval' => 1]);
sd_sig_wait(fn() => file_exists("$dir/looping"));
usleep(1200000);
clearstatcache();
$text = file_get_contents($prom);
preg_match('/^system_daemon_iterations_total\{app="sdsig"\} (\d+)$/m', $text, $m);
echo 'prom: ', isset($m[1]) && $m[1] > 0 ? 'iterations counted' : "no count in: $text", ', ',
    str_contains($text, "# TYPE system_daemon_iterations_total counter\n") ? 'typed' : 'untyped', "\n";
sd_sig_send('TERM', $pid);
sd_sig_wait(fn() => sd_sig_dead($pid), 10);
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('observe_heartbeat_status');
?>
--EXPECT--
heartbeat owner and mode: daemon user 644
while the loop turns: fresh
status: pid ok, iterations grow: yes, keys: app pid uptime iterations rss rssPeak sinceIteration slowestIteration recycles lastRecycle
while one iteration is stuck: stale
after it: fresh
after a clean stop: heartbeat removed, status removed
prom: iterations counted, typed
