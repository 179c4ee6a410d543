--TEST--
A log handler (custom callable, PEAR Log instance, PSR-3 logger) that replaces its own option from inside log() keeps running on a live object
--EXTENSIONS--
system_daemon
--FILE--
<?php
class H
{
    public array $seen = [];
    public function __construct(public string $name, public string $option) {}
    private function take(string $m): void
    {
        // Drops the only other reference to $this, then uses $this: a use after free
        // unless the extension holds a reference of its own for the call.
        System_Daemon::setOption($this->option, $this->option === 'useCustomLogHandler'
            ? function ($m, $l) { echo "closure: $m\n"; }
            : ($this->option === 'usePsrLogger' ? new QuietPsr() : new Quiet()));
        $this->seen[] = str_repeat($m, 3);
        echo "{$this->name} still alive after setOption, saw ", count($this->seen), " line(s)\n";
    }
    public function log($a, $b = null, $c = null): bool
    {
        $this->take(is_string($a) && $b !== null && is_string($b) ? $b : (string)$a);
        return true;
    }
    public function handle($m, $l): void { $this->take($m); }
    public function __destruct() { echo "{$this->name} destroyed\n"; }
}
class Quiet { public function log($a, $b = null, $c = null) { echo "quiet\n"; return true; } }
// A stand-in for psr/log's interface (the option checks the type).
eval('namespace Psr\Log; interface LoggerInterface { public function log($level, $message, array $context = []); }');
class P extends H implements Psr\Log\LoggerInterface {}
class QuietPsr extends Quiet implements Psr\Log\LoggerInterface {}

System_Daemon::setOption('appName', 'uaf');
System_Daemon::setOption('useCustomLogHandler', [new H('custom', 'useCustomLogHandler'), 'handle']);
System_Daemon::info('one');
System_Daemon::setOption('useCustomLogHandler', false);

System_Daemon::setOption('usePEARLogInstance', new H('pear', 'usePEARLogInstance'));
System_Daemon::info('two');
System_Daemon::setOption('usePEARLogInstance', false);

System_Daemon::setOption('usePsrLogger', new P('psr', 'usePsrLogger'));
System_Daemon::info('three');
echo "done\n";
?>
--EXPECT--
custom still alive after setOption, saw 1 line(s)
custom destroyed
pear still alive after setOption, saw 1 line(s)
pear destroyed
psr still alive after setOption, saw 1 line(s)
psr destroyed
done
