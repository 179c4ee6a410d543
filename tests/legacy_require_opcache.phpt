--TEST--
Legacy requires: with opcache on in the CLI, the PEAR copy is neither compiled nor cached in its place
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php
// 8.5 builds opcache into every PHP; before, it is a shared zend_extension
if (!is_file(PHP_EXTENSION_DIR . '/opcache.so') && !extension_loaded('Zend OPcache')) die('skip opcache not available');
?>
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$pear = __DIR__ . '/include/legacy_pear';
$code = <<<'PHP'
var_dump(opcache_get_status(false)['opcache_enabled']);
var_dump(require_once 'System/Daemon.php');
var_dump(require 'System/Daemon/OS.php');
var_dump(require 'System/Daemon/OS.php');
var_dump(require 'System/Other.php');
$cached = array_keys(opcache_get_status(true)['scripts']);
echo 'PEAR package files cached: ', count(array_filter($cached, fn($f) => str_contains($f, 'legacy_pear/System/Daemon'))), "\n";
echo 'other file cached: ', count(array_filter($cached, fn($f) => str_contains($f, 'legacy_pear/System/Other'))), "\n";
echo 'internal: ', var_export((new ReflectionClass('System_Daemon'))->isInternal(), true), "\n";
PHP;
// opcache has to be loaded before the script runs: a child with its own command line
$load = is_file(PHP_EXTENSION_DIR . '/opcache.so') ? ['zend_extension' => PHP_EXTENSION_DIR . '/opcache.so'] : [];
[$out, $err] = sd_child($code, $load + [
    'opcache.enable' => 1,
    'opcache.enable_cli' => 1,
    'include_path' => ".:$pear",
]);
echo $out, $err;
?>
--EXPECT--
bool(true)
int(1)
int(1)
int(1)
System/Other.php was compiled
string(5) "other"
PEAR package files cached: 0
other file cached: 1
internal: true
