--TEST--
Log: usePEARLogInstance - any object with log($message, $priority) gets the line instead of the file
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_pear_instance');
class FakePearLog {
    public array $got = [];
    function log($message, $priority = null) { $this->got[] = [$message, $priority]; return true; }
}
$pl = new FakePearLog;
System_Daemon::setOptions(['appName' => 'pear', 'logLocation' => "$dir/pear.log", 'logVerbosity' => 7]);
var_dump(System_Daemon::setOption('usePEARLogInstance', $pl));
ob_start();
$r = [System_Daemon::info('hello %s', 'world'), System_Daemon::err('failed'), System_Daemon::debug('dbg'),
      System_Daemon::log(System_Daemon::LOG_WARNING, 'direct', 'f.php', false, false, 12)];
System_Daemon::setOption('logVerbosity', 5);
System_Daemon::info('filtered out');
$echo = ob_get_clean();
var_dump($r, $echo, file_exists("$dir/pear.log"));
foreach ($pl->got as [$m, $p]) echo "$p: $m\n";
// false switches back to the file
System_Daemon::setOption('usePEARLogInstance', false);
ob_start();
System_Daemon::notice('to the file');
ob_end_clean();
echo sd_nodate(file_get_contents("$dir/pear.log"));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_pear_instance');
?>
--EXPECT--
bool(true)
array(4) {
  [0]=>
  bool(true)
  [1]=>
  bool(false)
  [2]=>
  bool(true)
  [3]=>
  bool(true)
}
string(0) ""
bool(false)
6: hello 'world'
3: failed [l:12]
7: dbg
4: direct [l:12]
[DATE]   notice: to the file
