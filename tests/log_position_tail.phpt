--TEST--
Log: [f:file] [l:line] tail is the user's call site; logTrimAppDir; never an empty [l:]
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
require __DIR__ . '/include/position_helper.inc';
$dir = sd_dir('log_position_tail');
System_Daemon::setOptions(['appName' => 'pos', 'logLocation' => "$dir/pos.log", 'appDir' => __DIR__]);
class Worker {
    function run() { System_Daemon::err('in a method'); }
    static function srun() { return System_Daemon::crit('in a static method'); }
}
ob_start();
System_Daemon::err('line only');                              // 11
System_Daemon::notice('no tail at notice');                   // 12
System_Daemon::info('no tail at info');                       // 13
System_Daemon::setOption('logFilePosition', true);
System_Daemon::alert('file and line, trimmed');               // 15
(new Worker)->run();                                          // line 7
Worker::srun();                                               // line 8
helper_logs();                                                // include/position_helper.inc:5
call_user_func(['System_Daemon', 'warning'], 'through call_user_func'); // 19
array_map(fn($x) => System_Daemon::err('in a closure %s', $x), [1]);    // 20
System_Daemon::log(System_Daemon::LOG_ERR, 'log() without position');  // 21
System_Daemon::log(System_Daemon::LOG_ERR, 'log() with position', '/elsewhere/x.php', 'C', 'f', 99);
System_Daemon::setOption('logTrimAppDir', false);
System_Daemon::err('untrimmed');                              // 24
System_Daemon::setOption('logLinePosition', false);
System_Daemon::err('file only');                              // 26
System_Daemon::setOption('logFilePosition', false);
System_Daemon::err('no tail at all');                         // 28
System_Daemon::setOptions(['logFilePosition' => true, 'logLinePosition' => true, 'logTrimAppDir' => true]);
// phpErrors() called by hand with no file or line: no "[f:]" or "[l:0]"
System_Daemon::phpErrors(E_WARNING, 'no position known');
eval('System_Daemon::err("from eval");');
ob_end_clean();
echo str_replace(__DIR__, '<DIR>', sd_nodate(file_get_contents("$dir/pos.log")));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_position_tail');
?>
--EXPECT--
[DATE]      err: line only [l:11]
[DATE]   notice: no tail at notice
[DATE]     info: no tail at info
[DATE]    alert: file and line, trimmed [f:/log_position_tail.php] [l:15]
[DATE]      err: in a method [f:/log_position_tail.php] [l:7]
[DATE]     crit: in a static method [f:/log_position_tail.php] [l:8]
[DATE]  warning: from the helper [f:/include/position_helper.inc] [l:5]
[DATE]  warning: through call_user_func [f:/log_position_tail.php] [l:19]
[DATE]      err: in a closure 1 [f:/log_position_tail.php] [l:20]
[DATE]      err: log() without position [f:/log_position_tail.php] [l:21]
[DATE]      err: log() with position [f:/elsewhere/x.php] [l:99]
[DATE]      err: untrimmed [f:<DIR>/log_position_tail.php] [l:24]
[DATE]      err: file only [f:<DIR>/log_position_tail.php]
[DATE]      err: no tail at all
[DATE]  warning: [PHP Warning] no position known
[DATE]      err: from eval [f:/log_position_tail.php(32) : eval()'d code] [l:1]
