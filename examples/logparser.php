#!/usr/bin/php
<?php
/**
 * The log parser daemon of the README: every few seconds it reads what was
 * appended to a log file and counts the lines that mention an error.
 *
 *   php logparser.php [--dir DIR] [--watch FILE] [--no-daemon] [--write-initd]
 *
 * --no-daemon    run in the foreground (log lines are echoed too)
 * --write-initd  write a startup file for this daemon and exit
 * --dir DIR      where the pid file and the log go (default: /var/run and /var/log)
 */
$args = getopt('', array('dir:', 'watch:', 'no-daemon', 'write-initd', 'iterations:'));
$runmode = array(
    'no-daemon'   => isset($args['no-daemon']),
    'write-initd' => isset($args['write-initd']),
);

$options = array(
    'appName'        => 'logparser',
    'appDir'         => __DIR__,
    'appDescription' => 'Counts errors appended to a log file',
    'authorName'     => 'System Daemon',
    'authorEmail'    => 'daemon@example.com',
    'sysMaxExecutionTime' => 0,
    'sysMaxInputTime'     => 0,
    'sysMemoryLimit'      => '64M',
);
if (isset($args['dir'])) {
    $options['logLocation']    = $args['dir'] . '/logparser.log';
    $options['appPidLocation'] = $args['dir'] . '/logparser.pid';
    $options['runAutoRunDir']  = $args['dir'];
}
if (!System_Daemon::setOptions($options)) {
    fwrite(STDERR, "invalid options, see the warnings above\n");
    exit(2);
}

if ($runmode['write-initd']) {
    $path = System_Daemon::writeAutoRun();
    exit($path === false ? 1 : 0);
}

$watch = isset($args['watch']) ? $args['watch'] : '/var/log/syslog';
$iterations = isset($args['iterations']) ? (int)$args['iterations'] : -1;
// Taken before start(): lines written once the shell has its 0 are all counted, however
// late the daemon gets to its loop.
$offset = is_file($watch) ? filesize($watch) : 0;
$errors = 0;

if (!$runmode['no-daemon']) {
    // Returns only in the daemon; the launching shell gets 0 once it is ready.
    System_Daemon::start();
}

System_Daemon::info('watching %s from byte %d', $watch, $offset);
while (!System_Daemon::isDying() && $iterations-- != 0) {
    clearstatcache();
    if (is_file($watch) && filesize($watch) > $offset) {
        $fp = fopen($watch, 'r');
        fseek($fp, $offset);
        while (($line = fgets($fp)) !== false) {
            if (stripos($line, 'error') !== false) {
                $errors++;
            }
        }
        $offset = ftell($fp);
        fclose($fp);
        System_Daemon::info('%d error lines so far', $errors);
    }
    System_Daemon::iterate(1);
}
System_Daemon::stop();
