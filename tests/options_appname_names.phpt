--TEST--
Options: appName takes every name safe as a file, pid file, init script and unit name (knx-tracking.php), and only those
--EXTENSIONS--
system_daemon
--FILE--
<?php
$accepted = ['knx-tracking.php', 'LogParser', 'my_app-2.0', 'a', 'worker.', 'x-', str_repeat('n', 64)];
foreach ($accepted as $name) {
    $ok = System_Daemon::setOption('appName', $name);
    echo $name === str_repeat('n', 64) ? '64 x n' : $name, ': ', var_export($ok, true), ' ',
        var_export(System_Daemon::getOption('appName') === $name, true), "\n";
}
// basename($_SERVER['PHP_SELF']), as published scripts do
var_dump(System_Daemon::setOption('appName', basename('/srv/knx/knx-tracking.php')));
System_Daemon::setOption('appName', 'kept');
$refused = ['.hidden', '..', '-x', 'a/b', 'a b', "a\nb", 'a;b', 'a$b', 'caf' . "\xc3\xa9", '', str_repeat('n', 65)];
foreach ($refused as $name) {
    $ok = @System_Daemon::setOption('appName', $name);
    echo json_encode($name, JSON_INVALID_UTF8_SUBSTITUTE), ': ', var_export($ok, true), "\n";
}
var_dump(System_Daemon::getOption('appName'));
System_Daemon::setOption('appName', '.x');
?>
--EXPECTF--
knx-tracking.php: true true
LogParser: true true
my_app-2.0: true true
a: true true
worker.: true true
x-: true true
64 x n: true true
bool(true)
".hidden": false
"..": false
"-x": false
"a\/b": false
"a b": false
"a\nb": false
"a;b": false
"a$b": false
"caf\u00e9": false
"": false
"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn": false
string(4) "kept"

Warning: System_Daemon::setOption(): Option appName: '.x' is invalid, expected letters, digits, '_', '-' and '.' only, not starting with '.' or '-'; the option keeps its previous value in %s on line %d
