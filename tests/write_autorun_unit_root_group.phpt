--TEST--
writeAutoRun(): a unit for a daemon user with appRunAsGID => 0 set explicitly says Group=root (start() keeps gid 0); with the gid left unset, no Group= (the user's primary group, as start() takes it)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('write_autorun_unit_root_group');
mkdir("$dir/out");
file_put_contents("$dir/app.php", "<?php\n");
chmod("$dir/app.php", 0755);
$unit = function (array $extra) use ($dir) {
    foreach (glob("$dir/out/*") as $f) unlink($f);
    System_Daemon::setOptions([
        'appName' => 'rg', 'appDir' => $dir, 'appExecutable' => 'app.php', 'appDescription' => 'Root group',
        'authorName' => 'A', 'authorEmail' => 'a@example.org', 'runAutoRunDir' => "$dir/out",
        'runAutoRunType' => 'systemd', 'logLocation' => "$dir/rg.log", 'appRunAsUID' => 1, 'logVerbosity' => 4,
    ] + $extra);
    $p = System_Daemon::writeAutoRun();
    preg_match_all('/^(User|Group)=.*$/m', $p ? file_get_contents($p) : "not written", $m);
    return implode(' ', $m[0]);
};
echo $unit([]), "\n";
echo $unit(['appRunAsGID' => 0]), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('write_autorun_unit_root_group');
?>
--EXPECTF--
User=%s
User=%s Group=root
