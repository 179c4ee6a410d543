<?php

/**
 * Foreground mode (appForeground, SYSTEM_DAEMON_FOREGROUND=1) as a container runtime
 * sees it: the process it started is the daemon, log lines on stdout/stderr, signals
 * and the identity change as for a daemon; as PID 1 of a PID namespace (unshare), TERM
 * stops it and orphaned grandchildren are reaped.
 */
final class ForegroundTest extends DaemonTestCase
{
    /** @var string appName, unique: its default pid file location is shared */
    private $app;

    protected function setUp(): void
    {
        parent::setUp();
        $this->app = 'sdfg' . bin2hex(random_bytes(4));
    }

    /**
     * A daemon script with only appName, appDir and logLocation set (no pid file
     * location), plus $options; it records its state after start() and runs until
     * stopped. An orphaned grandchild is left behind when {DIR}/orphan exists.
     */
    private function fgScript(array $options = []): string
    {
        $options += ['appName' => $this->app, 'appDir' => $this->dir, 'logLocation' => $this->dir . '/never.log'];
        $php = "<?php\nSystem_Daemon::setOptions(" . var_export($options, true) . ") or exit(90);\n"
            . "register_shutdown_function(function () { file_put_contents('{DIR}/shutdown', 'ran'); });\n"
            . "System_Daemon::info('before start');\n"
            . "System_Daemon::start();\n"
            . "if (is_file('{DIR}/orphan')) { shell_exec('sh -c \"(sleep 0.2) & exit 0\"'); }\n"
            . "System_Daemon::info('started as %d', getmypid());\n"
            . "System_Daemon::err('an error line');\n"
            . "preg_match('/^Uid:\\s+(\\d+)/m', file_get_contents('/proc/self/status'), \$m);\n"
            . "file_put_contents('{DIR}/state.tmp', json_encode(['pid' => getmypid(), 'bg' => System_Daemon::isInBackground(), 'uid' => (int)\$m[1]]));\n"
            . "rename('{DIR}/state.tmp', '{DIR}/state');\n"
            . "while (!System_Daemon::isDying()) {\n"
            . "    System_Daemon::iterate(0.05);\n"
            . "    \$z = 0;\n"
            . "    foreach (glob('/proc/[0-9]*/stat') as \$f) { \$s = @file_get_contents(\$f); if (\$s && substr(\$s, strrpos(\$s, ')') + 2, 1) === 'Z') \$z++; }\n"
            . "    file_put_contents('{DIR}/zombies', \$z);\n"
            . "}\n"
            . "System_Daemon::stop();\n";
        $path = $this->dir . '/fg.php';
        file_put_contents($path, str_replace('{DIR}', $this->dir, $php));
        chmod($this->dir, 0755);
        return $path;
    }

