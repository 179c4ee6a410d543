--TEST--
Options of issue 22: an unknown logFormat and a non-positive interval are refused by setOption() naming the option; a heartbeat or status file the daemon user cannot create fails start() naming the option
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php if (trim((string)shell_exec('id -u')) !== '0') die('skip needs root (the daemon drops to nobody)'); ?>
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('options_refuse_observe');
System_Daemon::setOption('appName', 'good');
$cases = [
    ['logFormat', 'xml'],
    ['logFormat', 'JSON '],
    ['appHeartbeatInterval', 0],
    ['appHeartbeatInterval', -5],
    ['appStatusInterval', 0],
    ['appStatusInterval', 0.5],
    ['appStatusFile', "$dir/missing/status.json"],
];
foreach ($cases as [$name, $value]) {
    echo "$name: ";
    var_dump(System_Daemon::setOption($name, $value));
}
var_dump(System_Daemon::getOption('logFormat'), System_Daemon::getOption('appHeartbeatInterval'));

// root may write $dir (0755, root's), the daemon user (nobody) may not: start() fails
chmod($dir, 0755);
mkdir("$dir/run", 0755);
foreach (['appHeartbeatFile' => "$dir/hb", 'appStatusFile' => "$dir/status.json"] as $opt => $path) {
    $opts = ['appName' => 'sdobs', 'appDir' => $dir, 'logLocation' => "$dir/run/d.log",
        'appPidLocation' => "$dir/run/d.pid", 'appRunAsUID' => 65534, 'appRunAsGID' => 65534, $opt => $path];
    [$out, $err, $status] = sd_child('System_Daemon::setOptions(' . var_export($opts, true) . ') or exit(90);
System_Daemon::start();
for ($i = 0; $i < 50 && !System_Daemon::isDying(); $i++) System_Daemon::iterate(0.1);
');
    echo "$opt: status ", $status === 0 ? 0 : 'non-zero', ', ', file_exists($path) ? 'created' : 'not created', "\n";
    echo trim(preg_replace('/^.*Starting.*\n/m', '', str_replace($dir, 'DIR', $err))), "\n";
    @unlink("$dir/run/d.log");
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('options_refuse_observe');
?>
--EXPECTF--
logFormat: 
Warning: System_Daemon::setOption(): Option logFormat: 'xml' is invalid, expected one of: pear, json; the option keeps its previous value in %s on line %d
bool(false)
logFormat: 
Warning: System_Daemon::setOption(): Option logFormat: 'JSON ' is invalid, expected one of: pear, json; the option keeps its previous value in %s on line %d
bool(false)
appHeartbeatInterval: 
Warning: System_Daemon::setOption(): Option appHeartbeatInterval: 0 is invalid, expected a number from 1 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appHeartbeatInterval: 
Warning: System_Daemon::setOption(): Option appHeartbeatInterval: -5 is invalid, expected a number from 1 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appStatusInterval: 
Warning: System_Daemon::setOption(): Option appStatusInterval: 0 is invalid, expected a number from 1 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appStatusInterval: 
Warning: System_Daemon::setOption(): Option appStatusInterval: 0.5 is invalid, expected a number from 1 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appStatusFile: 
Warning: System_Daemon::setOption(): Option appStatusFile: '%s' is invalid, expected a file in an existing directory; the option keeps its previous value in %s on line %d
bool(false)
string(4) "pear"
int(10)
appHeartbeatFile: status non-zero, not created
%AappHeartbeatFile: cannot create DIR/hb: Permission denied%A
appStatusFile: status non-zero, not created
%AappStatusFile: cannot %s DIR/status.json%sPermission denied%A
