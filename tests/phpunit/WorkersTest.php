<?php

/**
 * Processes a daemon forks (pcntl_fork() workers) and what they may inherit from it.
 */
final class WorkersTest extends DaemonTestCase
{
    protected function setUp(): void
    {
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('pcntl is not loaded');
        }
        parent::setUp();
    }

    /** A daemon that forks one worker which outlives it; the worker's pid goes to worker.pid. */
    private function daemonWithWorker(string $name, string $beforeFork = '', string $afterFork = ''): string
    {
        return $this->script($name, <<<PHP
System_Daemon::start();
$beforeFork
\$w = pcntl_fork();
if (\$w === 0) {
    file_put_contents('{DIR}/worker.pid', getmypid());
    // The worker outlives its daemon: only the test's tearDown ends it.
    while (true) { sleep(1); }
}
$afterFork
while (!System_Daemon::isDying()) { usleep(20000); }
System_Daemon::stop();
PHP
        );
    }

    public function testKilledDaemonLeavesNoLockToItsWorker(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->daemonWithWorker('d.php');
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->waitFor(function () { return $this->pidOf($this->dir . '/worker.pid') > 0; }, 'the worker');
        $worker = $this->pidOf($this->dir . '/worker.pid');
        posix_kill($pid, SIGKILL);
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to die');
        $this->assertTrue($this->alive($worker), 'the worker lives on');

        // The pid file's lock went with the daemon: a new one starts.
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, 'start after the killed daemon: ' . $err);
        $new = $this->pidOf($pidFile);
        $this->assertNotSame($pid, $new);
        $this->assertTrue($this->alive($new));
    }

    public function testStopRunningStopsADaemonWithAWorker(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->daemonWithWorker('d.php');
        $ctl = $this->script('ctl.php', "var_dump(System_Daemon::stopRunning());\n");
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->waitFor(function () { return $this->pidOf($this->dir . '/worker.pid') > 0; }, 'the worker');
        [, $out] = $this->sh($this->php($ctl), 40);
        $this->assertStringContainsString('bool(true)', $out);
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to exit');
    }

    /**
     * The daemon dies before ready() (appDeferReady) while a process it forked holds
     * a copy of the launcher's report channel: the launcher fails at once anyway.
     * $fork is PHP that makes the child ($w === 0 in it).
     */
    private function assertLauncherFailsWhenTheDaemonDies(string $fork): void
    {
        $script = $this->script('d.php', <<<PHP
System_Daemon::start();
$fork
if (\$w === 0) {
    file_put_contents('{DIR}/worker.pid', getmypid());
    while (true) { sleep(1); }
}
while (!is_file('{DIR}/worker.pid')) { usleep(10000); clearstatcache(); }
// A crash before ready(): no shutdown, no report.
posix_kill(getmypid(), SIGKILL);
PHP
            , ['appDeferReady' => true]);
        $t = microtime(true);
        [$code, , $err] = $this->sh($this->php($script), 15);
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('daemon exited before it was ready', $err);
        $this->assertLessThan(5.0, microtime(true) - $t, 'the launcher did not wait for the worker');
        $this->assertTrue($this->alive($this->pidOf($this->dir . '/worker.pid')), 'the worker is still alive');
    }

    public function testLauncherFailsWhenTheDaemonDiesBeforeReadyWithAPcntlWorker(): void
    {
        $this->assertLauncherFailsWhenTheDaemonDies('$w = pcntl_fork();');
    }

    public function testLauncherFailsWhenTheDaemonDiesBeforeReadyWithARawCloneWorker(): void
    {
        // A raw clone() runs no pthread_atfork handler, so the child keeps every
        // descriptor of the daemon, the launcher's channel included.
        $nr = ['x86_64' => 56, 'aarch64' => 220][php_uname('m')] ?? null;
        if ($nr === null || !extension_loaded('FFI')) {
            $this->markTestSkipped('needs FFI on x86_64 or aarch64');
        }
        $this->assertLauncherFailsWhenTheDaemonDies(
            '$w = FFI::cdef("long syscall(long number, ...);")->syscall(' . $nr . ', 17 /* SIGCHLD */, 0, 0, 0, 0);');
    }
}
