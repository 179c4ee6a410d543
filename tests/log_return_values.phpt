--TEST--
Log: return values as the original (alert..warning false, notice..debug true, log() true/false)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_return_values');
echo "no appName:\n";
foreach (['alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as $f) {
    echo "  $f: ", var_export(System_Daemon::$f('x'), true), "\n";
}
echo "  log(): ", var_export(System_Daemon::log(6, 'x'), true), "\n";
System_Daemon::setOptions(['appName' => 'ret', 'logLocation' => "$dir/ret.log", 'logVerbosity' => 7]);
ob_start();
$r = [];
foreach (['alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as $f) {
    $r[$f] = System_Daemon::$f('x');
}
$r['log'] = System_Daemon::log(System_Daemon::LOG_ALERT, 'x');
System_Daemon::setOption('logVerbosity', 0);
$r['filtered info'] = System_Daemon::info('x');
$r['filtered err'] = System_Daemon::err('x');
$r['filtered log'] = System_Daemon::log(6, 'x');
ob_end_clean();
echo "with appName:\n";
foreach ($r as $k => $v) echo "  $k: ", var_export($v, true), "\n";
echo substr_count(file_get_contents("$dir/ret.log"), "\n"), " lines\n";
var_dump(System_Daemon::log(8, 'bad level'));
var_dump(System_Daemon::log('loud', 'bad level'));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_return_values');
?>
--EXPECTF--
no appName:
  alert: false
  crit: false
  err: false
  warning: false
  notice: true
  info: true
  debug: true
  log(): false
with appName:
  alert: false
  crit: false
  err: false
  warning: false
  notice: true
  info: true
  debug: true
  log: true
  filtered info: true
  filtered err: false
  filtered log: true
8 lines

Warning: System_Daemon::log(): Log level must be System_Daemon::LOG_EMERG (0) .. LOG_DEBUG (7) in %s on line %d
bool(false)

Warning: System_Daemon::log(): Log level must be System_Daemon::LOG_EMERG (0) .. LOG_DEBUG (7) in %s on line %d
bool(false)
