--TEST--
Options: NAN, INF and -INF are refused by every option (string ones included), with one warning naming the option and the value, nothing stored
--EXTENSIONS--
system_daemon
--FILE--
<?php
$warnings = [];
set_error_handler(function ($no, $msg) use (&$warnings) { $warnings[] = $msg; return true; });
$problems = [];
$n = 0;
foreach (array_keys(System_Daemon::getOptions()) as $name) {
    foreach (['NAN' => NAN, 'INF' => INF, '-INF' => -INF] as $label => $v) {
        $before = System_Daemon::getOption($name);
        $warnings = [];
        $r = System_Daemon::setOption($name, $v);
        $after = System_Daemon::getOption($name);
        $n++;
        if ($r !== false) $problems[] = "$name = $label: returned " . var_export($r, true);
        if ($after !== $before) $problems[] = "$name = $label: stored " . var_export($after, true);
        if (count($warnings) !== 1 || !str_contains($warnings[0], "Option $name: $label is invalid, expected ")) {
            $problems[] = "$name = $label: warnings " . json_encode($warnings);
        }
    }
}
restore_error_handler();
echo $n > 60 ? "many settings\n" : "only $n settings\n";
echo $problems ? implode("\n", $problems) . "\n" : "no problem\n";
System_Daemon::setOption('logLocation', NAN);
System_Daemon::setOption('appPidLocation', -INF);
?>
--EXPECTF--
many settings
no problem

Warning: System_Daemon::setOption(): Option logLocation: NAN is invalid, expected a string (%s) or a finite number; the option keeps its previous value in %s on line %d

Warning: System_Daemon::setOption(): Option appPidLocation: -INF is invalid, expected a string (%s) or a finite number; the option keeps its previous value in %s on line %d
