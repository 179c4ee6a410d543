--TEST--
Hostile input: every option set to values of every type; each refusal is false, a warning naming the option, and nothing stored
--EXTENSIONS--
system_daemon
--FILE--
<?php
$fp = fopen('php://memory', 'r');
$values = [
    'null' => null, 'true' => true, 'false' => false, 'int' => 42, 'negative' => -1,
    'PHP_INT_MAX' => PHP_INT_MAX, 'PHP_INT_MIN' => PHP_INT_MIN, 'float' => 1.5, 'NAN' => NAN, 'INF' => INF,
    'array' => [1, 2], 'nested array' => ['a' => ['b' => []]], 'object' => new stdClass,
    'closure' => function () {}, 'resource' => $fp, 'NUL bytes' => "/tmp/a\0b",
    '1 MB string' => str_repeat('x', 1 << 20), 'self reference' => '{OPTIONS.appName}',
    'own name' => '{appDir}', 'mutual' => '{OPTIONS.logLocation}/{OPTIONS.appPidLocation}',
    'unknown var' => '{OPTIONS.nosuch}', '@system' => '/tmp/@system(id)', '@exec' => '@exec(rm -rf /)',
    '@basename unterminated' => '@basename(/tmp/x', '@dirname empty' => '@dirname()', 'lone brace' => '{',
    'nested braces' => '{{OPTIONS.appName}}', 'control bytes' => "\x1b[31m\r\n", 'invalid UTF-8' => "\xff\xfe",
];
$warnings = [];
set_error_handler(function ($no, $msg) use (&$warnings) { $warnings[] = $msg; return true; });

$names = array_keys(System_Daemon::getOptions());
$accepted = $refused = 0;
$problems = [];
foreach ($names as $name) {
    foreach ($values as $label => $v) {
        $before = System_Daemon::getOption($name);
        $warnings = [];
        try {
            $r = System_Daemon::setOption($name, $v);
        } catch (Throwable $e) {
            // Also acceptable, when the message is clear.
            $problems[] = "$name = $label threw " . get_class($e) . ': ' . $e->getMessage();
            continue;
        }
        $after = System_Daemon::getOption($name);
        if ($r === true) {
            $accepted++;
            if (count($warnings)) $problems[] = "$name = $label accepted with a warning";
        } elseif ($r === false) {
            $refused++;
            if (count($warnings) !== 1 || strpos($warnings[0], "Option $name:") === false
                || strpos($warnings[0], 'expected') === false) {
                $problems[] = "$name = $label refused without one clear warning: " . json_encode($warnings);
            }
            if ($after !== $before && !(is_float($before) && is_nan($before))) {
                $problems[] = "$name = $label refused but stored";
            }
        } else {
            $problems[] = "$name = $label returned " . gettype($r);
        }
        // Restore the default for the next value, so refusals are checked against it.
        System_Daemon::setOption($name, $before);
    }
}
restore_error_handler();
echo count($names) * count($values), " settings, ", $refused, " refused\n";
echo $problems ? implode("\n", $problems) . "\n" : "no problem\n";

// logPhpErrors was set explicitly above, which sends PHP warnings to the log: back to
// plain warnings for the messages below.
System_Daemon::setOption('logPhpErrors', false);

// Values that must be refused whatever the option.
foreach (['appName', 'appDir', 'logLocation', 'appPidLocation', 'authorName', 'appChkConfig'] as $o) {
    foreach (["/tmp/a\0b", '/tmp/@system(id)', '{OPTIONS.nosuch}', [1], new stdClass, $fp] as $v) {
        if (@System_Daemon::setOption($o, $v) !== false) echo "$o accepted ", json_encode($v), "\n";
    }
}
// The messages say what was wrong.
foreach ([['appPidLocation', '/tmp/@system(id)/x.pid'], ['appDir', '{OPTIONS.nosuch}'],
          ['appName', "a\0b"], ['appRunAsUID', 1.5], ['logVerbosity', [7]], ['usePEARLogInstance', new stdClass]] as [$o, $v]) {
    System_Daemon::setOption($o, $v);
}
// A value stored through a self-reference is substituted once, from the old value.
System_Daemon::setOptions(['appName' => 'first', 'appDescription' => 'd', 'logVerbosity' => 0]);
var_dump(System_Daemon::setOption('appDescription', '{OPTIONS.appDescription}+{OPTIONS.appName}'));
var_dump(System_Daemon::setOption('appDescription', '{OPTIONS.appDescription}+{OPTIONS.appDescription}'));
var_dump(System_Daemon::getOption('appDescription'));
var_dump(strlen(System_Daemon::getOption('appDescription')) < 100);
?>
--EXPECTF--
%d settings, %d refused
no problem

Warning: System_Daemon::setOption(): Option appPidLocation: '/tmp/@system(id)/x.pid' is invalid, expected a value whose substitutions resolve: @system() is not allowed (only @basename() and @dirname()); the option keeps its previous value in %s on line %d

Warning: System_Daemon::setOption(): Option appDir: '{OPTIONS.nosuch}' is invalid, expected a value whose substitutions resolve: {OPTIONS.nosuch} cannot be resolved (not set); the option keeps its previous value in %s on line %d

Warning: System_Daemon::setOption(): Option appName: 'a\0b' is invalid, expected a string without NUL bytes; the option keeps its previous value in %s on line %d

Warning: System_Daemon::setOption(): Option appRunAsUID: 1.5 is invalid, expected a whole number from 0 to 4294967294; the option keeps its previous value in %s on line %d

Warning: System_Daemon::setOption(): Option logVerbosity: an array is invalid, expected a number (number/0-7); the option keeps its previous value in %s on line %d

Warning: System_Daemon::setOption(): Option usePEARLogInstance: %s is invalid, expected %s; the option keeps its previous value in %s on line %d
bool(true)
bool(true)
string(15) "d+first+d+first"
bool(true)
