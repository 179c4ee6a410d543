--TEST--
PHP errors: forwarded with the original's mapping once logPhpErrors is set; error_reporting(), @ and set_error_handler() respected
--EXTENSIONS--
system_daemon
--INI--
error_reporting=E_ALL
display_errors=1
--FILE--
<?php
System_Daemon::setOptions(['appName' => 'errs', 'logVerbosity' => System_Daemon::LOG_DEBUG,
    'useCustomLogHandler' => function ($m, $l) { echo "LOG($l) $m\n"; }]);
echo "-- not forwarded before logPhpErrors is set:\n";
trigger_error('early', E_USER_WARNING);
System_Daemon::setOption('logPhpErrors', true);
echo "-- forwarded:\n";
echo $undefinedVariable;                      // E_WARNING
trigger_error('uw', E_USER_WARNING);
trigger_error('un', E_USER_NOTICE);
trigger_error('ud', E_USER_DEPRECATED);
strlen(null);                                 // E_DEPRECATED (null to non-nullable internal parameter)
echo "-- @ suppresses:\n";
@trigger_error('silenced', E_USER_WARNING);
echo @$alsoUndefined;
echo "-- error_reporting() filters:\n";
$old = error_reporting(E_ALL & ~E_USER_NOTICE);
trigger_error('filtered notice', E_USER_NOTICE);
trigger_error('kept warning', E_USER_WARNING);
error_reporting($old);
echo "-- a user handler keeps precedence:\n";
set_error_handler(function ($no, $str) { echo "USER HANDLER: $str\n"; return true; });
trigger_error('to the user', E_USER_WARNING);
set_error_handler(function ($no, $str) { echo "USER HANDLER declines: $str\n"; return false; });
trigger_error('declined', E_USER_WARNING);
restore_error_handler();
restore_error_handler();
echo "-- phpErrors() by hand:\n";
var_dump(System_Daemon::phpErrors(E_WARNING, 'manual', __FILE__, 77));
var_dump(System_Daemon::phpErrors(12345, 'odd errno', __FILE__, 78));
echo "-- off again:\n";
System_Daemon::setOption('logPhpErrors', false);
trigger_error('displayed', E_USER_WARNING);
?>
--EXPECTF--
-- not forwarded before logPhpErrors is set:

Warning: early in %s on line 5
-- forwarded:
LOG(4) [PHP Warning] Undefined variable $undefinedVariable [l:8]
LOG(4) [PHP User Warning] uw [l:9]
LOG(7) [PHP User Notice] un
LOG(5) [PHP User Deprecated] ud
LOG(5) [PHP Deprecated] strlen(): Passing null to parameter #1 ($string) of type string is deprecated
-- @ suppresses:
-- error_reporting() filters:
LOG(4) [PHP User Warning] kept warning [l:19]
-- a user handler keeps precedence:
USER HANDLER: to the user
USER HANDLER declines: declined
LOG(4) [PHP User Warning] declined [l:25]
-- phpErrors() by hand:
LOG(4) [PHP Warning] manual [l:77]
bool(true)
LOG(4) Unknown PHP errorno: 12345 [l:30]
LOG(3) odd errno [l:78]
bool(true)
-- off again:

Warning: displayed in %s on line 33
