--TEST--
The extension loads and works without posix, and calls no pcntl function
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('no_pcntl_posix');
// -n: no php.ini, so no posix.so or pcntl.so. Either may be built into the CLI binary:
// then every function of it is disabled instead, and a call to one would be a fatal error.
[$builtin] = sd_child(<<<'PHP'
$f = [];
foreach (['pcntl', 'posix'] as $e) if (extension_loaded($e)) $f = array_merge($f, get_extension_funcs($e));
echo implode(',', $f);
PHP);
[$out, $err, $status] = sd_child(<<<PHP
echo extension_loaded('system_daemon') ? "loaded\\n" : "NOT LOADED\\n";
echo function_exists('posix_getpid') ? "posix usable\\n" : "no posix\\n";
echo function_exists('pcntl_fork') ? "pcntl usable\\n" : "no pcntl\\n";
System_Daemon::setOptions(['appName' => 'nopcntl', 'logLocation' => '$dir/n.log', 'logPhpErrors' => true]);
System_Daemon::info('works');
trigger_error('forwarded', E_USER_WARNING);
var_dump(System_Daemon::isInBackground(), System_Daemon::isDying(), System_Daemon::semantify('s'));
PHP, ['disable_functions' => $builtin]);
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
