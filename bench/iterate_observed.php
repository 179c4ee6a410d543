<?php
/*
 * What appHeartbeatFile and appStatusFile cost iterate(0): a daemon started in the
 * foreground (no fork, so the loop is timed here) turns LOOPS iterations with neither
 * file, then with both at their shortest interval (1 s, so that the timed run includes
 * several writes). Prints "plain observed" in iterations per second.
 *
 *   php -n -d extension=modules/system_daemon.so bench/iterate_observed.php MODE LOOPS
 *   MODE: plain | observed
 */
[$self, $mode, $loops] = $argv + [null, 'plain', 2000000];
$loops = (int)$loops;
$dir = sys_get_temp_dir() . '/sd_iterbench_' . getmypid();
@mkdir($dir);
$opts = ['appName' => 'iterbench', 'appDir' => $dir, 'appForeground' => true,
    'logLocation' => "$dir/d.log", 'appPidLocation' => "$dir/d.pid"];
if ($mode === 'observed') {
    $opts += ['appHeartbeatFile' => "$dir/hb", 'appHeartbeatInterval' => 1,
        'appStatusFile' => "$dir/status.json", 'appStatusInterval' => 1];
}
System_Daemon::setOptions($opts);
ob_start(fn($b) => '');
System_Daemon::start();
$t = hrtime(true);
for ($i = 0; $i < $loops && !System_Daemon::isDying(); $i++) {
    System_Daemon::iterate(0);
}
$t = hrtime(true) - $t;
ob_end_clean();
if ($mode === 'observed' && !is_file("$dir/status.json")) {
    fwrite(STDERR, "observed: no status file was written\n");
    exit(1);
}
array_map('unlink', glob("$dir/*"));
rmdir($dir);
printf("%.0f\n", $loops / ($t / 1e9));
