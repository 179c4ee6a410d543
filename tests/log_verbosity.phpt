--TEST--
Log: logVerbosity lets through exactly the levels at or below it
--EXTENSIONS--
system_daemon
--FILE--
<?php
$seen = [];
System_Daemon::setOptions(['appName' => 'verb', 'useCustomLogHandler' => function ($m, $l) use (&$seen) { $seen[] = $l; }]);
foreach (range(0, 7) as $v) {
    System_Daemon::setOption('logVerbosity', $v);
    $seen = [];
    foreach (['alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as $f) System_Daemon::$f($f);
    foreach (range(1, 7) as $l) System_Daemon::log($l, "log $l");
    echo "verbosity $v: ", implode(' ', $seen), "\n";
}
// the default is LOG_INFO
System_Daemon::setOption('logVerbosity', '6');
$seen = [];
System_Daemon::info('i');
System_Daemon::debug('d');
echo "'6': ", implode(' ', $seen), "\n";
?>
--EXPECT--
verbosity 0: 
verbosity 1: 1 1
verbosity 2: 1 2 1 2
verbosity 3: 1 2 3 1 2 3
verbosity 4: 1 2 3 4 1 2 3 4
verbosity 5: 1 2 3 4 5 1 2 3 4 5
verbosity 6: 1 2 3 4 5 6 1 2 3 4 5 6
verbosity 7: 1 2 3 4 5 6 7 1 2 3 4 5 6 7
'6': 6
