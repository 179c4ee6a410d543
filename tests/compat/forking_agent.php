<?php
/*
 * In the style of a forking agent: a pool of short-lived workers, and after the loop
 * the agent waits for the workers still running before it leaves (needs pcntl).
 * Usage: php forking_agent.php DIR
 */
$dir = $argv[1];
System_Daemon::setOption('appName', 'agent');
System_Daemon::setOption('appDir', $dir);
System_Daemon::setOption('logLocation', $dir . '/daemon.log');
System_Daemon::setOption('appPidLocation', $dir . '/run/daemon.pid');
System_Daemon::start();

$workers = array();
while (!System_Daemon::isDying()) {
    while (count($workers) < 3) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            // A job of about a second, cut into steps as real jobs are.
            for ($i = 0; $i < 10; $i++) {
                usleep(100000);
            }
            file_put_contents($dir . '/done.' . getmypid(), 'done');
            exit(0);
        }
        $workers[$pid] = true;
        file_put_contents($dir . '/started.' . $pid, 'started');
    }
    foreach (array_keys($workers) as $pid) {
        if (pcntl_waitpid($pid, $status, WNOHANG) !== 0) {
            unset($workers[$pid]);
        }
    }
    System_Daemon::iterate(0.2);
}

// The loop is over: no orphans, every worker finishes its job first.
foreach (array_keys($workers) as $pid) {
    while (pcntl_waitpid($pid, $status) === 0) {
    }
}
System_Daemon::info('waited for %d workers', count($workers));
