--TEST--
iterate() clears the stat cache: a loop that never calls clearstatcache() sees another process grow a file between two iterate() calls
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php
// PHP 8.4 keeps no stat cache for plain files: there is nothing for iterate() to clear.
$f = tempnam(sys_get_temp_dir(), 'sdstat');
file_put_contents($f, 'abc');
filesize($f);
$h = fopen($f, 'a');
fwrite($h, 'def');
fclose($h);
$cached = filesize($f) === 3;
unlink($f);
if (!$cached) die('skip this PHP does not cache stat() results for plain files');
?>
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('iterate_clears_stat_cache');
$f = "$dir/watched";
file_put_contents($f, 'abc');
// Another process grows the file on request. Started once, before the first stat:
// PHP 8.4 clears the stat cache itself when it runs a program (exec(), proc_open()),
// so the growth must not start a new process from here.
$p = proc_open(['sh', '-c', 'while read x; do printf def >> "$1"; echo grown; done', 'sh', $f],
               [0 => ['pipe', 'r'], 1 => ['pipe', 'w']], $pipes);
$grow = function () use ($pipes) { fwrite($pipes[0], "x\n"); fgets($pipes[1]); };
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
fclose($pipes[0]);
proc_close($p);
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
