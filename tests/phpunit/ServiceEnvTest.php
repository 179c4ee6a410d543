<?php

/**
 * The service manager's variables (NOTIFY_SOCKET, WATCHDOG_*) are the daemon's
 * alone: start() takes them out of the environment and keeps them for itself.
 */
final class ServiceEnvTest extends DaemonTestCase
{
    /** @var resource|null */
    private $sock;

    private function recv(float $timeout = 10.0): ?string
    {
        $r = [$this->sock];
        $w = $e = null;
        if (!stream_select($r, $w, $e, (int)$timeout, (int)(fmod($timeout, 1) * 1e6))) {
            return null;
        }
        return (string)stream_socket_recvfrom($this->sock, 65536);
    }

    public function testStartTakesTheVariablesAndKeepsUsingThem(): void
    {
        $path = $this->dir . '/notify';
        $this->sock = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
        $this->assertIsResource($this->sock, $errstr);
        $script = $this->script('d.php', <<<'PHP'
$before = getenv('NOTIFY_SOCKET');
System_Daemon::start();
$seen = [];
foreach (['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID'] as $v) {
    $seen[$v] = [getenv($v), isset($_SERVER[$v]), isset($_ENV[$v])];
}
$seen['child'] = shell_exec('env | grep -E "^(NOTIFY_SOCKET|WATCHDOG_)" || true');
$seen['before'] = $before;
file_put_contents('{DIR}/seen.json', json_encode($seen));
while (!is_file('{DIR}/quit')) { System_Daemon::iterate(0.02); clearstatcache(); }
System_Daemon::stop();
PHP
        );
        $this->proc = proc_open([PHP_BINARY, '-d', 'variables_order=EGPCS', $script],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->dir . '/stdout', 'w'], 2 => ['file', $this->dir . '/stderr', 'w']],
            $pipes, $this->dir, ['NOTIFY_SOCKET' => $path, 'WATCHDOG_USEC' => '200000'] + getenv());
        $this->assertStringContainsString('READY=1', (string)$this->recv());
        $this->waitFor(function () { return is_file($this->dir . '/seen.json') && json_decode(file_get_contents($this->dir . '/seen.json')) !== null; }, 'the daemon');
        $seen = json_decode(file_get_contents($this->dir . '/seen.json'), true);
        $this->assertSame($path, $seen['before'], 'the variable was there before start()');
        foreach (['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID'] as $v) {
            $this->assertSame([false, false, false], $seen[$v], "$v is gone from getenv(), \$_SERVER and \$_ENV");
        }
        $this->assertSame('', trim((string)$seen['child']), 'a child process inherits none of them');
        // ... and the daemon itself still uses them: watchdog pings keep coming.
        $this->assertSame('WATCHDOG=1', $this->recv(2.0));
        touch($this->dir . '/quit');
    }

    public function testRestartUnderNotifySocketKeepsTheMainPid(): void
    {
        $path = $this->dir . '/notify';
        $this->sock = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
        $this->assertIsResource($this->sock, $errstr);
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
if (!is_file('{DIR}/restarted')) {
    touch('{DIR}/restarted');
    System_Daemon::restart();
}
while (!is_file('{DIR}/quit')) { System_Daemon::iterate(0.02); clearstatcache(); }
System_Daemon::stop();
PHP
        );
        $this->proc = proc_open([PHP_BINARY, $script],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->dir . '/stdout', 'w'], 2 => ['file', $this->dir . '/stderr', 'w']],
            $pipes, $this->dir, ['NOTIFY_SOCKET' => $path] + getenv());
        $pid = proc_get_status($this->proc)['pid'];
        $ready = [];
        while (count($ready) < 2 && ($m = $this->recv(10.0)) !== null) {
            if (strpos($m, 'READY=1') !== false) {
                $ready[] = $m;
            }
        }
        $this->assertCount(2, $ready, 'READY=1 from the first image and from the restarted one');
        foreach ($ready as $m) {
            $this->assertStringContainsString("MAINPID=$pid\n", $m, 'systemd keeps tracking the same process');
        }
        $this->assertTrue(proc_get_status($this->proc)['running']);
        touch($this->dir . '/quit');
    }

    public function testRestartKeepsTheSocketActivationDescriptors(): void
    {
        $path = $this->dir . '/notify';
        $this->sock = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
        $this->assertIsResource($this->sock, $errstr);
        file_put_contents($this->dir . '/passed-in', 'x');
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
$seen = @readlink('/proc/self/fd/3') . '|' . @readlink('/proc/self/fd/4');
file_put_contents('{DIR}/fd3.' . (is_file('{DIR}/restarted') ? 'after' : 'before'), $seen);
if (!is_file('{DIR}/restarted')) {
    touch('{DIR}/restarted');
    // Not passed in by the service manager: must not reach the new image.
    $GLOBALS['leak'] = fopen('{DIR}/not-passed', 'w');
    System_Daemon::restart();
}
while (!is_file('{DIR}/quit')) { System_Daemon::iterate(0.02); clearstatcache(); }
System_Daemon::stop();
PHP
        );
        // fd 3 as systemd passes a socket: LISTEN_PID is the pid that runs PHP (exec keeps it).
        $cmd = 'exec 3<' . escapeshellarg($this->dir . '/passed-in') . '; LISTEN_PID=$$ LISTEN_FDS=1 exec '
            . escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($script);
        $this->proc = proc_open($cmd,
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->dir . '/stdout', 'w'], 2 => ['file', $this->dir . '/stderr', 'w']],
            $pipes, $this->dir, ['NOTIFY_SOCKET' => $path] + getenv());
        // Written, not only created (file_put_contents() creates it empty first).
        $this->waitFor(function () { clearstatcache(); return @filesize($this->dir . '/fd3.after') > 0; }, 'the restarted image');
        $this->assertStringStartsWith($this->dir . '/passed-in|', file_get_contents($this->dir . '/fd3.before'));
        $after = file_get_contents($this->dir . '/fd3.after');
        $this->assertStringStartsWith($this->dir . '/passed-in|', $after, 'LISTEN_FDS descriptors reach the new image');
        $this->assertStringNotContainsString('not-passed', $after);
        touch($this->dir . '/quit');
    }
}
