--TEST--
Daemon: 100,000 iterate(0) + info() calls leave memory_get_usage() within 4 KB of where it started
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('iterate_memory_flat');
$pid = sd_sig_daemon($dir, <<<'PHP'
for ($i = 0; $i < 1000; $i++) { System_Daemon::iterate(0); System_Daemon::info('warm %d', $i); }
$before = memory_get_usage();
for ($i = 0; $i < 100000; $i++) {
    System_Daemon::iterate(0);
    System_Daemon::info('line %d', $i);
}
$delta = memory_get_usage() - $before;
file_put_contents(__DIR__ . '/result', "$delta");
PHP);
sd_sig_wait(fn() => file_exists("$dir/result"), 60);
$delta = (int)file_get_contents("$dir/result");
echo "memory delta within 4 KB: ", abs($delta) <= 4096 ? "yes" : "no ($delta)", "\n";
sd_sig_wait(fn() => sd_sig_dead($pid));
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('iterate_memory_flat');
?>
--EXPECT--
memory delta within 4 KB: yes
