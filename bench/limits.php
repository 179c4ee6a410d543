<?php
/* Limits (issue 24), measured in the same run:
 *  1. iterate(0) with every limit and the slow-iteration watch set, against none
 *     (target: at most 5% slower; median of ROUNDS alternating rounds);
 *  2. an in-place recycle, from the old loop's end to the new image's start() returning
 *     (target: <= 100 ms);
 *  3. the resident size of a daemon leaking 1 MB an iteration against appMaxMemory 64M
 *     (target: under the limit plus one sampling interval's growth).
 *
 *   php -d extension=modules/system_daemon.so bench/limits.php [ITERATIONS] [ROUNDS]
 * Daemons run in the foreground (appForeground) in scratch directories, one at a time. */
$n = (int)($argv[1] ?? 200000);
$rounds = (int)($argv[2] ?? 7);
$tmp = sys_get_temp_dir() . '/sd_bench_limits.' . getmypid();
mkdir($tmp);
$ext = getenv('EXT') ?: dirname(__DIR__) . '/modules/system_daemon.so';
$php = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext);

function run(string $php, string $tmp, string $code): string
{
    file_put_contents("$tmp/d.php", "<?php\n$code");
    return (string)shell_exec("$php $tmp/d.php 2>&1");
}
$opts = "'appName' => 'bench', 'appDir' => '$tmp', 'appForeground' => true, 'appPidLocation' => '$tmp/b.pid', 'logVerbosity' => 4";
$loop = "System_Daemon::start(); \$t = hrtime(true); for (\$i = 0; \$i < $n; \$i++) System_Daemon::iterate(0); echo (hrtime(true) - \$t) / $n;";
$none = $with = [];
for ($r = 0; $r < $rounds; $r++) {
    $none[] = (float)run($php, $tmp, "System_Daemon::setOptions([$opts]); $loop");
    $with[] = (float)run($php, $tmp, "System_Daemon::setOptions([$opts, 'appMaxMemory' => '1G', 'appMaxRunTime' => 3600,
        'appMaxIterations' => 1000000000, 'appLimitJitter' => 0.1, 'appIterationWarnSec' => 60, 'appIterationTimeoutSec' => 120]); $loop");
}
sort($none); sort($with);
$a = $none[intdiv($rounds, 2)]; $b = $with[intdiv($rounds, 2)];
printf("iterate(0): %.0f ns without limits, %.0f ns with every limit and the watch: %+.1f%% (target <= +5%%)\n", $a, $b, ($b / $a - 1) * 100);

// 2. Recycle time: the first image notes the monotonic clock when its loop has ended.
// appMinUptime 0: the image lives a few milliseconds, and the back-off's deliberate wait
// (0.1 s and up for an image younger than appMinUptime) is policy, not the recycle's cost.
$rec = [];
for ($r = 0; $r < $rounds; $r++) {
    @unlink("$tmp/ended");
    $out = run($php, $tmp, "System_Daemon::setOptions([$opts, 'appMaxIterations' => 3, 'appMinUptime' => 0]);
System_Daemon::start();
if (System_Daemon::stats()['recycles'] > 0) { echo (hrtime(true) - (int)file_get_contents('$tmp/ended')) / 1e6; System_Daemon::stop(); }
while (!System_Daemon::isDying()) System_Daemon::iterate(0);
register_shutdown_function(fn() => file_put_contents('$tmp/ended', hrtime(true)));");
    $rec[] = (float)$out;
}
sort($rec);
printf("recycle in place (loop ended -> new image's start() returned): median %.1f ms, max %.1f ms (target <= 100 ms)\n",
    $rec[intdiv($rounds, 2)], max($rec));

// 3. Resident size of a leaking daemon: the highest figure stats() saw, over 3 recycles.
$out = run($php, $tmp, "System_Daemon::setOptions([$opts, 'appMaxMemory' => '64M', 'appLimitAction' => 'restart']);
System_Daemon::start();
\$s = System_Daemon::stats();
\$max = (int)@file_get_contents('$tmp/max');
if (\$s['recycles'] >= 3) { echo \$max; System_Daemon::stop(); }
\$leak = [];
while (!System_Daemon::isDying()) { \$leak[] = str_repeat('x', 1 << 20); System_Daemon::iterate(0.002); \$max = max(\$max, System_Daemon::stats()['rss']); }
file_put_contents('$tmp/max', \$max);");
printf("leaking 1 MB an iteration against appMaxMemory 64M: highest resident size %.1f MB over 3 recycles\n", (int)$out / 1048576);
array_map('unlink', glob("$tmp/*"));
rmdir($tmp);
