--TEST--
API: System_Daemon has every method of PEAR System_Daemon 1.0 with its parameter names and defaults; constants; php --re / --rc
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
// name => the original's parameters, as "name" or "name=default" (var_export of the default)
$original = [
    'autoload' => ['className'],
    'start' => [],
    'iterate' => ['sleepSeconds=0'],
    'stop' => [],
    'restart' => [],
    'setSigHandler' => ['signal=NULL', 'handler=NULL'],
    'setOption' => ['name', 'value'],
    'setOptions' => ['use_options'],
    'opt' => ['name'],
    'getOption' => ['name'],
    'getOptions' => [],
    'phpErrors' => ['errno', 'errstr', 'errfile', 'errline'],
    'abbr' => ['str', "cutAt=30", "suffix='...'"],
    'semantify' => ['arguments'],
    'emerg' => [], 'alert' => [], 'crit' => [], 'err' => [], 'warning' => [], 'notice' => [], 'info' => [], 'debug' => [],
    'log' => ['level', 'str', 'file=false', 'class=false', 'function=false', 'line=false'],
    'writeAutoRun' => ['overwrite=false'],
    'defaultSigHandler' => ['signo'],
    'isInBackground' => [],
    'isDying' => [],
    'isRunning' => [],
    'stopRunning' => [],
    'fileread' => ['filepath'],
];
$rc = new ReflectionClass('System_Daemon');
foreach ($original as $name => $params) {
    if (!$rc->hasMethod($name)) { echo "$name: MISSING\n"; continue; }
    $m = $rc->getMethod($name);
    if (!$m->isStatic() || !$m->isPublic()) echo "$name: not public static\n";
    $got = [];
    foreach ($m->getParameters() as $p) {
        $s = $p->getName();
        if ($p->isDefaultValueAvailable()) $s .= '=' . var_export($p->getDefaultValue(), true);
        $got[] = $s;
    }
    // the original's parameters come first, with the same names and defaults; extra
    // parameters may follow only when optional (a call written for the original works)
    $prefix = array_slice($got, 0, count($params));
    foreach ($params as $i => $want) {
        $g = $prefix[$i] ?? '(none)';
        // a required parameter of the original may have become optional here
        if ($g !== $want && !(strpos($want, '=') === false && strpos($g, $want . '=') === 0)) {
            echo "$name: parameter $i is $g, the original has $want\n";
        }
    }
    foreach ($m->getParameters() as $i => $p) {
        if ($i >= count($params) && !$p->isOptional()) echo "$name: extra required parameter \${$p->getName()}\n";
    }
}
echo count($original), " methods checked\n";
// the log shortcuts take printf arguments
foreach (['emerg', 'info', 'debug'] as $f) {
    echo "$f: ", $rc->getMethod($f)->isVariadic() ? 'variadic' : 'NOT variadic', "\n";
}
// no instances
$ctor = $rc->getConstructor();
var_dump($ctor->isProtected());
try { new System_Daemon; } catch (Error $e) { echo get_class($e), "\n"; }
var_dump($rc->getConstants());
foreach (['System_Daemon_Exception' => 'Exception', 'System_Daemon_OS_Exception' => 'System_Daemon_Exception',
          'System_Daemon_OS_Linux' => 'System_Daemon_OS', 'System_Daemon_OS_Debian' => 'System_Daemon_OS_Linux',
          'System_Daemon_OS_Ubuntu' => 'System_Daemon_OS_Debian', 'System_Daemon_OS_RedHat' => 'System_Daemon_OS_Linux',
          'System_Daemon_OS_Fedora' => 'System_Daemon_OS_RedHat', 'System_Daemon_OS_BSD' => 'System_Daemon_OS',
          'System_Daemon_OS_Windows' => 'System_Daemon_OS'] as $c => $parent) {
    echo "$c extends ", get_parent_class($c), get_parent_class($c) === $parent ? '' : " (expected $parent)", "\n";
}
// php --re and --rc show the whole API
$cmd = escapeshellarg(PHP_BINARY) . ' -n -d extension_dir=' . escapeshellarg(ini_get('extension_dir')) . ' -d extension=system_daemon';
$re = shell_exec("$cmd --re system_daemon");
$missing = array_filter(array_keys($original), fn($m) => !str_contains($re, "Method [ <internal:system_daemon> static public method $m ]"));
echo "--re: ", str_contains($re, 'Extension [ <persistent> extension #') ? 'extension' : 'NO EXTENSION', ", missing: ", implode(',', $missing) ?: 'none', "\n";
$rcOut = shell_exec("$cmd --rc System_Daemon");
echo "--rc: ", str_contains($rcOut, 'Class [ <internal:system_daemon> class System_Daemon ]') ? 'ok' : 'MISSING', ", ",
    str_contains($rcOut, 'Parameter #0 [ <optional> int|float $sleepSeconds = 0 ]') ? 'iterate documented' : 'iterate MISSING', "\n";
?>
--EXPECT--
30 methods checked
emerg: variadic
info: variadic
debug: variadic
bool(true)
Error
array(8) {
  ["LOG_EMERG"]=>
  int(0)
  ["LOG_ALERT"]=>
  int(1)
  ["LOG_CRIT"]=>
  int(2)
  ["LOG_ERR"]=>
  int(3)
  ["LOG_WARNING"]=>
  int(4)
  ["LOG_NOTICE"]=>
  int(5)
  ["LOG_INFO"]=>
  int(6)
  ["LOG_DEBUG"]=>
  int(7)
}
System_Daemon_Exception extends Exception
System_Daemon_OS_Exception extends System_Daemon_Exception
System_Daemon_OS_Linux extends System_Daemon_OS
System_Daemon_OS_Debian extends System_Daemon_OS_Linux
System_Daemon_OS_Ubuntu extends System_Daemon_OS_Debian
System_Daemon_OS_RedHat extends System_Daemon_OS_Linux
System_Daemon_OS_Fedora extends System_Daemon_OS_RedHat
System_Daemon_OS_BSD extends System_Daemon_OS
System_Daemon_OS_Windows extends System_Daemon_OS
--re: extension, missing: none
--rc: ok, iterate documented
