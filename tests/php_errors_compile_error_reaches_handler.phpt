--TEST--
PHP errors: a fatal error raised while a file compiles ends the script as usual, and the user log handler still gets it afterwards, with the stack taken when it was raised (autoload works in it)
--EXTENSIONS--
system_daemon
--INI--
; PHP 8.5's run-tests turns its fatal error backtraces off, and ours follow them
fatal_error_backtraces=1
--FILE--
<?php
$dir = sys_get_temp_dir() . '/sd_compile_fatal_' . getmypid() . '_' . bin2hex(random_bytes(4));
mkdir($dir);
file_put_contents("$dir/inc.php", '<?php
function twice() {}
function twice() {}
');
file_put_contents("$dir/Fmt.php", '<?php
class Fmt { public static function f($m) { return "[" . __CLASS__ . "] $m"; } }
');
register_shutdown_function(function () use ($dir) {
    unlink("$dir/inc.php");
    unlink("$dir/Fmt.php");
    rmdir($dir);
    echo "shutdown\n";
});
spl_autoload_register(function ($c) use ($dir) { require "$dir/$c.php"; });
System_Daemon::setOptions(['appName' => 'cmp', 'logPhpErrors' => true,
    'useCustomLogHandler' => function ($m, $l) { echo Fmt::f($m), " (level $l)\n"; }]);
include "$dir/inc.php";
echo "not reached\n";
?>
--EXPECTF--
Fatal error: Cannot redeclare %r(function )?%rtwice() (previously declared in %sinc.php:2) in %sinc.php on line 3
%A[Fmt] [PHP Compile Error] Cannot redeclare %r(function )?%rtwice() (previously declared in %sinc.php:2) [l:3] (level 0)
[Fmt] [PHP Fatal error] Cannot redeclare %r(function )?%rtwice() (previously declared in %sinc.php:2); stack:
  #0 {main} at %sphp_errors_compile_error_reaches_handler.php:20 [l:3] (level 2)
shutdown
