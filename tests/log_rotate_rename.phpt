--TEST--
Log: a logrotate-style rename or delete is noticed within a second; the next lines go to a new file, none lost
--DESCRIPTION--
Lines written into a file that was deleted since the last once-a-second check are copied
into the new file: C and D (written in the second before rot.log.2 was deleted) and E
(written in the second before rot.log was deleted) appear again. Better twice than never.
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_rotate_rename');
function next_second() { $t = time(); while (time() === $t) usleep(10000); }
System_Daemon::setOptions(['appName' => 'rot', 'logLocation' => "$dir/rot.log"]);
ob_start();
System_Daemon::info('A before rotation');
rename("$dir/rot.log", "$dir/rot.log.1");
// within the same second the line may still reach the renamed file: either is fine
System_Daemon::info('B right after the rename');
next_second();
System_Daemon::info('C a second later');
System_Daemon::info('D');
$afterRename = file_get_contents("$dir/rot.log");
rename("$dir/rot.log", "$dir/rot.log.2");
next_second();
unlink("$dir/rot.log.2");
System_Daemon::info('E after a rename a second ago');
$e = file_get_contents("$dir/rot.log");
unlink("$dir/rot.log");
next_second();
System_Daemon::info('F after delete');
ob_end_clean();
$one = sd_nodate(file_get_contents("$dir/rot.log.1"));
$new = sd_nodate(file_get_contents("$dir/rot.log"));
echo "rot.log.1:\n", str_replace("[DATE]     info: B right after the rename\n", '', $one);
echo "rot.log after the first rename:\n", str_replace("[DATE]     info: B right after the rename\n", '', sd_nodate($afterRename));
echo "B once: ", var_export(substr_count($one . sd_nodate($afterRename), 'info: B right after the rename') === 1, true), "\n";
echo "rot.log before the delete:\n", sd_nodate($e);
echo "rot.log now:\n$new";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_rotate_rename');
?>
--EXPECT--
rot.log.1:
[DATE]     info: A before rotation
rot.log after the first rename:
[DATE]     info: C a second later
[DATE]     info: D
B once: true
rot.log before the delete:
[DATE]     info: C a second later
[DATE]     info: D
[DATE]     info: E after a rename a second ago
rot.log now:
[DATE]     info: E after a rename a second ago
[DATE]     info: F after delete
