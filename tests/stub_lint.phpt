--TEST--
Packaging: the published stub (stubs/system_daemon.stub.php) passes php -l and declares what the extension provides
--EXTENSIONS--
system_daemon
--FILE--
<?php
$stub = dirname(__DIR__) . '/stubs/system_daemon.stub.php';
exec(PHP_BINARY . ' -n -l ' . escapeshellarg($stub) . ' 2>&1', $out, $rc);
echo "php -l: rc=$rc ", str_starts_with(implode("\n", $out), 'No syntax errors') ? 'clean' : implode("\n", $out), "\n";
// every class the stub declares exists in the extension, and the other way round
preg_match_all('/^\s*(?:abstract\s+|final\s+)*class\s+(\w+)/m', file_get_contents($stub), $m);
$declared = $m[1];
sort($declared);
$provided = array_map(fn($c) => $c->getName(), (new ReflectionExtension('system_daemon'))->getClasses());
sort($provided);
echo 'same classes: ', var_export($declared === $provided, true), ' (', count($declared), ")\n";
?>
--EXPECT--
php -l: rc=0 clean
same classes: true (12)
