--TEST--
Log: lines written into a log file deleted under the daemon (no HUP) are saved into the new file, none lost
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_delete_without_hup');
System_Daemon::setOptions(['appName' => 'del', 'logLocation' => "$dir/del.log"]);
ob_start();
// Start on a fresh second so that the deletion happens between two rotation checks.
$t = time();
while (time() === $t) usleep(1000);
for ($i = 0; $i < 100; $i++) System_Daemon::info('line %d', $i);
unlink("$dir/del.log");
// These go into the deleted file until the next second's check notices it.
for (; $i < 150; $i++) System_Daemon::info('line %d', $i);
$t = time();
while (time() <= $t + 1) { System_Daemon::info('line %d', $i++); usleep(2000); }
ob_end_clean();
preg_match_all('/info: line (\d+)$/m', file_get_contents("$dir/del.log"), $m);
$have = array_count_values($m[1]);
$missing = 0;
for ($j = 100; $j < $i; $j++) {
    if (!isset($have[$j])) $missing++;
}
$twice = count(array_filter($have, function ($n) { return $n > 1; }));
echo "written after the delete: ", $i - 100 >= 100 ? 'at least 100' : $i - 100, "\n";
echo "missing: $missing\n";
echo "written twice: $twice\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_delete_without_hup');
?>
--EXPECT--
written after the delete: at least 100
missing: 0
written twice: 0
