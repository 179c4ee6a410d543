--TEST--
SIG* constants exist with or without pcntl, with pcntl's values, and nothing is defined twice
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$code = <<<'PHP'
$names = ['SIG_IGN', 'SIG_DFL', 'SIG_ERR', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT',
    'SIGIOT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM',
    'SIGCHLD', 'SIGCLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ',
    'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPOLL', 'SIGSYS', 'SIGBABY', 'SIGRTMIN', 'SIGRTMAX'];
$missing = array_filter($names, fn($n) => !defined($n));
echo "missing: ", $missing ? implode(' ', $missing) : 'none', "\n";
echo SIG_IGN, ' ', SIG_DFL, ' ', SIGHUP, ' ', SIGINT, ' ', SIGQUIT, ' ', SIGKILL, ' ', SIGTERM, ' ', SIGCHLD, ' ', SIGUSR1, "\n";
PHP;
// In this process pcntl may be built in or loaded; a child with -n and every pcntl
// function disabled still has pcntl's constants when it is built in, so both paths are
// covered only across builds. Either way: no "already defined" warning, same values.
[$out, $err, $status] = sd_child($code);
echo $out, $err, "status $status\n";
echo extension_loaded('pcntl') ? "pcntl present\n" : "pcntl absent\n";
?>
--EXPECTF--
missing: none
1 0 1 2 3 9 15 17 10
status 0
pcntl %s
