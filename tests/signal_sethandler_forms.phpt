--TEST--
setSigHandler(): closure, function name, 'Class::method', array('Class', 'method'), a signal name, SIG_IGN and SIG_DFL; handlers get ($signo, $siginfo)
--EXTENSIONS--
system_daemon
--FILE--
<?php
function by_name($signo, $info) { echo "function: $signo\n"; }
class H {
    public static function m($signo, $info) { echo "static method: $signo\n"; }
    public function i($signo) { echo "instance method: $signo (one parameter is fine)\n"; }
}
$me = getmypid();
function send(string $sig) { exec("kill -$sig " . getmypid()); }

var_dump(System_Daemon::setSigHandler());

var_dump(System_Daemon::setSigHandler(SIGUSR1, function ($signo, $info) use ($me) {
    echo "closure: $signo, siginfo signo {$info['signo']}, sent by another process: ",
        var_export(is_int($info['pid']) && $info['pid'] > 0 && $info['pid'] !== $me, true),
        ", uid ", var_export($info['uid'] === getmyuid(), true), "\n";
}));
send('USR1');

var_dump(System_Daemon::setSigHandler(SIGUSR1, 'by_name'));
send('USR1');
var_dump(System_Daemon::setSigHandler(SIGUSR1, 'H::m'));
send('USR1');
var_dump(System_Daemon::setSigHandler(SIGUSR1, array('H', 'm')));
send('USR1');
var_dump(System_Daemon::setSigHandler(SIGUSR1, array(new H, 'i')));
send('USR1');
var_dump(System_Daemon::setSigHandler('SIGUSR2', 'by_name'));
send('USR2');
var_dump(System_Daemon::setSigHandler('usr2', 'H::m'));
send('USR2');

// A handler replacing itself while it runs.
System_Daemon::setSigHandler(SIGUSR1, function ($signo) {
    System_Daemon::setSigHandler(SIGUSR1, 'by_name');
    echo "replaced myself\n";
});
send('USR1');
send('USR1');

var_dump(System_Daemon::setSigHandler(SIGUSR2, SIG_IGN));
send('USR2');
echo "alive after an ignored SIGUSR2\n";

// SIG_DFL: the kernel's action again (USR1 terminates), seen from a child process.
[$out, $err, $status] = sd_child_sig(<<<'PHP'
System_Daemon::setSigHandler(SIGUSR1, function () { echo "handled\n"; });
exec('kill -USR1 ' . getmypid());
System_Daemon::setSigHandler(SIGUSR1, SIG_DFL);
exec('kill -USR1 ' . getmypid());
echo "not reached\n";
PHP);
echo $out, $err, "child status: ", $status === 0 ? "0" : "killed", "\n";

function sd_child_sig(string $code): array
{
    require_once __DIR__ . '/include/sd.inc';
    return sd_child($code);
}
?>
--EXPECT--
NULL
bool(true)
closure: 10, siginfo signo 10, sent by another process: true, uid true
bool(true)
function: 10
bool(true)
static method: 10
bool(true)
static method: 10
bool(true)
instance method: 10 (one parameter is fine)
bool(true)
function: 12
bool(true)
static method: 12
replaced myself
function: 10
bool(true)
alive after an ignored SIGUSR2
handled
child status: killed
