--TEST--
Log: a line logged by the script's output handler while a line is echoed does not replace that line in the file
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_output_handler_logs');
foreach (['pear', 'json'] as $format) {
    $file = "$dir/$format.log";
    System_Daemon::setOptions(['appName' => 'oh', 'logLocation' => $file, 'logVerbosity' => 7, 'logFormat' => $format]);
    // Before start() lines are echoed; the handler runs at every write (chunk size 1)
    // and logs a debug line (not echoed) longer than any line before it.
    ob_start(function ($buf) { System_Daemon::debug(str_repeat('nested ', 200)); return ''; }, 1);
    System_Daemon::info('outer line');
    ob_end_clean();
    $log = file_get_contents($file);
    echo $format, ': outer ', substr_count($log, 'outer line'), ', nested ', substr_count($log, str_repeat('nested ', 200)), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_output_handler_logs');
?>
--EXPECT--
pear: outer 1, nested 2
json: outer 1, nested 2
