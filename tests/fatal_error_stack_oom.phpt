--TEST--
Fatal errors carry their stack: out of memory logs the PHP stack (function, file:line) at CRIT (skipped where PHP does not enforce memory_limit)
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php
require __DIR__ . '/include/fatal.inc';
if (!sd_memory_limit_enforced()) die('skip this PHP does not enforce memory_limit (USE_ZEND_ALLOC=0)');
?>
--FILE--
<?php
require __DIR__ . '/include/fatal.inc';
$dir = sd_dir('fatal_error_stack_oom');
// Bounded, should the limit not hold after all: 1 GiB, not the machine's memory.
echo "--- out of memory\n";
sd_fatal_run($dir, <<<'PHP'
ini_set('memory_limit', '16M');
class Cache {
    public array $rows = [];
    function fill() { for ($i = 0; $i < 1024; $i++) { $this->rows[] = str_repeat('x', 1 << 20); } }
}
function work(Cache $c) { $c->fill(); }
System_Daemon::iterate();
work(new Cache);
PHP);

?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('fatal_error_stack_oom');
?>
--EXPECTF--
--- out of memory
[DATE]     crit: [PHP Fatal error] Allowed memory size of 16777216 bytes exhausted%r( at \S+)?%r (tried to allocate %d bytes); stack:
[DATE]     crit:     #0 Cache::fill() at daemon.php:13
[DATE]     crit:     #1 work() at daemon.php:15
[DATE]     crit:     #2 {main} at daemon.php:17 [l:13]
