<?php
/**
 * Soak: a daemon doing CALLS iterate(0) + info() cycles while USR1, HUP and WINCH
 * arrive from outside (SIGNALS_PER_S of each kind), with its log renamed away every
 * ROTATE_S seconds (as logrotate would, followed by a HUP). The daemon samples its
 * own RSS (/proc/self/statm), memory_get_usage() and open descriptor count at 10%,
 * 20%, ... 100% and writes them out; this script prints the samples and the drift
 * from the 10% sample, and counts the log lines across all rotated files (none lost).
 *
 *   php -d extension=modules/system_daemon.so bench/soak.php [CALLS]
 * Exit status 1 when RSS grew by more than 1 MB, memory_get_usage() by more than
 * 4 KB, the fd count changed, or a line is missing.
 */
$calls = (int)($argv[1] ?? 1000000);
$dir = sys_get_temp_dir() . '/sd_soak_' . getmypid();
@mkdir($dir);
$ext = realpath(__DIR__ . '/../modules/system_daemon.so');
$php = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext);
file_put_contents("$dir/d.php", '<?php
$calls = (int)$argv[1];
System_Daemon::setOptions(["appName" => "soak", "appDir" => __DIR__,
    "logLocation" => __DIR__ . "/d.log", "appPidLocation" => __DIR__ . "/run/d.pid"]);
$got = ["USR1" => 0, "HUP" => 0, "WINCH" => 0];
System_Daemon::start();
System_Daemon::setSigHandler(SIGUSR1, function () use (&$got) { $got["USR1"]++; });
System_Daemon::setSigHandler(SIGWINCH, function () use (&$got) { $got["WINCH"]++; });
$fds = function () { return count(scandir("/proc/self/fd")) - 2; };
$rss = function () { return (int)explode(" ", file_get_contents("/proc/self/statm"))[1] * 4096; };
// Preallocated: appending samples would itself grow memory_get_usage().
// Four int arrays written in place: no allocation once they exist.
$at = array_fill(0, 10, 0); $rs = $at; $mu = $at; $fd = $at;
$at[0] = 1; $rs[0] = 1; $mu[0] = 1; $fd[0] = 1; // separate them (copy on write) now
$n = 0;
for ($i = 1; $i <= $calls && !System_Daemon::isDying(); $i++) {
    System_Daemon::iterate(0);
    System_Daemon::info("cycle %d", $i);
    if ($i % intdiv($calls, 10) === 0) {
        $mu[$n] = memory_get_usage(); $rs[$n] = $rss(); $fd[$n] = $fds(); $at[$n++] = $i;
    }
}
$samples = array_map(null, $at, $rs, $mu, $fd);
file_put_contents(__DIR__ . "/samples.json", json_encode(["samples" => $samples, "got" => $got, "last" => $i - 1]));
System_Daemon::stop();
');

exec("$php " . escapeshellarg("$dir/d.php") . " $calls < /dev/null > /dev/null 2>&1", $o, $rc);
if ($rc !== 0) {
    fwrite(STDERR, "start failed ($rc)\n");
    exit(1);
}
usleep(100000);
$pid = (int)file_get_contents("$dir/run/d.pid");
$t0 = microtime(true);
$sent = ['USR1' => 0, 'HUP' => 0, 'WINCH' => 0];
$rot = 0;
$nextRotate = $t0 + 2;
// Signals through kill(1): this script must not need posix or pcntl either.
while (file_exists("/proc/$pid") && !file_exists("$dir/samples.json")) {
    foreach ([['USR1', 10], ['WINCH', 28], ['HUP', 1]] as [$name, $num]) {
        exec("kill -$num $pid 2>/dev/null", $o2, $k);
        if ($k === 0) $sent[$name]++;
    }
    if (microtime(true) >= $nextRotate) {
        $rot++;
        @rename("$dir/d.log", "$dir/d.log.$rot");
        exec("kill -1 $pid 2>/dev/null");
        $nextRotate += 2;
    }
    usleep(20000);
}
$deadline = microtime(true) + 30;
while (file_exists("/proc/$pid") && microtime(true) < $deadline) usleep(10000);
$elapsed = microtime(true) - $t0;
$r = json_decode((string)@file_get_contents("$dir/samples.json"), true);
if (!$r) {
    fwrite(STDERR, "no samples\n");
    exit(1);
}
$lines = 0;
$seen = [];
foreach (glob("$dir/d.log*") as $f) {
    foreach (file($f) as $l) {
        if (preg_match('/info: cycle (\d+)$/', rtrim($l), $m)) {
            $seen[(int)$m[1]] = true;
        }
    }
}
$missing = $r['last'] - count($seen);
printf("%d cycles in %.1f s (%.0f/s), %d log files after %d renames\n", $r['last'], $elapsed, $r['last'] / $elapsed, count(glob("$dir/d.log*")), $rot);
printf("signals sent USR1 %d, WINCH %d, HUP %d; handled USR1 %d, WINCH %d (coalesced while pending)\n",
    $sent['USR1'], $sent['WINCH'], $sent['HUP'], $r['got']['USR1'], $r['got']['WINCH']);
printf("%10s %12s %12s %5s\n", 'cycle', 'RSS', 'memory', 'fds');
foreach ($r['samples'] as [$i, $rss, $mem, $fds]) {
    printf("%10d %12d %12d %5d\n", $i, $rss, $mem, $fds);
}
$first = $r['samples'][0];
$last = end($r['samples']);
printf("drift from the 10%% sample: RSS %+d B, memory_get_usage %+d B, fds %+d; lines missing: %d\n",
    $last[1] - $first[1], $last[2] - $first[2], $last[3] - $first[3], $missing);
exec('rm -rf ' . escapeshellarg($dir));
exit(($last[1] - $first[1] > 1 << 20 || $last[2] - $first[2] > 4096 || $last[3] !== $first[3] || $missing !== 0) ? 1 : 0);
