--TEST--
logFormat json: every record of a mixed run is one line of JSON with its level, priority and message (line breaks, quotes, control characters escaped, invalid UTF-8 replaced), its call site and a capped PSR-3 context
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('log_format_json');
System_Daemon::setOptions(['appName' => 'jsonapp', 'logLocation' => "$dir/app.log", 'logVerbosity' => 7,
    'logFormat' => 'json']);
ob_start(fn($b) => '');  // before start() lines are echoed too
System_Daemon::info('plain %s', 'arg');
System_Daemon::err("two\nlines \"quoted\" \x1b[31m \xff\xfe end");
System_Daemon::log(System_Daemon::LOG_WARNING, 'through log()');
System_Daemon::notice('with context', context: ['user' => 42, 'deep' => [[[[[[['x']]]]]]],
    'e' => new RuntimeException('boom', 7), 'big' => str_repeat('a', 20000)]);
System_Daemon::debug('last');
try {
    System_Daemon::info('x', other: 1);
} catch (Error $e) {
    $refused = get_class($e) . ': ' . $e->getMessage() . "\n";
}
ob_end_clean();
echo $refused;
$lines = file("$dir/app.log");
echo count($lines), " lines\n";
foreach ($lines as $i => $line) {
    $r = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
    $ts = DateTimeImmutable::createFromFormat('Y-m-d\TH:i:s.uP', $r['ts']);
    printf("%s %d %s %s pid:%s file:%s line:%d ts:%s\n", $r['level'], $r['priority'], $r['app'], json_encode($r['msg']),
        $r['pid'] === getmypid() ? 'ours' : $r['pid'], basename($r['file']), $r['line'],
        $ts && abs($ts->getTimestamp() - time()) < 60 ? 'ok' : $r['ts']);
    if (isset($r['context'])) {
        $c = $r['context'];
        echo '  context: user=', $c['user'], ' deep=', json_encode($c['deep']), ' e=', json_encode($c['e']['class']),
            '/', $c['e']['message'], '/', $c['e']['code'], ' big=', strlen($c['big']), "\n";
    }
    if (array_key_exists('worker', $r)) echo "  unexpected worker key\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_format_json');
?>
--EXPECT--
Error: System_Daemon::info(): unknown named parameter $other (only $context is named)
5 lines
info 6 jsonapp "plain 'arg'" pid:ours file:log_format_json.php line:7 ts:ok
err 3 jsonapp "two\nlines \"quoted\" \u001b[31m \ufffd\ufffd end" pid:ours file:log_format_json.php line:8 ts:ok
warning 4 jsonapp "through log()" pid:ours file:log_format_json.php line:9 ts:ok
notice 5 jsonapp "with context" pid:ours file:log_format_json.php line:10 ts:ok
  context: user=42 deep=[[[[["..."]]]]] e="RuntimeException"/boom/7 big=8192
debug 7 jsonapp "last" pid:ours file:log_format_json.php line:12 ts:ok
