--TEST--
Options: an invalid value is refused with a warning naming option, value and expectation, and not stored
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('options_refuse_invalid');
touch("$dir/plainfile");
System_Daemon::setOption('appName', 'good');
System_Daemon::setOption('authorEmail', 'me@example.com');
System_Daemon::setOption('appDir', $dir);
$before = System_Daemon::getOptions();
$cases = [
    // wrong type
    ['usePEAR', 'yes'],
    ['logVerbosity', 'high'],
    ['logVerbosity', true],
    ['appName', ['x']],
    ['authorName', new stdClass],
    ['usePEARLogInstance', true],
    ['useCustomLogHandler', 'no_such_function_anywhere'],
    ['usePsrLogger', new stdClass],
    // out of range
    ['logVerbosity', 8],
    ['logVerbosity', -1],
    ['appRunAsUID', 4294967295],
    ['authorName', str_repeat('a', 51)],
    // unknown option
    ['nope', 1],
    // appName: letters, digits, _ - . only, not starting with . or -, 1..64
    ['appName', 'log/parser'],
    ['appName', '-logparser'],
    ['appName', str_repeat('a', 65)],
    ['appName', ''],
    // e-mail
    ['authorEmail', 'not an address'],
    ['authorEmail', 'me@localhost'],
    // appDir: an existing directory
    ['appDir', "$dir/missing"],
    ['appDir', "$dir/plainfile"],
    // unix paths: no spaces, absolute
    ['appPidLocation', '/var/run/my app/my app.pid'],
    ['appPidLocation', 'relative dir/x.pid'],
    // logLocation: the directory must exist
    ['logLocation', "$dir/missing/x.log"],
    // sysMemoryLimit: a PHP quantity
    ['sysMemoryLimit', 'lots'],
    ['sysMemoryLimit', '12X'],
    // NUL bytes
    ['appDescription', "a\0b"],
    ['logLocation', "$dir/x.log\0.txt"],
    // only @basename() and @dirname() are known
    ['logLocation', '@system(id)'],
    // a variable that cannot be resolved
    ['logLocation', '/tmp/{nothing}.log'],
    ['logLocation', '/tmp/{OPTIONS.authorName}.log'],
    // enum
    ['runAutoRunType', 'upstart'],
    // stopping and restarting
    ['appStopChildren', 'yes'],
    ['appMinUptime', -1],
    ['appMinUptime', 'soon'],
    // the pool
    ['appWorkers', -1],
    ['appWorkers', 1025],
    ['appWorkers', 'many'],
    ['appProcessTitle', 'yes'],
];
foreach ($cases as [$name, $value]) {
    echo "$name: ";
    var_dump(System_Daemon::setOption($name, $value));
}
echo "opt(): ";
var_dump(System_Daemon::opt('logVerbosity', 99));
echo "non-string name: ";
var_dump(System_Daemon::setOption(5, true));
echo "setOptions, one bad: ";
var_dump(System_Daemon::setOptions(['logVerbosity' => 7, 'appName' => 'Bad Name']));
var_dump(System_Daemon::getOption('logVerbosity'), System_Daemon::getOption('appName'));
System_Daemon::setOption('logVerbosity', 6);
var_dump(System_Daemon::getOptions() === $before);
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('options_refuse_invalid');
?>
--EXPECTF--
usePEAR: 
Warning: System_Daemon::setOption(): Option usePEAR: 'yes' is invalid, expected true or false; the option keeps its previous value in %s on line %d
bool(false)
logVerbosity: 
Warning: System_Daemon::setOption(): Option logVerbosity: 'high' is invalid, expected a number (number/0-7); the option keeps its previous value in %s on line %d
bool(false)
logVerbosity: 
Warning: System_Daemon::setOption(): Option logVerbosity: true is invalid, expected a number (number/0-7); the option keeps its previous value in %s on line %d
bool(false)
appName: 
Warning: System_Daemon::setOption(): Option appName: an array is invalid, expected a string (string/unix); the option keeps its previous value in %s on line %d
bool(false)
authorName: 
Warning: System_Daemon::setOption(): Option authorName: an object of class stdClass is invalid, expected a string (string/0-50); the option keeps its previous value in %s on line %d
bool(false)
usePEARLogInstance: 
Warning: System_Daemon::setOption(): Option usePEARLogInstance: true is invalid, expected false or an object with a log($message, $priority) method; the option keeps its previous value in %s on line %d
bool(false)
useCustomLogHandler: 
Warning: System_Daemon::setOption(): Option useCustomLogHandler: 'no_such_function_anywhere' is invalid, expected false or a callable taking ($message, $level); the option keeps its previous value in %s on line %d
bool(false)
usePsrLogger: 
Warning: System_Daemon::setOption(): Option usePsrLogger: an object of class stdClass is invalid, expected false or a Psr\Log\LoggerInterface; the option keeps its previous value in %s on line %d
bool(false)
logVerbosity: 
Warning: System_Daemon::setOption(): Option logVerbosity: 8 is invalid, expected a number from 0 to 7; the option keeps its previous value in %s on line %d
bool(false)
logVerbosity: 
Warning: System_Daemon::setOption(): Option logVerbosity: -1 is invalid, expected a number from 0 to 7; the option keeps its previous value in %s on line %d
bool(false)
appRunAsUID: 
Warning: System_Daemon::setOption(): Option appRunAsUID: 4294967295 is invalid, expected a number from 0 to 4294967294; the option keeps its previous value in %s on line %d
bool(false)
authorName: 
Warning: System_Daemon::setOption(): Option authorName: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is invalid, expected a string of 0 to 50 characters; the option keeps its previous value in %s on line %d
bool(false)
nope: 
Warning: System_Daemon::setOption(): Option nope: 1 is invalid, nope is not an option (see System_Daemon::getOptions() for the names); the option keeps its previous value in %s on line %d
bool(false)
appName: 
Warning: System_Daemon::setOption(): Option appName: 'log/parser' is invalid, expected letters, digits, '_', '-' and '.' only, not starting with '.' or '-'; the option keeps its previous value in %s on line %d
bool(false)
appName: 
Warning: System_Daemon::setOption(): Option appName: '-logparser' is invalid, expected letters, digits, '_', '-' and '.' only, not starting with '.' or '-'; the option keeps its previous value in %s on line %d
bool(false)
appName: 
Warning: System_Daemon::setOption(): Option appName: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is invalid, expected a string of 1 to 64 characters; the option keeps its previous value in %s on line %d
bool(false)
appName: 
Warning: System_Daemon::setOption(): Option appName: '' is invalid, expected a string of 1 to 64 characters; the option keeps its previous value in %s on line %d
bool(false)
authorEmail: 
Warning: System_Daemon::setOption(): Option authorEmail: 'not an address' is invalid, expected an e-mail address like name@example.com; the option keeps its previous value in %s on line %d
bool(false)
authorEmail: 
Warning: System_Daemon::setOption(): Option authorEmail: 'me@localhost' is invalid, expected an e-mail address like name@example.com; the option keeps its previous value in %s on line %d
bool(false)
appDir: 
Warning: System_Daemon::setOption(): Option appDir: '%s/sd_test_options_refuse_invalid/%s' is invalid, expected an existing directory; the option keeps its previous value in %s on line %d
bool(false)
appDir: 
Warning: System_Daemon::setOption(): Option appDir: '%s/sd_test_options_refuse_invalid/%s' is invalid, expected an existing directory; the option keeps its previous value in %s on line %d
bool(false)
appPidLocation: 
Warning: System_Daemon::setOption(): Option appPidLocation: '/var/run/my app/my app.pid' is invalid, expected a path of letters, digits, '_', '.', '-' and '/' only (no spaces); the option keeps its previous value in %s on line %d
bool(false)
appPidLocation: 
Warning: System_Daemon::setOption(): Option appPidLocation: 'relative dir/x.pid' is invalid, expected a path of letters, digits, '_', '.', '-' and '/' only (no spaces); the option keeps its previous value in %s on line %d
bool(false)
logLocation: 
Warning: System_Daemon::setOption(): Option logLocation: '%s/sd_test_options_refuse_invalid/%s' is invalid, expected a file in an existing directory; the option keeps its previous value in %s on line %d
bool(false)
sysMemoryLimit: 
Warning: System_Daemon::setOption(): Option sysMemoryLimit: 'lots' is invalid, expected a PHP memory quantity like 128M, 1G or -1; the option keeps its previous value in %s on line %d
bool(false)
sysMemoryLimit: 
Warning: System_Daemon::setOption(): Option sysMemoryLimit: '12X' is invalid, expected a PHP memory quantity like 128M, 1G or -1; the option keeps its previous value in %s on line %d
bool(false)
appDescription: 
Warning: System_Daemon::setOption(): Option appDescription: 'a\0b' is invalid, expected a string without NUL bytes; the option keeps its previous value in %s on line %d
bool(false)
logLocation: 
Warning: System_Daemon::setOption(): Option logLocation: '%s/sd_test_options_refuse_invalid/%s' is invalid, expected a string without NUL bytes; the option keeps its previous value in %s on line %d
bool(false)
logLocation: 
Warning: System_Daemon::setOption(): Option logLocation: '@system(id)' is invalid, expected a value whose substitutions resolve: @system() is not allowed (only @basename() and @dirname()); the option keeps its previous value in %s on line %d
bool(false)
logLocation: 
Warning: System_Daemon::setOption(): Option logLocation: '/tmp/{nothing}.log' is invalid, expected a value whose substitutions resolve: {nothing} cannot be resolved (not set); the option keeps its previous value in %s on line %d
bool(false)
logLocation: 
Warning: System_Daemon::setOption(): Option logLocation: '/tmp/{OPTIONS.authorName}.log' is invalid, expected a value whose substitutions resolve: {OPTIONS.authorName} cannot be resolved (not set); the option keeps its previous value in %s on line %d
bool(false)
runAutoRunType: 
Warning: System_Daemon::setOption(): Option runAutoRunType: 'upstart' is invalid, expected one of: auto, initd, systemd; the option keeps its previous value in %s on line %d
bool(false)
appStopChildren: 
Warning: System_Daemon::setOption(): Option appStopChildren: 'yes' is invalid, expected true or false; the option keeps its previous value in %s on line %d
bool(false)
appMinUptime: 
Warning: System_Daemon::setOption(): Option appMinUptime: -1 is invalid, expected a number from 0 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appMinUptime: 
Warning: System_Daemon::setOption(): Option appMinUptime: 'soon' is invalid, expected a number (number/0-86400); the option keeps its previous value in %s on line %d
bool(false)
appWorkers: 
Warning: System_Daemon::setOption(): Option appWorkers: -1 is invalid, expected a number from 0 to 1024; the option keeps its previous value in %s on line %d
bool(false)
appWorkers: 
Warning: System_Daemon::setOption(): Option appWorkers: 1025 is invalid, expected a number from 0 to 1024; the option keeps its previous value in %s on line %d
bool(false)
appWorkers: 
Warning: System_Daemon::setOption(): Option appWorkers: 'many' is invalid, expected a number (number/0-1024); the option keeps its previous value in %s on line %d
bool(false)
appProcessTitle: 
Warning: System_Daemon::setOption(): Option appProcessTitle: 'yes' is invalid, expected true or false; the option keeps its previous value in %s on line %d
bool(false)
opt(): 
Warning: System_Daemon::opt(): Option logVerbosity: 99 is invalid, expected a number from 0 to 7; the option keeps its previous value in %s on line %d
bool(false)
non-string name: 
Warning: System_Daemon::setOption(): Option names are strings, 5 given in %s on line %d
bool(false)
setOptions, one bad: 
Warning: System_Daemon::setOptions(): Option appName: 'Bad Name' is invalid, expected letters, digits, '_', '-' and '.' only, not starting with '.' or '-'; the option keeps its previous value in %s on line %d
bool(false)
int(7)
string(4) "good"
bool(true)
