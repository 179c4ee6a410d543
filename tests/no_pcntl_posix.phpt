--TEST--
The extension loads and works without posix, and calls no pcntl function
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('no_pcntl_posix');
// -n: no php.ini, so no posix.so. pcntl is often built into the CLI binary, so every
// pcntl function is disabled instead: a call to one would be a fatal error.
$pcntl = function_exists('pcntl_fork') ? implode(',', get_extension_funcs('pcntl')) : '';
[$out, $err, $status] = sd_child(<<<PHP
echo extension_loaded('system_daemon') ? "loaded\\n" : "NOT LOADED\\n";
echo extension_loaded('posix') ? "posix present\\n" : "no posix\\n";
echo function_exists('pcntl_fork') ? "pcntl usable\\n" : "no pcntl\\n";
System_Daemon::setOptions(['appName' => 'nopcntl', 'logLocation' => '$dir/n.log', 'logPhpErrors' => true]);
System_Daemon::info('works');
trigger_error('forwarded', E_USER_WARNING);
var_dump(System_Daemon::isInBackground(), System_Daemon::isDying(), System_Daemon::semantify('s'));
PHP, ['disable_functions' => $pcntl]);
echo sd_nodate($out), $err, "status $status\n";
echo sd_nodate(file_get_contents("$dir/n.log"));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('no_pcntl_posix');
?>
--EXPECT--
loaded
no posix
no pcntl
[DATE]     info: works
[DATE]  warning: [PHP User Warning] forwarded [l:7]
bool(false)
bool(false)
string(3) "'s'"
status 0
[DATE]     info: works
[DATE]  warning: [PHP User Warning] forwarded [l:7]
