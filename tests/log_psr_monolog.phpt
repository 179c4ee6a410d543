--TEST--
Log: usePsrLogger takes a PSR-3 logger (Monolog from Debian's php-monolog), levels mapped
--EXTENSIONS--
system_daemon
--SKIPIF--
<?php
if (!is_file('/usr/share/php/Monolog/autoload.php')) die('skip php-monolog not installed');
?>
--INI--
include_path=.:/usr/share/php
--FILE--
<?php
require '/usr/share/php/Monolog/autoload.php';
use Monolog\Logger;
use Monolog\Handler\TestHandler;
$h = new TestHandler(Logger::DEBUG);
$logger = new Logger('daemon', [$h]);
var_dump($logger instanceof Psr\Log\LoggerInterface);
System_Daemon::setOptions(['appName' => 'psr', 'logVerbosity' => System_Daemon::LOG_DEBUG]);
var_dump(System_Daemon::setOption('usePsrLogger', $logger));
ob_start();
System_Daemon::alert('alert %s', 'a');
System_Daemon::crit('crit');
System_Daemon::err('err');
System_Daemon::warning('warning');
System_Daemon::notice('notice');
System_Daemon::info('info {appName}');
System_Daemon::debug('debug');
var_dump(ob_get_clean());
foreach ($h->getRecords() as $r) {
    printf("%-9s %s %s\n", $r['level_name'], $r['message'], json_encode($r['context']));
}
// a Monolog StreamHandler writes the messages through Monolog's own format
require __DIR__ . '/include/sd.inc';
$file = sd_dir('log_psr_monolog') . '/monolog.log';
$stream = new Logger('daemon', [new Monolog\Handler\StreamHandler($file)]);
System_Daemon::setOption('usePsrLogger', $stream);
System_Daemon::info('through a stream');
echo preg_replace('/^\[[^\]]+\]/', '[TIME]', file_get_contents($file));
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('log_psr_monolog');
?>
--EXPECT--
bool(true)
bool(true)
string(0) ""
ALERT     alert 'a' [l:11] {"level":1}
CRITICAL  crit [l:12] {"level":2}
ERROR     err [l:13] {"level":3}
WARNING   warning [l:14] {"level":4}
NOTICE    notice {"level":5}
INFO      info psr {"level":6}
DEBUG     debug {"level":7}
[TIME] daemon.INFO: through a stream {"level":6} []
