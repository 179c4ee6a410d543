--TEST--
PHP errors: diagnostics raised while a file compiles reach a user log handler only once compilation is over (autoload works in it)
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php if (PHP_VERSION_ID < 80200) die('skip the "${x}" deprecation is PHP 8.2+'); ?>
--FILE--
<?php
$dir = sys_get_temp_dir() . '/sd_compile_' . getmypid() . '_' . bin2hex(random_bytes(4));
mkdir($dir);
file_put_contents("$dir/inc.php", '<?php
$x = "v";
echo "included file runs: ${x}\n";
');
file_put_contents("$dir/Fmt.php", '<?php
class Fmt { public static function f($m) { return "[" . __CLASS__ . "] $m"; } }
');
spl_autoload_register(function ($c) use ($dir) { require "$dir/$c.php"; });
System_Daemon::setOptions(['appName' => 'cmp', 'logPhpErrors' => true,
    'useCustomLogHandler' => function ($m, $l) { echo Fmt::f($m), " (level $l)\n"; }]);
include "$dir/inc.php";
echo $undefined;
echo "end\n";
unlink("$dir/inc.php");
unlink("$dir/Fmt.php");
rmdir($dir);
?>
--EXPECTF--
[Fmt] [PHP Deprecated] Using ${var} in strings is deprecated, use {$var} instead (level 5)
included file runs: v
[Fmt] [PHP Warning] Undefined variable $undefined [l:%d] (level 4)
end
