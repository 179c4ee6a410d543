--TEST--
PHP errors: logPhpErrors set after start() is obeyed (false turns forwarding off, true on again)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('php_errors_option_after_start');
[$out, $err, $status] = sd_child(<<<'PHP'
System_Daemon::setOptions(['appName' => 'errs', 'appForeground' => true, 'appDir' => sys_get_temp_dir(),
    'useCustomLogHandler' => function ($m, $l) { if (str_contains($m, '[PHP')) echo "LOG($l) $m\n"; }]);
System_Daemon::start();
echo "-- started: forwarded by default\n";
echo $a;
System_Daemon::setOption('logPhpErrors', false);
echo "-- off after start()\n";
echo $b;
System_Daemon::setOption('logPhpErrors', true);
echo "-- on again\n";
echo $c;
PHP, ['error_reporting' => E_ALL, 'display_errors' => 1]);
echo $out;
echo "status: $status\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('php_errors_option_after_start');
?>
--EXPECTF--
-- started: forwarded by default
LOG(4) [PHP Warning] Undefined variable $a [l:6]
-- off after start()

Warning: Undefined variable $b in %s on line 9
-- on again
LOG(4) [PHP Warning] Undefined variable $c [l:12]
status: 0
