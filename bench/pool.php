<?php
/* A pool of workers (issue 21), measured in the same run on 127.0.0.1:
 *  1. the master's CPU time (utime + stime from /proc/<master>/stat) while 4 workers
 *     serve SECONDS of requests from 4 clients (target: about 0 ticks);
 *  2. from a worker's kill -9 to its replacement reaching its loop (the replacement
 *     writes the monotonic clock to a file at its first isDying()), ROUNDS kills
 *     (target: <= 50 ms; appMinUptime 0, so the back-off's deliberate wait, policy
 *     rather than cost, is not timed);
 *  3. requests/s of a pool of 1 against one process (appWorkers 0) on the same loop,
 *     one client each (target: the pool's worker no slower, ratio >= ~0.95), and of the
 *     pool of 4 against 4 clients (bounded by this machine's cores, printed beside it).
 *
 *   php bench/pool.php [SECONDS] [ROUNDS]        (EXT: override the module)
 * The bench process itself needs no module: it only connects, kills and reads files. */
if (($argv[1] ?? '') === 'client') {
    // One client: connect, read the answer, close, for the given seconds; prints its count.
    [, , $port, $secs] = $argv;
    $end = hrtime(true) + (int)((float)$secs * 1e9);
    $n = 0;
    while (hrtime(true) < $end) {
        $c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
        if ($c && fgets($c) !== false) {
            $n++;
        }
        if ($c) {
            fclose($c);
        }
    }
    echo "$n\n";
    exit(0);
}
$secs = (float)($argv[1] ?? 3);
$rounds = (int)($argv[2] ?? 10);
$tmp = sys_get_temp_dir() . '/sd_bench_pool.' . getmypid();
mkdir($tmp);
$ext = getenv('EXT') ?: dirname(__DIR__) . '/modules/system_daemon.so';
$php = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($ext);
$client = escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg(__FILE__) . ' client';