    private function launch(array $cmd, array $env = []): int
    {
        $this->proc = proc_open($cmd,
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->dir . '/stdout', 'w'], 2 => ['file', $this->dir . '/stderr', 'w']],
            $pipes, $this->dir, $env + getenv());
        $this->assertIsResource($this->proc);
        return proc_get_status($this->proc)['pid'];
    }

    private function state(): array
    {
        $this->waitFor(function () { clearstatcache(); return is_file($this->dir . '/state'); },
            'the daemon to record its state: ' . @file_get_contents($this->dir . '/stderr'));
        return json_decode(file_get_contents($this->dir . '/state'), true);
    }

    private const LINE = '/^\[[A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d\] +%s: %s$/m';

    public function testOptionKeepsTheProcessInTheForegroundAndLogsToStdoutAndStderr(): void
    {
        $pid = $this->launch([PHP_BINARY, $this->fgScript(['appForeground' => true])]);
        $state = $this->state();
        $this->assertSame($pid, $state['pid'], 'no fork: the daemon is the process the supervisor started');
        $this->assertTrue($state['bg'], 'isInBackground() is true in the foreground daemon');
        $this->assertTrue($this->alive($pid));
        $this->waitFor(function () { return str_contains((string)@file_get_contents($this->dir . '/stderr'), 'an error line'); },
            'the error line on stderr');
        $out = file_get_contents($this->dir . '/stdout');
        $err = file_get_contents($this->dir . '/stderr');
        $this->assertMatchesRegularExpression(sprintf(self::LINE, 'info', "started as $pid"), $out);
        $this->assertMatchesRegularExpression(sprintf(self::LINE, 'err', 'an error line \[l:\d+\]'), $err);
        $this->assertStringNotContainsString('an error line', $out);
        $this->assertFileDoesNotExist($this->dir . '/never.log', 'no log file in the foreground');
        $this->assertFileDoesNotExist("/var/run/{$this->app}/{$this->app}.pid", 'no pid file unless appPidLocation is set');

        $this->assertTrue(sd_test_kill($pid, 15));
        $this->assertSame(0, $this->exitCode('the foreground daemon'), 'TERM stops it gracefully');
        $this->assertFileExists($this->dir . '/shutdown', 'shutdown functions ran');
        $this->assertMatchesRegularExpression(sprintf(self::LINE, 'info', "Stopping {$this->app}"), file_get_contents($this->dir . '/stdout'));
    }

    public function testEnvironmentVariableAndPidFileWhenAsked(): void
    {
        $pidFile = $this->dir . '/run/fg.pid';
        $pid = $this->launch([PHP_BINARY, $this->fgScript(['appPidLocation' => $pidFile])], ['SYSTEM_DAEMON_FOREGROUND' => '1']);
        $state = $this->state();
        $this->assertSame($pid, $state['pid']);
        $this->assertSame($pid, $this->pidOf($pidFile), 'appPidLocation set: the pid file is written');
        $this->assertTrue(sd_test_kill($pid, 2));
        $this->assertSame(0, $this->exitCode('the foreground daemon'), 'INT stops it gracefully');
        $this->assertFileDoesNotExist($pidFile);

        // Any other value is no request for the foreground: the launcher returns.
        $this->launch([PHP_BINARY, $this->fgScript(['appPidLocation' => $pidFile])], ['SYSTEM_DAEMON_FOREGROUND' => '0']);
        $this->assertSame(0, $this->exitCode('the foreground daemon'), 'the launcher exits once the daemon is ready');
        $daemon = $this->pidOf($pidFile);
        $this->assertNotSame($pid, $daemon);
        $this->assertTrue($this->alive($daemon));
        sd_test_kill($daemon, 15);
        $this->waitFor(function () use ($daemon) { return !$this->alive($daemon); }, 'the daemon to stop');
    }

    public function testIdentityDropInTheForeground(): void
    {
        if (getmyuid() !== 0) {
            $this->markTestSkipped('needs root to change identity');
        }
        $script = $this->fgScript(['appForeground' => true, 'appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        chown($this->dir, 65534);  // where nobody records its state
        $pid = $this->launch([PHP_BINARY, $script]);
        $state = $this->state();
        $this->assertSame($pid, $state['pid']);
        $this->assertSame(65534, $state['uid']);
        $this->assertSame('65534', explode("\t", $this->procStatus($pid)['Uid'])[0]);
        sd_test_kill($pid, 15);
        $this->assertSame(0, $this->exitCode('the foreground daemon'));
    }

    public function testAsPid1OfAPidNamespace(): void
    {
        if (getmyuid() !== 0 || trim((string)shell_exec('command -v unshare')) === '') {
            $this->markTestSkipped('needs root and unshare (util-linux)');
        }
        // In a chroot (the CI's other-PHP jobs) --mount-proc cannot change the root's
        // propagation; the Debian 12 host job runs this test for real.
        exec('unshare --pid --fork --mount-proc true 2>&1', $out, $rc);
        if ($rc !== 0) {
            $this->markTestSkipped('unshare --pid --mount-proc does not work here: ' . implode(' ', $out));
        }
        touch($this->dir . '/orphan');
        $unshare = $this->launch(['unshare', '--pid', '--fork', '--mount-proc', PHP_BINARY, $this->fgScript()],
            ['SYSTEM_DAEMON_FOREGROUND' => '1']);
        $state = $this->state();
        $this->assertSame(1, $state['pid'], 'PID 1 of its namespace');
        // The grandchild left by shell_exec() exits after 0.2 s as an orphan of PID 1.
        usleep(600000);
        $this->waitFor(function () { return @file_get_contents($this->dir . '/zombies') === '0'; },
            'no zombie left in the namespace', 5.0);
        // Its pid seen from here: the only child of unshare.
        $children = trim((string)@file_get_contents("/proc/$unshare/task/$unshare/children"));
        $this->assertMatchesRegularExpression('/^\d+$/', $children, 'unshare has one child, the daemon');
        // The kernel drops signals that PID 1 of a namespace has no handler for.
        $this->assertTrue(sd_test_kill((int)$children, 15));
        $this->assertSame(0, $this->exitCode('the foreground daemon'), 'TERM stops PID 1 gracefully');
        $this->assertFileExists($this->dir . '/shutdown');
    }
}

/** kill(2) without pcntl/posix (the suite must not need them). */
function sd_test_kill(int $pid, int $sig): bool
{
    exec('kill -' . $sig . ' ' . $pid . ' 2>/dev/null', $o, $rc);
    return $rc === 0;
}
