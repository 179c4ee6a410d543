<?php
/**
 * Signals and iterate(), measured in the same run:
 *  - SIGTERM to a daemon sleeping in iterate(5): time until its pid file is gone,
 *    median of ROUNDS daemons, as a ratio of the 50 ms budget (issue 4: ratio <= 1).
 *  - iterate(0) calls/s against a PHP function doing what the PEAR package's iterate()
 *    did (sleep/usleep, clearstatcache, gc_collect_cycles, an option lookup, a
 *    pcntl_signal_dispatch when pcntl is there): target >= 100x.
 *  - memory_get_usage() across CALLS iterate(0) + info() calls in a daemon: target
 *    within 4 KB.
 *
 *   php -d extension=modules/system_daemon.so bench/signals.php [ROUNDS] [CALLS]
 */
$rounds = (int)($argv[1] ?? 20);
$calls = (int)($argv[2] ?? 1000000);
$dir = sys_get_temp_dir() . '/sd_sigbench_' . getmypid();
@mkdir($dir);
$ext = realpath(__DIR__ . '/../modules/system_daemon.so');
$php = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext);
file_put_contents("$dir/d.php", '<?php
System_Daemon::setOptions(["appName" => "sigbench", "appDir" => __DIR__,
    "logLocation" => __DIR__ . "/d.log", "appPidLocation" => __DIR__ . "/run/d.pid"]);
System_Daemon::start();
while (!System_Daemon::isDying()) System_Daemon::iterate(5);
');

function median(array $a): float
{
    sort($a);
    return $a[intdiv(count($a), 2)];
}

$lat = [];
for ($r = 0; $r < $rounds; $r++) {
    exec("$php " . escapeshellarg("$dir/d.php") . ' < /dev/null > /dev/null 2>&1', $o, $rc);
    if ($rc !== 0) {
        fwrite(STDERR, "start failed ($rc)\n");
        exit(1);
    }
    $pid = (int)file_get_contents("$dir/run/d.pid");
    usleep(50000);  // asleep in iterate(5) by now
    $kill = proc_open(['kill', '-TERM', (string)$pid], [], $pipes);
    // The clock starts when kill(1) has run: what is measured is the daemon's side.
    proc_close($kill);
    $t = hrtime(true);
    while (file_exists("$dir/run/d.pid")) {
        usleep(100);
        if ((hrtime(true) - $t) > 5e9) {
            fwrite(STDERR, "daemon $pid did not stop within 5 s\n");
            exit(1);
        }
    }
    $lat[] = (hrtime(true) - $t) / 1e6;
}
$m = median($lat);
printf("SIGTERM -> pid file gone: median %.2f ms of %d (min %.2f, max %.2f); ratio to the 50 ms budget %.3f\n",
    $m, $rounds, min($lat), max($lat), $m / 50);

// What PEAR's iterate(0) did, minus the PHP 8 parse error of its OS class.
class Pear_Iterate
{
    static $opts = ['doTicks' => false];
    static function opt($n) { return self::$opts[$n] ?? null; }
    static function iterate($sleepSeconds = 0)
    {
        if ($sleepSeconds >= 1) {
            sleep($sleepSeconds);
        } elseif (is_numeric($sleepSeconds)) {
            usleep($sleepSeconds * 1000000);
        }
        clearstatcache();
        if (function_exists('gc_collect_cycles')) {
            gc_collect_cycles();
        }
        if (self::opt('doTicks') === false && function_exists('pcntl_signal_dispatch')) {
            pcntl_signal_dispatch();
        }
        return true;
    }
}
$pearCalls = max(1000, intdiv($calls, 100));
$t = hrtime(true);
for ($i = 0; $i < $pearCalls; $i++) Pear_Iterate::iterate(0);
$pear = $pearCalls / ((hrtime(true) - $t) / 1e9);
$t = hrtime(true);
for ($i = 0; $i < $calls; $i++) System_Daemon::iterate(0);
$ours = $calls / ((hrtime(true) - $t) / 1e9);
printf("iterate(0): ours %.0f/s, PEAR's %.0f/s: %.0fx (target >= 100x)\n", $ours, $pear, $ours / $pear);

file_put_contents("$dir/m.php", '<?php
System_Daemon::setOptions(["appName" => "sigbench", "appDir" => __DIR__,
    "logLocation" => __DIR__ . "/m.log", "appPidLocation" => __DIR__ . "/run/m.pid"]);
System_Daemon::start();
$n = (int)$argv[1];
for ($i = 0; $i < 1000; $i++) { System_Daemon::iterate(0); System_Daemon::info("warm %d", $i); }
$before = memory_get_usage();
for ($i = 0; $i < $n; $i++) { System_Daemon::iterate(0); System_Daemon::info("line %d", $i); }
file_put_contents(__DIR__ . "/m.result", memory_get_usage() - $before);
');
@unlink("$dir/m.result");
exec("$php " . escapeshellarg("$dir/m.php") . " $calls < /dev/null > /dev/null 2>&1");
$t = microtime(true);
while (!file_exists("$dir/m.result") && microtime(true) - $t < 120) usleep(10000);
usleep(10000);
printf("memory after %d iterate(0) + info(): %+d bytes (target within 4096)\n", $calls, (int)@file_get_contents("$dir/m.result"));

exec('rm -rf ' . escapeshellarg($dir));
