--TEST--
setSigHandler(): a numeric string is a signal number ('17', '10'), as in the original
--EXTENSIONS--
system_daemon
--FILE--
<?php
function send(int $sig) { exec("kill -$sig " . getmypid()); }
var_dump(System_Daemon::setSigHandler((string)SIGUSR1, function ($signo, $info) {
    echo "handler: $signo, siginfo signo {$info['signo']}\n";
}));
send(SIGUSR1);
var_dump(System_Daemon::setSigHandler((string)SIGCHLD, SIG_IGN));
var_dump(System_Daemon::setSigHandler((string)SIGUSR2, 'no_such_function'));
var_dump(System_Daemon::setSigHandler('0', SIG_IGN));
var_dump(System_Daemon::setSigHandler('999', SIG_IGN));
var_dump(System_Daemon::setSigHandler('-15', SIG_IGN));
var_dump(System_Daemon::setSigHandler((string)SIGSEGV, SIG_IGN));
?>
--EXPECTF--
bool(true)
handler: 10, siginfo signo 10
bool(true)

Warning: System_Daemon::setSigHandler(): Handler no_such_function for SIGUSR2 is not callable%s: pass a callable, SIG_IGN or SIG_DFL in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Unknown signal 0: pass a signal number such as SIGTERM in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Unknown signal 999: pass a signal number such as SIGTERM in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Unknown signal -15: pass a signal number such as SIGTERM in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGSEGV cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)
