--TEST--
Fatal errors carry their stack: max_execution_time (sysMaxExecutionTime) and a compile error in an included file log the PHP stack (function, file:line) at CRIT; an uncaught exception keeps the trace its message has
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/fatal.inc';
$dir = sd_dir('fatal_error_stack');
$run = fn(string $body, array $options = []) => sd_fatal_run($dir, $body, $options);

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
--- max_execution_time
[DATE]     crit: [PHP Fatal error] Maximum execution time of 1 second exceeded; stack:
[DATE]     crit:     #0 spin() at daemon.php:11
[DATE]     crit:     #1 handle() at daemon.php:12
[DATE]     crit:     #2 {main} at daemon.php:14 [l:11]
--- compile error in an included file
[DATE]     crit: [PHP Fatal error] Cannot redeclare %r(function )?%rtwice() (previously declared in broken.php:2); stack:
[DATE]     crit:     #0 load() at daemon.php:10
[DATE]     crit:     #1 {main} at daemon.php:12 [l:3]
--- uncaught exception

the exception's own trace is logged
