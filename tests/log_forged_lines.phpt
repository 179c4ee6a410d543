--TEST--
Log: a logged value with line breaks and control characters cannot forge a log line: every physical line starts with the real stamp and level, other controls are escaped
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_forged_lines');
System_Daemon::setOptions(['appName' => 'forge', 'logLocation' => "$dir/f.log", 'logVerbosity' => 7]);
ob_start();
System_Daemon::info("request: x\n[Dec 07 05:43:48]    emerg: the disk is on fire\r\nbell\x07 esc\x1b[2J");
ob_end_clean();
echo sd_nodate(file_get_contents("$dir/f.log"));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_forged_lines');
?>
--EXPECT--
[DATE]     info: request: x
[DATE]     info:   [Dec 07 05:43:48]    emerg: the disk is on fire
[DATE]     info:   bell\x07 esc\x1b[2J
