--TEST--
Fatal errors carry their stack: out of memory, max_execution_time (sysMaxExecutionTime) and a compile error in an included file log the PHP stack (function, file:line) at CRIT; an uncaught exception keeps the trace its message has
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('fatal_error_stack');
$run = function (string $body, array $options = []) use ($dir) {
    @unlink("$dir/daemon.log");
    // Not sd_sig_daemon(): the daemon may be gone, pid file and all, before its launcher returns.
    $options += ['appName' => 'sdfatal', 'appDir' => $dir, 'logLocation' => "$dir/daemon.log",
        'appPidLocation' => "$dir/run/daemon.pid", 'logVerbosity' => 7];
    file_put_contents("$dir/daemon.php", "<?php\nSystem_Daemon::setOptions(" . var_export($options, true)
        . ");\nSystem_Daemon::start();\n$body\n");
    [, $err, $status] = sd_run_file("$dir/daemon.php");
    if ($status !== 0) echo "launcher: $status $err\n";
    sd_sig_wait(fn() => str_contains((string)@file_get_contents("$dir/daemon.log"), '[PHP ')
        && !file_exists("$dir/run/daemon.pid"), 20);
    sd_sig_kill_leftover("$dir/run/daemon.pid");
    // The CRIT lines only, paths made short; the ERR line of the error itself is older.
    $log = preg_replace('~ (at |in |\[l:)?\S*/sd_test_fatal_error_stack/~', ' $1', sd_nodate(file_get_contents("$dir/daemon.log")));
    echo implode("\n", preg_grep('/^\[DATE\] +crit:/', explode("\n", $log))), "\n";
};

echo "--- out of memory\n";
$run(<<<'PHP'
ini_set('memory_limit', '16M');
class Cache {
    public array $rows = [];
    function fill() { for (;;) { $this->rows[] = str_repeat('x', 1 << 20); } }
}
function work(Cache $c) { $c->fill(); }
System_Daemon::iterate();
work(new Cache);
PHP);

echo "--- max_execution_time\n";
$run(<<<'PHP'
function spin() { for (;;) { $x = 1; } }
function handle() { spin(); }
System_Daemon::iterate();
handle();
PHP, ['sysMaxExecutionTime' => 1]);

echo "--- compile error in an included file\n";
file_put_contents("$dir/broken.php", "<?php\nfunction twice() {}\nfunction twice() {}\n");
$run(<<<'PHP'
function load() { require __DIR__ . '/broken.php'; }
System_Daemon::iterate();
load();
PHP);

echo "--- uncaught exception\n";
$run(<<<'PHP'
function fail() { throw new RuntimeException('no queue'); }
System_Daemon::iterate();
fail();
PHP);
echo file_get_contents("$dir/daemon.log") === '' ? "no log\n" : (str_contains(file_get_contents("$dir/daemon.log"), "#0 ") ? "the exception's own trace is logged\n" : "no trace\n");
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('fatal_error_stack');
?>
--EXPECTF--
--- out of memory
[DATE]     crit: [PHP Fatal error] Allowed memory size of 16777216 bytes exhausted (tried to allocate %d bytes); stack:
[DATE]     crit:     #0 Cache::fill() at daemon.php:13
[DATE]     crit:     #1 work() at daemon.php:15
[DATE]     crit:     #2 {main} at daemon.php:17 [l:13]
--- max_execution_time
[DATE]     crit: [PHP Fatal error] Maximum execution time of 1 second exceeded; stack:
[DATE]     crit:     #0 spin() at daemon.php:11
[DATE]     crit:     #1 handle() at daemon.php:12
[DATE]     crit:     #2 {main} at daemon.php:14 [l:11]
--- compile error in an included file
[DATE]     crit: [PHP Fatal error] Cannot redeclare twice() (previously declared in broken.php:2); stack:
[DATE]     crit:     #0 load() at daemon.php:10
[DATE]     crit:     #1 {main} at daemon.php:12 [l:3]
--- uncaught exception

the exception's own trace is logged
