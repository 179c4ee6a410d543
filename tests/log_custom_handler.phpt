--TEST--
Log: useCustomLogHandler - any callable gets ($message, $level); exceptions reach the caller
--EXTENSIONS--
system_daemon
--FILE--
<?php
function handler_fn($m, $l) { echo "fn: [$l] $m\n"; }
class H {
    static function st($m, $l) { echo "static: [$l] $m\n"; }
    function inst($m, $l) { echo "method: [$l] $m\n"; }
    function __invoke($m, $l) { echo "invokable: [$l] $m\n"; }
}
System_Daemon::setOptions(['appName' => 'custom', 'logLocation' => '/nonexistent-dir-not-used/x.log']);
foreach (['handler_fn', 'H::st', ['H', 'st'], [new H, 'inst'], new H, fn($m, $l) => print("closure: [$l] $m\n")] as $cb) {
    var_dump(System_Daemon::setOption('useCustomLogHandler', $cb));
    System_Daemon::warning('warn %d', 1);
    System_Daemon::info('{appName} info');
}
System_Daemon::setOption('useCustomLogHandler', function ($m, $l) { throw new RuntimeException("handler failed on $m"); });
try {
    System_Daemon::info('boom');
    echo "not reached\n";
} catch (RuntimeException $e) {
    echo "caught: ", $e->getMessage(), "\n";
}
?>
--EXPECTF--
Warning: System_Daemon::setOptions(): Option logLocation: '/nonexistent-dir-not-used/x.log' is invalid, expected a file in an existing directory; the option keeps its previous value in %s on line %d
bool(true)
fn: [4] warn 1 [l:11]
fn: [6] custom info
bool(true)
static: [4] warn 1 [l:11]
static: [6] custom info
bool(true)
static: [4] warn 1 [l:11]
static: [6] custom info
bool(true)
method: [4] warn 1 [l:11]
method: [6] custom info
bool(true)
invokable: [4] warn 1 [l:11]
invokable: [6] custom info
bool(true)
closure: [4] warn 1 [l:11]
closure: [6] custom info
caught: handler failed on boom
