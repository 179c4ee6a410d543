--TEST--
Options: the limits refuse what is not a positive number or size, an unknown suffix, a jitter outside 0-0.5, an unknown action; good values are kept
--EXTENSIONS--
system_daemon
--FILE--
<?php
$cases = [
    ['appMaxMemory', 0], ['appMaxMemory', -5], ['appMaxMemory', '256X'], ['appMaxMemory', '1.5G'], ['appMaxMemory', 'lots'],
    ['appMaxRunTime', 0], ['appMaxRunTime', -1], ['appMaxRunTime', 1.5], ['appMaxRunTime', 'soon'],
    ['appMaxIterations', 0], ['appMaxIterations', 2.5],
    ['appLimitJitter', 0.6], ['appLimitJitter', -0.1],
    ['appLimitAction', 'reboot'],
    ['appIterationWarnSec', 0], ['appIterationTimeoutSec', -2],
];
foreach ($cases as [$name, $value]) {
    echo "$name: ";
    var_dump(System_Daemon::setOption($name, $value));
}
foreach ([['appMaxMemory', '256M'], ['appMaxMemory', 1048576], ['appMaxMemory', '1g'], ['appMaxRunTime', 3600],
          ['appMaxIterations', '1000'], ['appLimitJitter', 0.25], ['appLimitAction', 'exit'],
          ['appIterationWarnSec', 0.5], ['appIterationTimeoutSec', 30]] as [$name, $value]) {
    echo "$name ", var_export($value, true), ": ", System_Daemon::setOption($name, $value) ? 'kept' : 'REFUSED', "\n";
}
?>
--EXPECTF--
appMaxMemory: 
Warning: System_Daemon::setOption(): Option appMaxMemory: 0 is invalid, expected a positive number of bytes, optionally with K, M or G (256M, 1G); the option keeps its previous value in %s on line %d
bool(false)
appMaxMemory: 
Warning: System_Daemon::setOption(): Option appMaxMemory: -5 is invalid, expected a positive number of bytes, optionally with K, M or G (256M, 1G); the option keeps its previous value in %s on line %d
bool(false)
appMaxMemory: 
Warning: System_Daemon::setOption(): Option appMaxMemory: '256X' is invalid, expected a positive number of bytes, optionally with K, M or G (256M, 1G); the option keeps its previous value in %s on line %d
bool(false)
appMaxMemory: 
Warning: System_Daemon::setOption(): Option appMaxMemory: '1.5G' is invalid, expected a positive number of bytes, optionally with K, M or G (256M, 1G); the option keeps its previous value in %s on line %d
bool(false)
appMaxMemory: 
Warning: System_Daemon::setOption(): Option appMaxMemory: 'lots' is invalid, expected a positive number of bytes, optionally with K, M or G (256M, 1G); the option keeps its previous value in %s on line %d
bool(false)
appMaxRunTime: 
Warning: System_Daemon::setOption(): Option appMaxRunTime: 0 is invalid, expected a number from 1 to 315360000; the option keeps its previous value in %s on line %d
bool(false)
appMaxRunTime: 
Warning: System_Daemon::setOption(): Option appMaxRunTime: -1 is invalid, expected a number from 1 to 315360000; the option keeps its previous value in %s on line %d
bool(false)
appMaxRunTime: 
Warning: System_Daemon::setOption(): Option appMaxRunTime: 1.5 is invalid, expected a whole number from 1 to 315360000; the option keeps its previous value in %s on line %d
bool(false)
appMaxRunTime: 
Warning: System_Daemon::setOption(): Option appMaxRunTime: 'soon' is invalid, expected a number (number/1-315360000); the option keeps its previous value in %s on line %d
bool(false)
appMaxIterations: 
Warning: System_Daemon::setOption(): Option appMaxIterations: 0 is invalid, expected a number from 1 to 1000000000000; the option keeps its previous value in %s on line %d
bool(false)
appMaxIterations: 
Warning: System_Daemon::setOption(): Option appMaxIterations: 2.5 is invalid, expected a whole number from 1 to 1000000000000; the option keeps its previous value in %s on line %d
bool(false)
appLimitJitter: 
Warning: System_Daemon::setOption(): Option appLimitJitter: 0.6 is invalid, expected a number from 0 to 0.5; the option keeps its previous value in %s on line %d
bool(false)
appLimitJitter: 
Warning: System_Daemon::setOption(): Option appLimitJitter: -0.1 is invalid, expected a number from 0 to 0.5; the option keeps its previous value in %s on line %d
bool(false)
appLimitAction: 
Warning: System_Daemon::setOption(): Option appLimitAction: 'reboot' is invalid, expected one of: restart, exit; the option keeps its previous value in %s on line %d
bool(false)
appIterationWarnSec: 
Warning: System_Daemon::setOption(): Option appIterationWarnSec: 0 is invalid, expected a number from 0.001 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appIterationTimeoutSec: 
Warning: System_Daemon::setOption(): Option appIterationTimeoutSec: -2 is invalid, expected a number from 0.001 to 86400; the option keeps its previous value in %s on line %d
bool(false)
appMaxMemory '256M': kept
appMaxMemory 1048576: kept
appMaxMemory '1g': kept
appMaxRunTime 3600: kept
appMaxIterations '1000': kept
appLimitJitter 0.25: kept
appLimitAction 'exit': kept
appIterationWarnSec 0.5: kept
appIterationTimeoutSec 30: kept
