<?php
/**
 * What start() adds to the launching command: the wall time of a script that
 * starts a daemon (the launcher returns once the daemon reported ready) against
 * `php -r ''` with the same binary and ini, measured in the same run, interleaved.
 * Target (issue 3): at most 10 ms added.
 *
 *   php -d extension=modules/system_daemon.so bench/start_overhead.php [ROUNDS]
 */
$rounds = (int)($argv[1] ?? 21);
$dir = sys_get_temp_dir() . '/sd_startbench_' . getmypid();
@mkdir($dir);
$ext = realpath(__DIR__ . '/../modules/system_daemon.so');
$php = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext);
file_put_contents("$dir/d.php", '<?php
System_Daemon::setOptions(["appName" => "startbench", "appDir" => __DIR__,
    "logLocation" => __DIR__ . "/d.log", "appPidLocation" => __DIR__ . "/d.pid"]);
System_Daemon::start();
System_Daemon::stop();
');

function timed(string $cmd, string $dir): float
{
    $t = hrtime(true);
    $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', "$dir/err", 'w']], $pipes);
    $code = proc_close($p);
    $dt = (hrtime(true) - $t) / 1e6;
    if ($code !== 0) {
        fwrite(STDERR, "command failed ($code): $cmd\n" . file_get_contents("$dir/err"));
        exit(1);
    }
    return $dt;
}

function median(array $a): float
{
    sort($a);
    return $a[intdiv(count($a), 2)];
}

$base = $start = [];
for ($i = 0; $i < $rounds; $i++) {
    $base[] = timed("$php -r ''", $dir);
    $start[] = timed("$php " . escapeshellarg("$dir/d.php"), $dir);
    // the daemon stops itself at once; wait for it before the next round
    for ($w = 0; $w < 500 && is_file("$dir/d.pid"); $w++) {
        usleep(1000);
        clearstatcache();
    }
}
$b = median($base);
$s = median($start);
printf("php -r ''           : %7.2f ms (median of %d)\n", $b, $rounds);
printf("script with start() : %7.2f ms\n", $s);
printf("start() adds        : %7.2f ms  (ratio %.2fx of the bare command; target: <= 10 ms added)\n", $s - $b, $s / $b);
exec('rm -rf ' . escapeshellarg($dir));
