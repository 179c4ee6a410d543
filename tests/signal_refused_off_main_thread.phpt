--TEST--
Threads: setSigHandler() on a thread other than the process's main one is refused with a warning saying why, and the process's signal dispositions stay as they were
--SKIPIF--
<?php
if (PHP_OS_FAMILY !== 'Linux') die('skip Linux only (thread ids, LD_PRELOAD, /proc/self/status)');
exec('command -v cc', $o, $rc);
if ($rc !== 0) die('skip no C compiler to build the thread shim');
?>
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('signal_refused_off_main_thread');
$shim = "$dir/off_main_thread.so";
exec('cc -shared -fPIC -o ' . escapeshellarg($shim) . ' ' . escapeshellarg(__DIR__ . '/include/off_main_thread.c')
     . ' -ldl -lpthread 2>&1', $out, $rc);
if ($rc !== 0) die("cannot build the shim: " . implode("\n", $out));

$code = <<<'PHP'
[$pid, , $tid] = explode('/', readlink('/proc/thread-self'));
echo $tid === $pid ? "on the main thread\n" : "on another thread\n";
/* Whether the process catches SIGWINCH (SigCgt, a hex mask; bit signo - 1). */
function catches_winch(): bool {
    preg_match('/^SigCgt:\s*([0-9a-f]+)$/m', file_get_contents('/proc/self/status'), $m);
    $low = hexdec(substr($m[1], -8));
    return (bool) ($low & (1 << (SIGWINCH - 1)));
}
set_error_handler(function ($no, $str) use ($pid, $tid) {
    echo "warning: ", str_replace([" ($tid) ", " process $pid:"], [' (TID) ', ' process PID:'], $str), "\n";
    return true;
});
var_dump(catches_winch());
var_dump(System_Daemon::setSigHandler(SIGWINCH, function () {}));
var_dump(catches_winch());
$t = microtime(true);
System_Daemon::iterate(0.2);
echo "iterate slept: ", microtime(true) - $t >= 0.19 ? "yes" : "no", "\n";
PHP;
$file = "$dir/child.php";
file_put_contents($file, "<?php\n" . $code);
// Added to what is preloaded already (a sanitizer's runtime must stay in place).
$preload = (string)getenv('LD_PRELOAD');
putenv('LD_PRELOAD=' . ($preload !== '' ? "$preload:" : '') . $shim);
[$stdout, $stderr, $status] = sd_run_file($file);
putenv($preload !== '' ? "LD_PRELOAD=$preload" : 'LD_PRELOAD');
echo $stdout, $stderr, "status: $status\n";

// The same on the main thread: the handler is installed.
[$stdout, $stderr, $status] = sd_run_file($file);
echo $stdout, $stderr, "status: $status\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('signal_refused_off_main_thread');
?>
--EXPECT--
on another thread
bool(false)
warning: System_Daemon::setSigHandler(): setSigHandler() changes the signal handlers of the whole process: this thread (TID) is not the main thread of process PID: signal handlers, forking into a daemon and the pid file belong to the whole process, so only its main thread may take them
bool(false)
bool(false)
iterate slept: yes
status: 0
on the main thread
bool(false)
bool(true)
bool(true)
iterate slept: yes
status: 0
