--TEST--
Options: every option of the original with its default, computed as the original did
--EXTENSIONS--
system_daemon
--FILE--
<?php
$o = System_Daemon::getOptions();
// appDir and appExecutable come from the running script, through realpath()
var_dump($o['appDir'] === dirname(realpath(__FILE__)));
var_dump($o['appExecutable'] === basename(__FILE__));
unset($o['appDir'], $o['appExecutable']);
var_dump($o);
// Unset options without a default read as null
var_dump(System_Daemon::getOption('appName'), System_Daemon::getOption('authorEmail'));
// Defaults that refer to appName follow it
var_dump(System_Daemon::setOption('appName', 'logparser'));
var_dump(System_Daemon::getOption('logLocation'));
var_dump(System_Daemon::getOption('appPidLocation'));
var_dump(System_Daemon::opt('appName'));
// The shortcut opt() and getOption() agree for every option
foreach (System_Daemon::getOptions() as $k => $v) {
    if (System_Daemon::opt($k) !== $v || System_Daemon::getOption($k) !== $v) echo "mismatch $k\n";
}
echo "done\n";
?>
--EXPECT--
bool(true)
bool(true)
array(37) {
  ["usePEAR"]=>
  bool(true)
  ["usePEARLogInstance"]=>
  bool(false)
  ["useCustomLogHandler"]=>
  bool(false)
  ["usePsrLogger"]=>
  bool(false)
  ["logVerbosity"]=>
  int(6)
  ["logLocation"]=>
  string(30) "/var/log/{OPTIONS.appName}.log"
  ["logPhpErrors"]=>
  bool(true)
  ["logFilePosition"]=>
  bool(false)
  ["logTrimAppDir"]=>
  bool(true)
  ["logLinePosition"]=>
  bool(true)
  ["logJournal"]=>
  bool(false)
  ["appRunAsUID"]=>
  int(0)
  ["appRunAsGID"]=>
  int(0)
  ["appPidLocation"]=>
  string(48) "/var/run/{OPTIONS.appName}/{OPTIONS.appName}.pid"
  ["appChkConfig"]=>
  string(6) "- 99 0"
  ["appDieOnIdentityCrisis"]=>
  bool(true)
  ["appUmask"]=>
  int(18)
  ["appStopGraceSec"]=>
  int(10)
  ["appDeferReady"]=>
  bool(false)
  ["appForeground"]=>
  bool(false)
  ["sysMaxExecutionTime"]=>
  int(0)
  ["sysMaxInputTime"]=>
  int(0)
  ["sysMemoryLimit"]=>
  string(4) "128M"
  ["runTemplateLocation"]=>
  bool(false)
  ["runAutoRunType"]=>
  string(4) "auto"
  ["runWatchdogSec"]=>
  int(0)
  ["runLogrotate"]=>
  bool(false)
  ["appStopChildren"]=>
  bool(true)
  ["appMinUptime"]=>
  int(10)
  ["doTicks"]=>
  bool(true)
  ["appLimitJitter"]=>
  int(0)
  ["appLimitAction"]=>
  string(7) "restart"
  ["logFormat"]=>
  string(4) "pear"
  ["appHeartbeatInterval"]=>
  int(10)
  ["appStatusInterval"]=>
  int(10)
  ["appWorkers"]=>
  int(0)
  ["appProcessTitle"]=>
  bool(false)
}
NULL
NULL
bool(true)
string(22) "/var/log/logparser.log"
string(32) "/var/run/logparser/logparser.pid"
string(9) "logparser"
done
