--TEST--
Options: {OPTIONS.x}, {x}, {SERVER.SCRIPT_NAME} (realpath), @basename(), @dirname()
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('options_substitution');
mkdir("$dir/real");
symlink("$dir/real", "$dir/link");
copy(__DIR__ . '/include/sd.inc', "$dir/real/script.php");
$script = realpath(__FILE__);

System_Daemon::setOption('appName', 'subst');
System_Daemon::setOption('appDescription', 'name={OPTIONS.appName} short={appName}');
var_dump(System_Daemon::getOption('appDescription'));
// {SERVER.SCRIPT_NAME} is the script's realpath()
System_Daemon::setOption('appDescription', '{SERVER.SCRIPT_NAME}');
var_dump(System_Daemon::getOption('appDescription') === $script);
System_Daemon::setOption('appDir', '@dirname({SERVER.SCRIPT_NAME})');
var_dump(System_Daemon::getOption('appDir') === dirname($script));
System_Daemon::setOption('appExecutable', '@basename({SERVER.SCRIPT_NAME})');
var_dump(System_Daemon::getOption('appExecutable'));
// @basename/@dirname of plain text
System_Daemon::setOption('appDescription', '@basename(/a/b/c.php) in @dirname(/a/b/c.php)');
var_dump(System_Daemon::getOption('appDescription'));
// substituted once, when set: a later appName does not change it
System_Daemon::setOption('logLocation', "$dir/{appName}.log");
System_Daemon::setOption('appName', 'other');
var_dump(System_Daemon::getOption('logLocation') === "$dir/subst.log");
// but defaults follow the current appName
var_dump(System_Daemon::getOption('appPidLocation'));
// appExecutable relative to appDir, after symlinks
System_Daemon::setOption('appDir', "$dir/link");
var_dump(System_Daemon::setOption('appExecutable', 'script.php'));
var_dump(System_Daemon::setOption('appExecutable', 'missing.php'));
// braces around a variable stay, as the original's /\{([^\{\}]+)\}/
System_Daemon::setOption('appDescription', 'x{{appName}}x');
var_dump(System_Daemon::getOption('appDescription'));
// an '@' that is no function call is text
System_Daemon::setOption('appDescription', 'mail me @ home (or @work)');
var_dump(System_Daemon::getOption('appDescription'));
// numbers substitute as text
System_Daemon::setOption('appRunAsUID', 33);
System_Daemon::setOption('appDescription', 'uid {appRunAsUID}');
var_dump(System_Daemon::getOption('appDescription'));
// run through a symlink: appDir and {SERVER.SCRIPT_NAME} are the real path
file_put_contents("$dir/real/s.php", '<?php echo System_Daemon::getOption("appDir"), " ", System_Daemon::getOption("appExecutable"), "\n";');
[$out] = sd_run_file("$dir/link/s.php");
var_dump($out === "$dir/real s.php\n");
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('options_substitution');
?>
--EXPECTF--
string(22) "name=subst short=subst"
bool(true)
bool(true)
string(24) "options_substitution.php"
string(13) "c.php in /a/b"
bool(true)
string(24) "/var/run/other/other.pid"
bool(true)

Warning: System_Daemon::setOption(): Option appExecutable: 'missing.php' is invalid, expected an existing file; the option keeps its previous value in %s on line %d
bool(false)
string(9) "x{other}x"
string(25) "mail me @ home (or @work)"
string(6) "uid 33"
bool(true)
