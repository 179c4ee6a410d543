--TEST--
Log: the original's line format byte for byte, printf arguments through semantify()
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_format_semantify');
class Thing {}
System_Daemon::setOptions(['appName' => 'fmt', 'logLocation' => "$dir/fmt.log", 'logVerbosity' => System_Daemon::LOG_DEBUG]);
ob_start();
System_Daemon::info('plain message');
System_Daemon::info('of %s', 'x');
System_Daemon::info('int %s float %s numeric %s', 42, 1.5, '17');
System_Daemon::info('bools %s %s', true, false);
System_Daemon::info('array %s', ['a' => 1, 'b' => 'two', 3 => [4, 5]]);
System_Daemon::info('object %s', new Thing);
System_Daemon::info('null %s', null);
System_Daemon::info('%d%% done, %05.1f', '50', 3.14159);
System_Daemon::info('app {appName} at {OPTIONS.logVerbosity}, {unknown} stays, @basename(/a/b) is text');
System_Daemon::notice('notice');
System_Daemon::warning('warning');
System_Daemon::err('err');
System_Daemon::crit('crit');
System_Daemon::alert('alert');
System_Daemon::debug('debug %s', 'not echoed');
System_Daemon::log(System_Daemon::LOG_INFO, 'log() takes %s literally');
System_Daemon::log('warning', 'level by name');
System_Daemon::info();
$echoed = ob_get_clean();
$file = file_get_contents("$dir/fmt.log");
// Every line starts with date('M d H:i:s') in brackets
var_dump(preg_match_all('/^\[(\w{3} \d\d \d\d:\d\d:\d\d)\] /m', $file, $m) === 18);
foreach ($m[1] as $d) {
    if (DateTime::createFromFormat('M d H:i:s', $d) === false) echo "bad date $d\n";
}
echo sd_nodate($file);
echo "--- echoed (everything but debug):\n";
$want = preg_replace('/^.*   debug: .*\n/m', '', $file);
var_dump(sd_nodate($echoed) === sd_nodate($want), substr_count($echoed, "\n"));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_format_semantify');
?>
--EXPECT--
bool(true)
[DATE]     info: plain message
[DATE]     info: of 'x'
[DATE]     info: int 42 float 1.5 numeric 17
[DATE]     info: bools 1 
[DATE]     info: array a: 1, b: 'two', 3: [4,5]
[DATE]     info: object Thing
[DATE]     info: null ''
[DATE]     info: 50% done, 003.1
[DATE]     info: app fmt at 7, {unknown} stays, @basename(/a/b) is text
[DATE]   notice: notice
[DATE]  warning: warning [l:17]
[DATE]      err: err [l:18]
[DATE]     crit: crit [l:19]
[DATE]    alert: alert [l:20]
[DATE]    debug: debug 'not echoed'
[DATE]     info: log() takes %s literally
[DATE]  warning: level by name [l:23]
[DATE]     info: 
--- echoed (everything but debug):
bool(true)
int(17)
