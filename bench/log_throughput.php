<?php
/*
 * One measurement of log throughput: php log_throughput.php MODE LINES FILE
 * prints "lines_per_second" on stdout. bench/run.sh runs the modes in rounds and
 * prints medians and ratios.
 *
 *   ours     System_Daemon::info('...') into logLocation
 *   json     the same with logFormat => 'json'
 *   php      a plain PHP loop: date() + fwrite() of the same line to an 'a' stream
 *   monolog  Monolog\Logger with a StreamHandler (Debian's php-monolog)
 *
 * ours and json measure a real daemon: start() forks it, the launcher exits, and the
 * daemon (stdout on /dev/null, nothing echoed) logs LINES lines to its file and writes
 * its figure to FILE.result, which bench/run.sh waits for. A foreground process would
 * also echo every line before start(), a cost no daemon pays.
 */
[$self, $mode, $lines, $file] = $argv + [null, 'ours', 200000, sys_get_temp_dir() . '/sd_bench.log'];
$lines = (int)$lines;
@unlink($file);
$msg = 'processed request 4711 in 12ms';

switch ($mode) {
    case 'ours':
    case 'json':
        System_Daemon::setOptions(['appName' => 'bench', 'logLocation' => $file, 'appDir' => dirname($file),
            'appPidLocation' => "$file.pid", 'logFormat' => $mode === 'json' ? 'json' : 'pear']);
        System_Daemon::start();   // only the daemon comes back
        System_Daemon::info($msg);
        $t = hrtime(true);
        for ($i = 0; $i < $lines; $i++) {
            System_Daemon::info($msg);
        }
        $t = hrtime(true) - $t;
        $written = substr_count(file_get_contents($file), "\n");
        $figure = $written < $lines ? "$mode: only $written of $lines lines reached the file" : sprintf('%.0f', $lines / ($t / 1e9));
        file_put_contents("$file.result.tmp", "$figure\n");
        rename("$file.result.tmp", "$file.result");
        System_Daemon::stop();
        exit(0);
    case 'php':
        $fh = fopen($file, 'a');
        $t = hrtime(true);
        for ($i = 0; $i < $lines; $i++) {
            fwrite($fh, '[' . date('M d H:i:s') . ']     info: ' . $msg . "\n");
        }
        $t = hrtime(true) - $t;
        fclose($fh);
        break;
    case 'monolog':
        if (!is_file('/usr/share/php/Monolog/autoload.php')) {
            echo "0\n";
            exit(0);
        }
        require '/usr/share/php/Monolog/autoload.php';
        $log = new Monolog\Logger('bench', [new Monolog\Handler\StreamHandler($file)]);
        $log->info($msg);
        $t = hrtime(true);
        for ($i = 0; $i < $lines; $i++) {
            $log->info($msg);
        }
        $t = hrtime(true) - $t;
        break;
    default:
        fwrite(STDERR, "unknown mode $mode\n");
        exit(2);
}
$written = substr_count(file_get_contents($file), "\n");
if ($written < $lines) {
    fwrite(STDERR, "$mode: only $written of $lines lines reached the file\n");
    exit(1);
}
@unlink($file);
printf("%.0f\n", $lines / ($t / 1e9));
