<?php

/**
 * Published System_Daemon scripts, unchanged: what the original let them do and they
 * rely on (identity options, failure reasons, names, paths, signals, stopping).
 */
final class CompatTest extends DaemonTestCase
{
    private function loop(string $extra = ''): string
    {
        return $extra . "\nSystem_Daemon::start();\n"
            . "file_put_contents('{DIR}/started', getmypid());\n"
            . "while (!System_Daemon::isDying()) { System_Daemon::iterate(1); }\n";
    }

    public function testRefusedUidFailsTheStartInsteadOfRunningAsRoot(): void
    {
        // posix_getpwnam() found no such user: the script passes null on.
        $script = $this->script('d.php', "System_Daemon::setOption('appRunAsUID', null);\n"
            . "System_Daemon::setOption('appRunAsGID', null);\n" . $this->loop());
        [$code, $out, $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, $out . $err);
        $this->assertStringContainsString('appRunAsUID: null is invalid', $err);
        $this->assertStringContainsString('not starting', $err);
        $this->assertFileDoesNotExist($this->dir . '/started', 'no daemon may run after a refused identity');
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testRefusedGidAloneFailsTheStart(): void
    {
        $script = $this->script('d.php', "System_Daemon::setOptions(['appRunAsUID' => 65534, 'appRunAsGID' => 'nogroup']);\n"
            . $this->loop());
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString("appRunAsGID: 'nogroup' is invalid", $err);
        $this->assertFileDoesNotExist($this->dir . '/started');
    }

    public function testIdentitySetAgainAfterARefusalStarts(): void
    {
        $script = $this->script('d.php', "System_Daemon::setOption('appRunAsUID', null);\n"
            . "System_Daemon::setOption('appRunAsUID', 65534);\nSystem_Daemon::setOption('appRunAsGID', 65534);\n"
            . $this->loop());
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->assertGreaterThan(1, $pid);
        $this->assertSame("65534\t65534\t65534\t65534", $this->procStatus($pid)['Uid']);
        posix_kill($pid, SIGTERM);
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
    }

    /** Options every daemon here needs, as PHP source; {DIR} is the test directory. */
    private function options(array $skip = []): string
    {
        $o = ['appName' => 'sdtest', 'appDir' => '{DIR}', 'logLocation' => '{DIR}/daemon.log',
            'appPidLocation' => '{DIR}/run/daemon.pid'];
        $src = '';
        foreach (array_diff_key($o, array_flip($skip)) as $k => $v) {
            $src .= "System_Daemon::setOption('$k', '$v');\n";
        }
        return $src;
    }

    private function raw(string $name, string $src): string
    {
        $path = $this->dir . '/' . $name;
        file_put_contents($path, "<?php\n" . str_replace('{DIR}', $this->dir, $src));
        return $path;
    }

    /** @return array<string, array{0:string,1:string}> */
    public static function hiddenFailures(): array
    {
        return [
            'appName missing' => ["System_Daemon::setOption('appName', null);\n", 'appName: the option is required'],
            'pid directory under /proc' => ["System_Daemon::setOption('appPidLocation', '/proc/accd/accd.pid');\n",
                'appPidLocation: cannot create directory /proc/accd'],
            'log in a directory gone since' => ["mkdir('{DIR}/gone');\nSystem_Daemon::setOption('logLocation', '{DIR}/gone/x.log');\n"
                . "rmdir('{DIR}/gone');\n", 'logLocation: '],
            'refused uid' => ["System_Daemon::setOption('appRunAsUID', null);\n", 'appRunAsUID: '],
            'appDir gone since' => ["mkdir('{DIR}/app');\nSystem_Daemon::setOption('appDir', '{DIR}/app');\nrmdir('{DIR}/app');\n",
                'appDir: cannot use'],
        ];
    }

    /** @dataProvider hiddenFailures */
    #[\PHPUnit\Framework\Attributes\DataProvider('hiddenFailures')]
    public function testStartFailureReachesStderrWhateverErrorReportingSays(string $pre, string $needle): void
    {
        $script = $this->raw('d.php', "error_reporting(E_STRICT);\nini_set('display_errors', '0');\n"
            . $this->options(str_contains($pre, "'appName', null") ? ['appName'] : []) . $pre . $this->loop());
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString($needle, $err);
        $this->assertFileDoesNotExist($this->dir . '/started');
    }

    public function testDropToAUidWithoutPasswdEntryLogsTheNumbers(): void
    {
        $this->assertFalse(posix_getpwuid(54321), 'uid 54321 must have no passwd entry here');
        $script = $this->script('d.php', $this->loop(), ['appRunAsUID' => 54321, 'appRunAsGID' => 54321]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        posix_kill($pid, SIGTERM);
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('info: Changed identity to 54321:54321', $log);
    }

    public function testUncaughtErrorRightAfterStartFailsTheLauncher(): void
    {
        // Nothing to read afterwards: the log goes nowhere.
        $script = $this->script('d.php', "System_Daemon::start();\n"
            . "throw new RuntimeException('cannot connect to the queue');\n", ['logLocation' => '/dev/null']);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('before it was ready', $err);
        $this->assertStringContainsString("Uncaught RuntimeException: cannot connect to the queue", $err);
    }

    public function testOutOfMemoryRightAfterStartIsNamedByTheLauncher(): void
    {
        // A fatal error, not an exception: no message of its own reaches stderr, the log goes nowhere.
        $this->requireMemoryLimit();
        $script = $this->script('d.php', "System_Daemon::start();\nini_set('memory_limit', '8M');\n"
            . "\$rows = [];\nfor (\$i = 0; \$i < 1024; \$i++) { \$rows[] = str_repeat('x', 1 << 20); }\n", ['logLocation' => '/dev/null']);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('before it was ready: PHP Fatal error: Allowed memory size of 8388608 bytes exhausted', $err);
        $line = 1 + (int)key(preg_grep('/^for/', file($script)));
        $this->assertStringContainsString("$script:$line", $err, 'the line it ran out of memory on');
    }

    public function testDaemonThatEndsCleanlyRightAfterStartIsASuccess(): void
    {
        $script = $this->script('d.php', "System_Daemon::start();\nfile_put_contents('{DIR}/done', 'x');\n");
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
    }

    public function testLauncherDoesNotWaitForADaemonThatNeverLooksAtIsDying(): void
    {
        // A loop of its own: the launcher gives up waiting for a failure and reports success.
        $script = $this->script('d.php', "System_Daemon::start();\n"
            . "for (\$i = 0; \$i < 600 && !is_file('{DIR}/quit'); \$i++) { usleep(50000); clearstatcache(); }\n");
        [$code, , $err] = $this->sh($this->php($script), 10);
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->assertTrue($this->alive($pid), 'the daemon runs on after its launcher left');
        touch($this->dir . '/quit');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
    }
}
