--TEST--
appLimitJitter: each image draws its own share of the jitter, taken off the limit (never added), so that daemons started together do not recycle in lockstep
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/signals.inc';
$dir = sd_dir('limits_jitter');
// Four images, each recycled in place by appMaxIterations; the notice names the limit in force.
sd_sig_daemon($dir, <<<'PHP'
if (System_Daemon::stats()['recycles'] >= 4) {
    System_Daemon::stop();
}
while (!System_Daemon::isDying()) {
    System_Daemon::iterate(0.002);
}
PHP, ['appMaxIterations' => 200, 'appLimitJitter' => 0.5]);
sd_sig_wait(fn() => substr_count((string)@file_get_contents("$dir/daemon.log"), 'appMaxIterations reached') >= 4
    && !file_exists("$dir/run/daemon.pid"), 30);
sd_sig_kill_leftover("$dir/run/daemon.pid");
preg_match_all('/appMaxIterations reached: \d+ iterations \(limit (\d+)\)/', file_get_contents("$dir/daemon.log"), $m);
$limits = array_map('intval', $m[1]);
echo count($limits), " recycles\n";
echo "all within 100..200: ", var_export(min($limits) >= 100 && max($limits) <= 200, true), "\n";
// Four draws out of ~100 values: the same one every time would be no jitter at all.
echo "drawn anew per image: ", var_export(count(array_unique($limits)) > 1, true), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/signals.inc';
sd_sig_clean('limits_jitter');
?>
--EXPECT--
4 recycles
all within 100..200: true
drawn anew per image: true
