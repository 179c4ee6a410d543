#!/usr/bin/php
<?php
/**
 * A queue worker: takes job files from a spool directory, one at a time, and stops
 * gracefully. SIGTERM does not cut a job in half: the handler only asks the loop to
 * finish, and the job in hand is completed (and logged) before the daemon stops.
 *
 *   php queue_worker.php --dir DIR      (jobs are DIR/spool/*.job; results in DIR/done)
 *
 * A job file holds a number of milliseconds of "work".
 */
$args = getopt('', array('dir:', 'no-daemon'));
$dir = isset($args['dir']) ? $args['dir'] : '/var/lib/queue_worker';

System_Daemon::setOptions(array(
    'appName'        => 'queue_worker',
    'appDir'         => __DIR__,
    'appDescription' => 'Works through a spool directory',
    'logLocation'    => "$dir/queue_worker.log",
    'appPidLocation' => "$dir/queue_worker.pid",
)) or exit(2);

$stopRequested = false;
// TERM (from init, systemctl stop or start-stop-daemon) and INT only set a flag.
$graceful = function ($signo) use (&$stopRequested) {
    $stopRequested = true;
    System_Daemon::info('signal %d: finishing the current job, then stopping', $signo);
};
System_Daemon::setSigHandler(SIGTERM, $graceful);
System_Daemon::setSigHandler(SIGINT, $graceful);

if (!isset($args['no-daemon'])) {
    System_Daemon::start();
}
@mkdir("$dir/spool", 0755, true);
@mkdir("$dir/done", 0755, true);

while (!$stopRequested && !System_Daemon::isDying()) {
    $jobs = glob("$dir/spool/*.job");
    sort($jobs);
    foreach ($jobs as $job) {
        $name = basename($job);
        $ms = (int)file_get_contents($job);
        System_Daemon::info('job %s: %d ms of work', $name, $ms);
        // The work itself: signals are recorded meanwhile and handled between steps.
        for ($t = 0; $t < $ms; $t += 10) {
            usleep(10000);
        }
        rename($job, "$dir/done/$name");
        System_Daemon::info('job %s done', $name);
        if ($stopRequested) {
            break;
        }
    }
    System_Daemon::iterate(0.2);
}
System_Daemon::stop();
