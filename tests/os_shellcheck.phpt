--TEST--
System_Daemon_OS: every script the extension renders passes shellcheck -S warning, as rendered (each driver's init script, for PHP with flags and for an executable script, and the logrotate snippet's postrotate)
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
// scripts/debian-packages and the CI chroots install shellcheck: its absence is a
// broken setup, not a reason to pass.
exec('command -v shellcheck', $o, $rc);
if ($rc !== 0) {
    echo "shellcheck is not installed (Debian: apt-get install shellcheck)\n";
    exit(1);
}
$dir = sd_dir('os_shellcheck');
mkdir("$dir/out");
// A description, path and pid file that need quoting; run-tests.php gives this PHP -d
// flags, so RUN_CMD holds quoted ini settings.
file_put_contents("$dir/my app.php", "<?php\n");
chmod("$dir/my app.php", 0755);
file_put_contents("$dir/direct", "#!/bin/sh\nexit 0\n");
chmod("$dir/direct", 0755);
$props = [
    'appName' => 'sc', 'appExecutable' => 'my app.php', 'appDescription' => "Bob's \$HOME `daemon`", 'appDir' => $dir,
    'authorName' => 'Bob', 'authorEmail' => 'bob@example.org', 'appPidLocation' => "$dir/run dir/sc.pid",
    'appChkConfig' => '- 99 0', 'runAutoRunType' => 'initd', 'runAutoRunDir' => "$dir/out",
    'logLocation' => "$dir/sc's.log", 'runLogrotate' => true,
];

function shellcheck(string $label, string $script, string $dir): void
{
    $f = "$dir/check";
    file_put_contents($f, $script);
    exec('shellcheck -S warning ' . escapeshellarg($f) . ' 2>&1', $out, $rc);
    echo $label, ': ', $rc === 0 ? 'clean' : "rc $rc\n" . implode("\n", $out), "\n";
}

foreach (['Debian', 'Ubuntu', 'RedHat', 'Fedora', 'Arch'] as $driver) {
    $os = System_Daemon_OS::factory($driver);
    shellcheck("$driver (PHP runs the script)", $os->getAutoRunScript($props), $dir);
    shellcheck("$driver (the script runs itself)", $os->getAutoRunScript(['appExecutable' => 'direct'] + $props), $dir);
}

// The logrotate snippet as writeAutoRun() writes it; logrotate runs postrotate with /bin/sh.
$os = System_Daemon_OS::factory('Debian');
var_dump($os->writeAutoRun($props) === "$dir/out/sc");
$conf = file_get_contents("$dir/out/sc.logrotate");
var_dump(preg_match('/\n\tpostrotate\n(.*)\n\tendscript\n/s', $conf, $m));
shellcheck('logrotate postrotate', "#!/bin/sh\n" . $m[1] . "\n", $dir);
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('os_shellcheck');
?>
--EXPECT--
Debian (PHP runs the script): clean
Debian (the script runs itself): clean
Ubuntu (PHP runs the script): clean
Ubuntu (the script runs itself): clean
RedHat (PHP runs the script): clean
RedHat (the script runs itself): clean
Fedora (PHP runs the script): clean
Fedora (the script runs itself): clean
Arch (PHP runs the script): clean
Arch (the script runs itself): clean
bool(true)
int(1)
logrotate postrotate: clean
