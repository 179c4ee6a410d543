--TEST--
logFormat json in the foreground (appForeground, SYSTEM_DAEMON_FOREGROUND=1): every line on stdout and stderr is a JSON record
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$code = <<<'PHP'
System_Daemon::setOptions(['appName' => 'jfg', 'appDir' => sys_get_temp_dir(), 'logFormat' => 'json'] + FG);
System_Daemon::start();
System_Daemon::info("two\nlines \"quoted\" bad\xff utf-8");
System_Daemon::warning('a warning');
System_Daemon::err('an error');
System_Daemon::stop();
PHP;
function check(string $name, string $stream, array $levels, string $text): void
{
    $lines = explode("\n", rtrim($text, "\n"));
    $bad = array_filter($lines, fn($l) => !is_array(json_decode($l, true)));
    $records = array_map(fn($l) => json_decode($l, true), $lines);
    $mine = array_values(array_filter($records, fn($r) => is_array($r) && in_array($r['msg'] ?? '', ['a warning', 'an error'], true)
        || is_array($r) && str_starts_with($r['msg'] ?? '', 'two')));
    echo "$name $stream: ", count($lines) > 0 && !$bad ? 'all JSON' : 'NOT JSON: ' . json_encode(array_values($bad)), "; ";
    echo implode(', ', array_map(fn($r) => $r['level'] . '=' . json_encode($r['msg']), $mine)), "\n";
    foreach ($records as $r) {
        if (is_array($r) && !in_array($r['level'], $levels, true)) echo "  wrong stream for {$r['level']}\n";
        if (is_array($r) && $r['app'] !== 'jfg') echo "  wrong app\n";
    }
}
[$out, $err, $status] = sd_child(str_replace('FG', "['appForeground' => true]", $code));
echo "status: $status\n";
check('option', 'stdout', ['info', 'notice', 'warning', 'debug'], $out);
check('option', 'stderr', ['err', 'crit', 'alert', 'emerg'], $err);
putenv('SYSTEM_DAEMON_FOREGROUND=1');
[$out, $err, $status] = sd_child(str_replace('FG', '[]', $code));
putenv('SYSTEM_DAEMON_FOREGROUND');
echo "status: $status\n";
check('env', 'stdout', ['info', 'notice', 'warning', 'debug'], $out);
check('env', 'stderr', ['err', 'crit', 'alert', 'emerg'], $err);
?>
--EXPECT--
status: 0
option stdout: all JSON; info="two\nlines \"quoted\" bad\ufffd utf-8", warning="a warning"
option stderr: all JSON; err="an error"
status: 0
env stdout: all JSON; info="two\nlines \"quoted\" bad\ufffd utf-8", warning="a warning"
env stderr: all JSON; err="an error"
