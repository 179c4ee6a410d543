<?php
// One request of a worker thread of tests/zts/harness.c: argv is the thread's number,
// its log file, the lines to log and the run's directory. The harness checks the log.
[, $id, $log, $lines, $dir] = $argv;
$id = (int)$id;
$lines = (int)$lines;
System_Daemon::setOptions([
    'appName' => "zts$id",
    'logLocation' => $log,
    'logVerbosity' => System_Daemon::LOG_DEBUG,
    'logPhpErrors' => true,
    'appPidLocation' => "$dir/zts$id/zts$id.pid",
]);
// Both belong to the process's main thread: refused here, each with its own line.
try {
    System_Daemon::start();
    echo "start() was not refused\n";
    exit(2);
} catch (System_Daemon_Exception $e) {
}
if (System_Daemon::setSigHandler(SIGUSR2, function () {}) !== false) exit(3);
for ($i = 1; $i <= $lines; $i++) {
    System_Daemon::info('{appName} line %d sum %d', $i, $id * $i);
    if ($i % 50 === 0) {
        trigger_error("t$id warn $i", E_USER_WARNING);
        // Never stopping: the main thread's signals are not this thread's.
        System_Daemon::iterate(0);
        if (System_Daemon::isDying()) exit(4);
    }
}
exit(0);
