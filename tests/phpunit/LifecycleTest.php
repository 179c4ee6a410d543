<?php

/**
 * restart(), isRunning(), stopRunning() and stop() across processes.
 */
final class LifecycleTest extends DaemonTestCase
{
    public function testRestartExecsTheSameCommandAgain(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('r.php', <<<'PHP'
System_Daemon::start();
file_put_contents('{DIR}/argv.' . getmypid(), json_encode([$argv, ini_get('memory_limit'), ini_get('precision')]));
if (!is_file('{DIR}/restarted')) {
    touch('{DIR}/restarted');
    register_shutdown_function(function () { touch('{DIR}/shutdown.' . getmypid()); });
    System_Daemon::restart();
}
while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { usleep(20000); clearstatcache(); }
System_Daemon::stop();
PHP
        );
        // Arguments with spaces and shell metacharacters: the original's exec(join(' ', $argv)) broke them.
        [$code, , $err] = $this->sh(escapeshellarg(PHP_BINARY) . ' -d precision=11 ' . escapeshellarg($script)
            . ' --name ' . escapeshellarg('a b;$(touch ' . $this->dir . '/pwned)'));
        $this->assertSame(0, $code, $err);
        // file_put_contents() creates the file before it writes: wait for both contents.
        $this->waitFor(function () {
            $files = glob($this->dir . '/argv.*');
            return count($files) === 2
                && json_decode((string)file_get_contents($files[0])) !== null
                && json_decode((string)file_get_contents($files[1])) !== null;
        }, 'the restarted daemon');
        $this->waitFor(function () use ($pidFile) {
            $pid = $this->pidOf($pidFile);
            return $pid > 0 && is_file($this->dir . "/argv.$pid");
        }, 'the pid file to name the new daemon');
        $files = glob($this->dir . '/argv.*');
        $first = json_decode(file_get_contents($files[0]), true);
        $second = json_decode(file_get_contents($files[1]), true);
        $this->assertSame($first, $second, 'same arguments and ini after restart');
        $this->assertSame([$script, '--name', 'a b;$(touch ' . $this->dir . '/pwned)'], $first[0]);
        $this->assertSame('11', $first[2], '-d options survive the restart');
        $this->assertFileDoesNotExist($this->dir . '/pwned', 'no shell may see the arguments');
        $this->assertCount(1, glob($this->dir . '/shutdown.*'), 'shutdown functions ran before the restart');
        // The old daemon's process became the new launcher (execve keeps the pid);
        // it leaves once the new daemon reported ready.
        $old = (int)substr(basename(glob($this->dir . '/shutdown.*')[0]), 9);
        $this->waitFor(function () use ($old) { return !$this->alive($old); }, 'the re-executed launcher to leave');
        $new = $this->pidOf($pidFile);
        $this->assertNotSame($old, $new);
        $this->assertTrue($this->alive($new));
        touch($this->dir . '/quit');
        $this->waitFor(function () use ($new) { return !$this->alive($new); }, 'the daemon to stop');
    }

    public function testIsRunningAndStopRunningFromAnotherProcess(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $daemon = $this->script('d.php', "System_Daemon::start();\nwhile (!System_Daemon::isDying()) { usleep(20000); }\n");
        $ctl = $this->script('ctl.php', <<<'PHP'
$r = System_Daemon::isRunning();
echo json_encode(['running' => $r, 'stopped' => $argv[1] === 'stop' ? System_Daemon::stopRunning() : null,
    'after' => System_Daemon::isRunning()]), "\n";
PHP
        );
        [$code] = $this->sh($this->php($daemon));
        $this->assertSame(0, $code);
        $pid = $this->pidOf($pidFile);

        // As nobody, kill(pid, 0) fails with EPERM: the original then deleted a live daemon's pid file.
        chmod($this->dir, 0777); // the control script's logLocation must be creatable for nobody
        [, $out] = $this->sh('setpriv --reuid=65534 --regid=65534 --clear-groups env PHP_INI_SCAN_DIR='
            . escapeshellarg((string)getenv('PHP_INI_SCAN_DIR')) . ' ' . $this->php($ctl, 'probe'));
        $this->assertStringContainsString('{"running":true,"stopped":null,"after":true}', $out);
        $this->assertSame($pid, $this->pidOf($pidFile));

        // Root signals through a pid file only in a directory root alone can write.
        chmod($this->dir, 0755);
        [$code, $out] = $this->sh($this->php($ctl, 'stop'));
        $this->assertStringContainsString('{"running":true,"stopped":true,"after":false}', $out);
        // SIGTERM stops the daemon gracefully: the lock goes at request shutdown, a
        // moment before the process itself has finished exiting.
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to exit');
        $this->assertStringContainsString("pid $pid", file_get_contents($this->dir . '/daemon.log'));
    }

    public function testStopBeforeStartHaltsWithShutdownFunctions(): void
    {
        $script = $this->script('s.php', <<<'PHP'
register_shutdown_function(function () { echo "shutdown ran\n"; });
System_Daemon::stop();
echo "not reached\n";
PHP
        );
        [$code, $out] = $this->sh($this->php($script));
        $this->assertSame(0, $code);
        $this->assertStringContainsString('info: Stopping sdtest', $out);
        $this->assertStringContainsString('info: Process was not daemonized yet, just halting current process', $out);
        $this->assertStringContainsString('shutdown ran', $out);
        $this->assertStringNotContainsString('not reached', $out);
    }
}
