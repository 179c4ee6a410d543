--TEST--
Options: values keep their PHP type (an int set stays an int), objects stay the same instance
--EXTENSIONS--
system_daemon
--FILE--
<?php
class L { function log($m, $p) {} }
$l = new L;
$cb = function ($m, $lvl) {};
$set = [
    'logVerbosity' => 7,
    'appRunAsUID' => '1000',
    'appRunAsGID' => 1000.0,
    'sysMaxExecutionTime' => 30,
    'sysMemoryLimit' => '256M',
    'appName' => 'typed',
    'authorName' => 12345,
    'logFilePosition' => true,
    'logLinePosition' => false,
    'usePEARLogInstance' => $l,
    'useCustomLogHandler' => $cb,
];
foreach ($set as $k => $v) {
    System_Daemon::setOption($k, $v);
    $got = System_Daemon::getOption($k);
    echo $k, ': ';
    if (is_object($got)) echo 'object ', get_class($got), "\n"; else var_dump($got);
    if ($got !== $v) echo "  NOT IDENTICAL\n";
}
var_dump(System_Daemon::getOption('usePEARLogInstance') === $l);
var_dump(System_Daemon::getOptions()['useCustomLogHandler'] === $cb);
// setOptions keeps types too
System_Daemon::setOptions(['logVerbosity' => '3', 'appRunAsUID' => 0]);
var_dump(System_Daemon::getOption('logVerbosity'), System_Daemon::getOption('appRunAsUID'));
?>
--EXPECT--
logVerbosity: int(7)
appRunAsUID: string(4) "1000"
appRunAsGID: float(1000)
sysMaxExecutionTime: int(30)
sysMemoryLimit: string(4) "256M"
appName: string(5) "typed"
authorName: int(12345)
logFilePosition: bool(true)
logLinePosition: bool(false)
usePEARLogInstance: object L
useCustomLogHandler: object Closure
bool(true)
bool(true)
string(1) "3"
int(0)
