--TEST--
writeAutoRun(): the path written, true when it exists, false with reasons; refusals as the original; 0755 scripts, 0644 units and logrotate snippets, atomic writes; System_Daemon::writeAutoRun() notices
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('write_autorun');
mkdir("$dir/out");
file_put_contents("$dir/app.php", "<?php\n");
chmod("$dir/app.php", 0755);
umask(0);  // the modes must not depend on the umask
$props = [
    'appName' => 'wr', 'appExecutable' => 'app.php', 'appDescription' => 'Writer', 'appDir' => $dir,
    'authorName' => 'A', 'authorEmail' => 'a@example.org', 'appPidLocation' => "$dir/run/wr.pid",
    'appChkConfig' => '- 99 0', 'runAutoRunDir' => "$dir/out", 'runAutoRunType' => 'initd',
];
$mode = fn($f) => sprintf('%o', fileperms($f) & 07777);
$os = System_Daemon_OS::factory('Debian');
$p = $os->writeAutoRun($props);
var_dump($p === "$dir/out/wr", $mode($p), $os->errors, str_starts_with(file_get_contents($p), "#!/bin/sh\n"));
file_put_contents($p, 'changed');
var_dump($os->writeAutoRun($props), file_get_contents($p));          // exists, not overwritten
var_dump($os->writeAutoRun($props, true) === $p, $mode($p), strlen(file_get_contents($p)) > 100);
var_dump(scandir("$dir/out"));                                       // no temporary file left

// systemd unit and logrotate snippet
$u = $props + ['appRunAsUID' => 0, 'runWatchdogSec' => 30, 'runLogrotate' => true, 'logLocation' => "$dir/wr.log"];
$u['runAutoRunType'] = 'systemd';
$p = $os->writeAutoRun($u);
var_dump($p === "$dir/out/wr.service", $mode($p), $mode("$dir/out/wr.logrotate"));
$unit = file_get_contents($p);
foreach (['Type=notify', 'ExecStart=' . PHP_BINARY . " $dir/app.php", "ReadWritePaths=-$dir/run -$dir", 'Restart=on-failure',
          'ExecReload=/bin/sh -c "kill -HUP $$MAINPID"', 'WatchdogSec=30', 'StartLimitBurst=5'] as $line) {
    if ($line === 'ExecStart=' . PHP_BINARY . " $dir/app.php") {
        // PHP, the -n/-d settings this test runs with, the script
        echo 'ExecStart: ', preg_match('~\nExecStart=' . preg_quote(PHP_BINARY, '~') . '( .+)? ' . preg_quote("$dir/app.php", '~') . '\n~', $unit), "\n";
        continue;
    }
    echo str_replace($dir, 'DIR', $line), ': ', (int)str_contains($unit, "\n$line\n"), "\n";
}
var_dump(str_contains($unit, 'PIDFile='));
var_dump(str_contains($unit, 'User='));
echo str_replace($dir, 'DIR', file_get_contents("$dir/out/wr.logrotate"));

// refusals
$os = System_Daemon_OS::factory('Debian');
var_dump($os->writeAutoRun([]), $os->errors);
$os = System_Daemon_OS::factory('Debian');
$bad = $props;
unset($bad['authorEmail']);
$bad['appExecutable'] = 'missing.php';
var_dump($os->writeAutoRun($bad), $os->errors);
$os = System_Daemon_OS::factory('Debian');
chmod("$dir/app.php", 0644);
var_dump($os->writeAutoRun($props, true), $os->errors);
chmod("$dir/app.php", 0755);
$os = System_Daemon_OS::factory('Debian');
var_dump($os->writeAutoRun(['runAutoRunDir' => "$dir/nowhere"] + $props), str_replace($dir, 'DIR', implode("\n", $os->errors)));
$os = System_Daemon_OS::factory('Debian');
var_dump($os->writeAutoRun(['appName' => '../escape'] + $props), $os->errors);
$os = System_Daemon_OS::factory('BSD');
$nodir = $props + ['runTemplateLocation' => "$dir/app.php"];
unset($nodir['runAutoRunDir']);
var_dump($os->writeAutoRun($nodir), $os->errors);
var_dump(System_Daemon_OS::isWritable("$dir/out"), System_Daemon_OS::isWritable("$dir/out/"), System_Daemon_OS::isWritable("$dir/out/new"),
    file_exists("$dir/out/new"), System_Daemon_OS::isWritable("$dir/nowhere/x"));

// System_Daemon::writeAutoRun() with the options
System_Daemon::setOptions(['appName' => 'wr2', 'appDir' => $dir, 'appExecutable' => 'app.php', 'appDescription' => 'W2',
    'authorName' => 'A', 'authorEmail' => 'a@example.org', 'runAutoRunDir' => "$dir/out", 'runAutoRunType' => 'initd',
    'logLocation' => "$dir/sd.log"]);
ob_start();
$r1 = System_Daemon::writeAutoRun();
$r2 = System_Daemon::writeAutoRun();
chmod("$dir/app.php", 0600);
$r3 = System_Daemon::writeAutoRun(true);
$out = ob_get_clean();
var_dump($r1 === "$dir/out/wr2", $r2, $r3);
echo preg_replace('/^\[.*?\]/m', '[date]', str_replace($dir, 'DIR', $out));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('write_autorun');
?>
--EXPECTF--
bool(true)
string(3) "755"
array(0) {
}
bool(true)
bool(true)
string(7) "changed"
bool(true)
string(3) "755"
bool(true)
array(3) {
  [0]=>
  string(1) "."
  [1]=>
  string(2) ".."
  [2]=>
  string(2) "wr"
}
bool(true)
string(3) "644"
string(3) "644"
Type=notify: 1
ExecStart: 1
ReadWritePaths=-DIR/run -DIR: 1
Restart=on-failure: 1
ExecReload=/bin/sh -c "kill -HUP $$MAINPID": 1
WatchdogSec=30: 1
StartLimitBurst=5: 1
bool(false)
bool(false)
"DIR/wr.log" {
	weekly
	rotate 4
	compress
	delaycompress
	missingok
	notifempty
	create
	postrotate
		systemctl reload -- wr.service >/dev/null 2>&1 || true
	endscript
}
bool(false)
array(1) {
  [0]=>
  string(36) "No properties to forge init.d script"
}
bool(false)
array(3) {
  [0]=>
  string(74) "Cannot forge an init.d script without a valid daemon property: authorEmail"
  [1]=>
  string(%d) "unable to forge startup script for non existing daemon_filepath: %s/missing.php, try setting a valid appDir or appExecutable"
  [2]=>
  string(%d) "unable to forge startup script. daemon_filepath: %s/missing.php, needs to be executable first"
}
bool(false)
array(1) {
  [0]=>
  string(%d) "unable to forge startup script. daemon_filepath: %s/app.php, needs to be executable first"
}
bool(false)
string(72) "Directory: 'DIR/nowhere' does not exist. How can this be a correct path?"
bool(false)
array(1) {
  [0]=>
  string(56) "appName '../escape' cannot be the name of a startup file"
}
bool(false)
array(1) {
  [0]=>
  string(21) "autoRunDir is not set"
}
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
[date]   notice: Startup written to 'DIR/out/wr2'
[date]   notice: Startup was already written
[date]   notice: unable to forge startup script. daemon_filepath: DIR/app.php, needs to be executable first
[date]  warning: Unable to create startup file%s
