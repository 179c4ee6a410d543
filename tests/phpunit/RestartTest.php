<?php

/**
 * restart() executes the new image after the whole request shutdown, with nothing of
 * the old image left open, from wherever the script was started.
 */
final class RestartTest extends DaemonTestCase
{
    private function freePort(): int
    {
        $s = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->assertIsResource($s, $errstr);
        $port = (int)substr(strrchr(stream_socket_get_name($s, false), ':'), 1);
        fclose($s);
        return $port;
    }

    /** Waits for the image that wrote "{DIR}/done.<n>" and stops it. */
    private function stopAfter(string $marker): array
    {
        $this->waitFor(function () use ($marker) {
            clearstatcache();
            return is_file($this->dir . "/$marker") && json_decode((string)file_get_contents($this->dir . "/$marker")) !== null;
        }, "the restarted daemon ($marker)");
        $r = json_decode(file_get_contents($this->dir . "/$marker"), true);
        touch($this->dir . '/quit');
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->waitFor(function () use ($pid) { return $pid === 0 || !$this->alive($pid); }, 'the daemon to stop');
        return $r;
    }

    public function testListenerAndGzipStreamOfTheOldImage(): void
    {
        $port = $this->freePort();
        $script = $this->script('d.php', <<<PHP
System_Daemon::start();
// Bound after start(): the old image's socket must be closed when the new one binds.
\$srv = @stream_socket_server('tcp://127.0.0.1:$port', \$errno, \$errstr);
if (!is_file('{DIR}/restarted')) {
    touch('{DIR}/restarted');
    // Written and never closed by the script: PHP finishes the archive at shutdown.
    \$gz = gzopen('{DIR}/data.gz', 'w9');
    gzwrite(\$gz, str_repeat("restart-test line\\n", 1000));
    System_Daemon::restart();
}
file_put_contents('{DIR}/done.json', json_encode([
    'bound' => \$srv !== false, 'error' => \$errstr,
    'gz' => @gzdecode((string)file_get_contents('{DIR}/data.gz')),
]));
while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { usleep(20000); clearstatcache(); }
System_Daemon::stop();
PHP
        );
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $r = $this->stopAfter('done.json');
        $this->assertTrue($r['bound'], 'the new image binds the port again: ' . $r['error']);
        $this->assertSame(str_repeat("restart-test line\n", 1000), $r['gz'], 'the gzip stream is a complete archive');
    }

    public function testPersistentSocketOfTheOldImageIsNotInheritedByTheNewOne(): void
    {
        // A persistent connection lives until the engine shuts down, so it is still open
        // when restart() executes the new image: only close-on-exec keeps it out. Looked
        // at before the new image's start(), which would close it anyway.
        $script = $this->script('d.php', <<<'PHP'
$sockets = function () {
    $found = [];
    foreach (scandir('/proc/self/fd') as $n) {
        $to = @readlink("/proc/self/fd/$n");
        if ($n >= 3 && is_string($to) && strpos($to, 'socket:') === 0) $found[(int)$n] = $to;
    }
    return $found;
};
if (is_file('{DIR}/old.json')) {
    file_put_contents('{DIR}/done.json', json_encode(['old' => json_decode(file_get_contents('{DIR}/old.json'), true),
        'new' => $sockets()]));
}
System_Daemon::start();
if (!is_file('{DIR}/old.json')) {
    $srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
    $name = stream_socket_get_name($srv, false);
    $conn = pfsockopen('127.0.0.1', (int)substr(strrchr($name, ':'), 1), $errno, $errstr, 5);
    file_put_contents('{DIR}/old.json', json_encode(['persistent' => is_resource($conn), 'sockets' => $sockets()]));
    System_Daemon::restart();
}
while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { usleep(20000); clearstatcache(); }
System_Daemon::stop();
PHP
        );
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $r = $this->stopAfter('done.json');
        $this->assertTrue($r['old']['persistent'], 'pfsockopen() connected');
        $this->assertNotEmpty($r['old']['sockets'], 'the old image held sockets at restart()');
        $this->assertSame([], array_values(array_intersect($r['new'], $r['old']['sockets'])),
            'sockets of the old image open in the new one: ' . json_encode($r));
    }

    public function testScriptStartedByARelativePath(): void
    {
        mkdir($this->dir . '/sub');
        mkdir($this->dir . '/work');
        $script = $this->script('sub/d.php', <<<'PHP'
System_Daemon::start();
if (!is_file('{DIR}/restarted')) {
    touch('{DIR}/restarted');
    System_Daemon::restart();
}
file_put_contents('{DIR}/done.json', json_encode(['argv' => $argv, 'cwd' => getcwd()]));
while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { usleep(20000); clearstatcache(); }
System_Daemon::stop();
PHP
            , ['appDir' => $this->dir . '/work']);
        [$code, , $err] = $this->sh('cd ' . escapeshellarg($this->dir) . ' && ' . escapeshellarg(PHP_BINARY)
            . ' sub/d.php --conf sub/x');
        $this->assertSame(0, $code, $err);
        $r = $this->stopAfter('done.json');
        $this->assertSame([$this->dir . '/sub/d.php', '--conf', 'sub/x'], $r['argv']);
        $this->assertSame($this->dir . '/work', $r['cwd'], 'the new daemon works in appDir');
    }
}
