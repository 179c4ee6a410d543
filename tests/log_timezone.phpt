--TEST--
Log: the date prefix honours date.timezone, ini_set() of it and date_default_timezone_set()
--EXTENSIONS--
system_daemon
--INI--
date.timezone=Pacific/Chatham
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_timezone');
System_Daemon::setOptions(['appName' => 'tz', 'logLocation' => "$dir/tz.log"]);
function stamp_of(string $line): string { return substr($line, 1, 15); }
// Chatham is UTC+12:45 or +13:45: never the same minutes as UTC
ob_start();
do {
    $before = date('M d H:i:s');
    System_Daemon::info('chatham');
    $after = date('M d H:i:s');
} while ($before !== $after);
$line = ob_get_clean();
var_dump(stamp_of($line) === $before, stamp_of($line) !== gmdate('M d H:i:s'));
// so does ini_set() within the same second (Kolkata is UTC+5:30: neither of the others)
ini_set('date.timezone', 'Asia/Kolkata');
ob_start();
do {
    $before = date('M d H:i:s');
    System_Daemon::info('kolkata');
    $after = date('M d H:i:s');
} while ($before !== $after);
$line = ob_get_clean();
var_dump(stamp_of($line) === $before);
// a change at run time is honoured from the next line on
date_default_timezone_set('UTC');
ob_start();
do {
    $before = gmdate('M d H:i:s');
    System_Daemon::info('utc');
    $after = gmdate('M d H:i:s');
} while ($before !== $after);
$line = ob_get_clean();
var_dump(stamp_of($line) === $before);
echo sd_nodate(file_get_contents("$dir/tz.log"));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_timezone');
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
[DATE]     info: chatham
[DATE]     info: kolkata
[DATE]     info: utc
