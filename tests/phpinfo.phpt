--TEST--
phpinfo(): a system_daemon section with the extension version and the PHP it was built against
--EXTENSIONS--
system_daemon
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$start = strpos($info, "\nsystem_daemon\n");
var_dump($start !== false);
$section = substr($info, $start, 600);
var_dump(str_contains($section, 'system_daemon support => enabled'));
var_dump(str_contains($section, 'Version => ' . phpversion('system_daemon')));
var_dump(preg_match('/^\d+\.\d+\.\d+/', phpversion('system_daemon')) === 1);
// built against the PHP it runs on (phpize of this PHP)
var_dump(str_contains($section, 'Built against PHP => ' . PHP_VERSION));
var_dump(str_contains($section, 'Needs pcntl / posix => no'));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