// The daemon: the loop of examples/pool_server.php, plus a marker at a worker's first
// pass through its loop. stdout/stderr go to a file so that shell_exec() returns when
// the launcher does.
function daemon(string $php, string $tmp, int $workers): array
{
    foreach (glob("$tmp/*") as $f) {
        unlink($f);
    }
    file_put_contents("$tmp/d.php", "<?php
\$server = stream_socket_server('tcp://127.0.0.1:0');
\$name = stream_socket_get_name(\$server, false);
file_put_contents('$tmp/port', substr(\$name, strrpos(\$name, ':') + 1));
System_Daemon::setOptions(['appName' => 'poolbench', 'appDir' => '$tmp', 'logLocation' => '$tmp/d.log',
    'appPidLocation' => '$tmp/d.pid', 'appWorkers' => $workers, 'appMinUptime' => 0, 'appStopGraceSec' => 5]);
System_Daemon::start();
\$first = true;
while (!System_Daemon::isDying()) {
    if (\$first) { file_put_contents('$tmp/up.' . getmypid(), hrtime(true)); \$first = false; }
    if (\$c = @stream_socket_accept(\$server, 1)) { fwrite(\$c, \"ok\\n\"); fclose(\$c); }
}
");
    shell_exec("$php $tmp/d.php > $tmp/out 2>&1");
    $pid = (int)@file_get_contents("$tmp/d.pid");
    for ($i = 0; $i < 500 && count(glob("$tmp/up.*")) < max(1, $workers); $i++) {
        usleep(10000);
    }
    if ($pid <= 0 || count(glob("$tmp/up.*")) < max(1, $workers)) {
        fwrite(STDERR, "the daemon did not come up:\n" . @file_get_contents("$tmp/out") . @file_get_contents("$tmp/d.log"));
        exit(1);
    }
    return [$pid, (int)file_get_contents("$tmp/port")];
}

function stop(string $tmp, int $pid): void
{
    posix_kill($pid, SIGTERM);
    for ($i = 0; $i < 1000 && file_exists("$tmp/d.pid"); $i++) {
        usleep(10000);
    }
}

function load(string $client, int $port, float $secs, int $clients): float
{
    $procs = [];
    for ($i = 0; $i < $clients; $i++) {
        $procs[] = popen("$client $port $secs", 'r');
    }
    $n = 0;
    foreach ($procs as $p) {
        $n += (int)stream_get_contents($p);
        pclose($p);
    }
    return $n / $secs;
}

function cpu_ticks(int $pid): int
{
    // Fields after the command's closing parenthesis; utime and stime are the 14th and
    // 15th of the whole line.
    $stat = (string)file_get_contents("/proc/$pid/stat");
    $f = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    return (int)$f[11] + (int)$f[12];
}

function children(int $pid): array
{
    $kids = [];
    foreach (glob('/proc/[0-9]*/stat') as $f) {
        $stat = @file_get_contents($f);
        if ($stat !== false && (int)explode(' ', substr($stat, strrpos($stat, ')') + 2))[1] === $pid) {
            $kids[] = (int)basename(dirname($f));
        }
    }
    return $kids;
}

// 3 (first, on a quiet machine): one process against a pool of one, alternating.
$single = $pool1 = [];
for ($r = 0; $r < 3; $r++) {
    [$pid, $port] = daemon($php, $tmp, 0);
    $single[] = load($client, $port, $secs, 1);
    stop($tmp, $pid);
    [$pid, $port] = daemon($php, $tmp, 1);
    $pool1[] = load($client, $port, $secs, 1);
    stop($tmp, $pid);
}
sort($single);
sort($pool1);
$a = $single[1];
$b = $pool1[1];

// 1. The master's CPU while 4 workers serve 4 clients.
[$pid, $port] = daemon($php, $tmp, 4);
$t0 = cpu_ticks($pid);
$pool4 = load($client, $port, $secs, 4);
$master = cpu_ticks($pid) - $t0;

// 2. kill -9 of a worker to its replacement's first pass through its loop.
$took = [];
for ($r = 0; $r < $rounds; $r++) {
    $kids = children($pid);
    $victim = $kids[$r % count($kids)];
    $before = glob("$tmp/up.*");
    $t = hrtime(true);
    posix_kill($victim, SIGKILL);
    $new = [];
    for ($i = 0; $i < 2000 && !$new; $i++) {
        usleep(500);
        $new = array_diff(glob("$tmp/up.*"), $before);
    }
    $mark = $new ? (int)@file_get_contents(reset($new)) : 0;
    if (!$new || $mark === 0) {
        usleep(5000);   // the marker is being written
        $mark = $new ? (int)@file_get_contents(reset($new)) : 0;
    }
    if ($mark === 0) {
        fwrite(STDERR, "no replacement within 1 s of the kill of $victim\n" . file_get_contents("$tmp/d.log"));
        stop($tmp, $pid);
        exit(1);
    }
    $took[] = ($mark - $t) / 1e6;
    usleep(100000);
}
stop($tmp, $pid);
sort($took);
$cores = (int)shell_exec('nproc');

printf("master's CPU while 4 workers served %.0f requests in %.1f s: %d ticks (utime+stime, %d Hz; target ~0)\n",
    $pool4 * $secs, $secs, $master, (int)shell_exec('getconf CLK_TCK'));
printf("kill -9 of a worker -> its replacement in its loop: median %.1f ms, max %.1f ms over %d kills (target <= 50 ms)\n",
    $took[intdiv(count($took), 2)], max($took), count($took));
printf("requests/s, one client: one process %.0f, a pool of 1 %.0f: %.2fx (target: no slower)\n", $a, $b, $b / $a);
printf("requests/s, 4 clients: a pool of 4 %.0f, %.2fx one process on %d core(s)\n", $pool4, $pool4 / $a, $cores);
array_map('unlink', glob("$tmp/*"));
rmdir($tmp);
