--TEST--
Threads: start() from a thread other than the process's main one is refused with a System_Daemon_Exception naming the thread; nothing forks, no pid file
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip Linux only (thread ids, LD_PRELOAD)');
exec('command -v cc', $o, $rc);
if ($rc !== 0) die('skip no C compiler to build the thread shim');
?>
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('start_refused_off_main_thread');
$shim = "$dir/off_main_thread.so";
exec('cc -shared -fPIC -o ' . escapeshellarg($shim) . ' ' . escapeshellarg(__DIR__ . '/include/off_main_thread.c')
     . ' -ldl -lpthread 2>&1', $out, $rc);
if ($rc !== 0) die("cannot build the shim: " . implode("\n", $out));

$code = <<<'PHP'
[$pid, , $tid] = explode('/', readlink('/proc/thread-self'));
echo $tid === $pid ? "on the main thread\n" : "on another thread\n";
System_Daemon::setOptions([
    'appName' => 'sdthread',
    'appDir' => __DIR__,
    'logLocation' => __DIR__ . '/sdthread.log',
    'appPidLocation' => __DIR__ . '/sdthread/sdthread.pid',
]);
try {
    System_Daemon::start();
    echo "started\n";
} catch (System_Daemon_Exception $e) {
    echo str_replace([" ($tid) ", " process $pid:"], [' (TID) ', ' process PID:'], $e->getMessage()), "\n";
}
var_dump(System_Daemon::isInBackground());
PHP;
$file = "$dir/child.php";
file_put_contents($file, "<?php\n" . str_replace('__DIR__', var_export($dir, true), $code));
mkdir("$dir/sdthread");
// Added to what is preloaded already (a sanitizer's runtime must stay in place).
$preload = (string)getenv('LD_PRELOAD');
putenv('LD_PRELOAD=' . ($preload !== '' ? "$preload:" : '') . $shim);
[$stdout, $stderr, $status] = sd_run_file($file);
putenv($preload !== '' ? "LD_PRELOAD=$preload" : 'LD_PRELOAD');
echo sd_nodate($stdout);
echo "status: $status\n";
echo "stderr names it: ", var_export(str_contains($stderr, 'is not the main thread of process'), true), "\n";
echo "pid file: ", var_export(file_exists("$dir/sdthread/sdthread.pid"), true), "\n";

// The same script on the main thread (no shim) is not refused for this reason.
file_put_contents($file, str_replace('System_Daemon::start();', 'echo "would start\n"; exit;', file_get_contents($file)));
[$stdout] = sd_run_file($file);
echo $stdout;
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('start_refused_off_main_thread');
?>
--EXPECTF--
on another thread
[DATE]      err: Cannot daemonize from this thread: this thread (%d) is not the main thread of process %d: signal handlers, forking into a daemon and the pid file belong to the whole process, so only its main thread may take them [l:11]
Cannot daemonize from this thread: this thread (TID) is not the main thread of process PID: signal handlers, forking into a daemon and the pid file belong to the whole process, so only its main thread may take them
bool(false)
status: 0
stderr names it: true
pid file: false
on the main thread
would start
