<?php
// The main thread's request in tests/zts/harness.c: a handler for SIGUSR1 (which the
// engine manages under ZEND_SIGNALS) stays in place while the workers' requests start
// and end; every signal the script sends itself must reach it.
[, $log, $dir] = $argv;
System_Daemon::setOptions([
    'appName' => 'main',
    'logLocation' => $log,
    'logVerbosity' => System_Daemon::LOG_DEBUG,
    'logPhpErrors' => true,
]);
$got = 0;
if (!System_Daemon::setSigHandler(SIGUSR1, function (int $signo) use (&$got) { $got++; })) exit(2);
// The workers of the main-first order wait for this.
touch("$dir/go");
$sent = 0;
while ($sent < 20 || !file_exists("$dir/workers.done")) {
    posix_kill(getmypid(), SIGUSR1);
    $sent++;
    System_Daemon::iterate(0.005);
    System_Daemon::info('{appName} tick %d handled %d', $sent, $got);
    clearstatcache();
}
System_Daemon::notice('{appName} sent %d got %d', $sent, $got);
exit($got === $sent ? 0 : 5);
