--TEST--
setSigHandler(): unknown signals, fault signals, KILL/STOP and non-callables are refused with a warning naming them
--EXTENSIONS--
system_daemon
--FILE--
<?php
foreach (['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGSYS', 'SIGKILL', 'SIGSTOP'] as $name) {
    var_dump(System_Daemon::setSigHandler(constant($name), function () {}));
}
var_dump(System_Daemon::setSigHandler(0, SIG_IGN));
var_dump(System_Daemon::setSigHandler(999, SIG_IGN));
var_dump(System_Daemon::setSigHandler('SIGNOPE', SIG_IGN));
var_dump(System_Daemon::setSigHandler(SIGUSR1, 'no_such_function'));
var_dump(System_Daemon::setSigHandler(SIGUSR1, array('System_Daemon', 'noSuchMethod')));
var_dump(System_Daemon::setSigHandler(SIGUSR1, 5));
var_dump(System_Daemon::setSigHandler(SIGUSR1));
// A refused call changes nothing: the earlier handler stays.
var_dump(System_Daemon::setSigHandler(SIGUSR1, function ($s) { echo "still mine\n"; }));
var_dump(System_Daemon::setSigHandler(SIGUSR1, 'no_such_function'));
exec('kill -USR1 ' . getmypid());
?>
--EXPECTF--
Warning: System_Daemon::setSigHandler(): SIGSEGV cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGBUS cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGFPE cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGILL cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGTRAP cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGABRT cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGSYS cannot have a PHP handler: it reports a fault that a deferred handler cannot fix, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGKILL cannot have a PHP handler: no process can catch it, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): SIGSTOP cannot have a PHP handler: no process can catch it, so it keeps its default action in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Unknown signal 0: pass a signal number such as SIGTERM in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Unknown signal 999: pass a signal number such as SIGTERM in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Unknown signal SIGNOPE: pass a signal number such as SIGTERM in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Handler no_such_function for SIGUSR1 is not callable: function "no_such_function" not found or invalid function name: pass a callable, SIG_IGN or SIG_DFL in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Handler System_Daemon::noSuchMethod for SIGUSR1 is not callable: class System_Daemon does not have a method "noSuchMethod": pass a callable, SIG_IGN or SIG_DFL in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): Handler 5 for SIGUSR1 is not callable: no array or string given: pass a callable, SIG_IGN or SIG_DFL in %s on line %d
bool(false)

Warning: System_Daemon::setSigHandler(): No handler given for SIGUSR1: pass a callable, SIG_IGN or SIG_DFL in %s on line %d
bool(false)
bool(true)

Warning: System_Daemon::setSigHandler(): Handler no_such_function for SIGUSR1 is not callable: function "no_such_function" not found or invalid function name: pass a callable, SIG_IGN or SIG_DFL in %s on line %d
bool(false)
still mine
