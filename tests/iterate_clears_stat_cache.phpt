--TEST--
iterate() clears the stat cache: a loop that never calls clearstatcache() sees another process grow a file between two iterate() calls
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('iterate_clears_stat_cache');
$f = "$dir/watched";
file_put_contents($f, 'abc');
$grow = fn() => exec('printf def >> ' . escapeshellarg($f));
var_dump(filesize($f));
$grow();
// PHP's stat cache still answers 3 here: what iterate() must clear.
echo "without iterate(): ", filesize($f), "\n";
System_Daemon::iterate(0);
echo "after iterate(0): ", filesize($f), "\n";
$grow();
var_dump(is_file($f), filesize($f));
System_Daemon::iterate(0.01);
echo "after iterate(0.01): ", filesize($f), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('iterate_clears_stat_cache');
?>
--EXPECT--
int(3)
without iterate(): 3
after iterate(0): 6
bool(true)
int(6)
after iterate(0.01): 9
