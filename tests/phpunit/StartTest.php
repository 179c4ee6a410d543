<?php

/**
 * start() as seen from outside: the process it leaves behind, the pid file, the
 * launcher's exit code and message.
 */
final class StartTest extends DaemonTestCase
{
    private function loopBody(string $extra = ''): string
    {
        return $extra . "\nSystem_Daemon::start();\n"
            . "file_put_contents('{DIR}/started', getmypid());\n"
            . "preg_match('/^Uid:\\s+(\\d+)/m', file_get_contents('/proc/self/status'), \$m);\n"
            . "System_Daemon::info('still logging as uid %d', \$m[1]);\n"
            . "while (!System_Daemon::isDying()) { usleep(20000); clearstatcache(); if (is_file('{DIR}/quit')) break; }\n"
            . "System_Daemon::stop();\n";
    }

    private function stopDaemon(string $pidFile): void
    {
        $pid = $this->pidOf($pidFile);
        touch($this->dir . '/quit');
        if ($pid > 0) {
            $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, "daemon $pid to exit");
        }
    }

    public function testDaemonProcessIsDetachedAndDropsPrivileges(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('d.php', $this->loopBody(), ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        // The launcher holds supplementary groups and an extra descriptor (9): neither may reach the daemon.
        [$code, $out, $err] = $this->sh('exec 9</etc/hostname; setpriv --groups 4,24,27 ' . $this->php($script));
        $this->assertSame(0, $code, "launcher failed: $err");
        $this->assertStringContainsString('notice: Starting sdtest daemon', $out);
        $pid = $this->pidOf($pidFile);
        $this->assertGreaterThan(1, $pid);
        $this->assertTrue($this->alive($pid));

        // own session, not its leader (double fork), no controlling tty
        $stat = explode(' ', substr(file_get_contents("/proc/$pid/stat"), strrpos(file_get_contents("/proc/$pid/stat"), ')') + 2));
        [$state, $ppid, $pgrp, $sid, $tty] = array_slice($stat, 0, 5);
        $this->assertNotEquals($pid, (int)$sid, 'the daemon must not be a session leader');
        $this->assertNotEquals(posix_getsid_or_self(), (int)$sid, 'the daemon must have its own session');
        $this->assertSame('0', $tty, 'no controlling tty');

        $status = $this->procStatus($pid);
        $this->assertSame("65534\t65534\t65534\t65534", $status['Uid']);
        $this->assertSame("65534\t65534\t65534\t65534", $status['Gid']);
        $this->assertSame('65534', trim($status['Groups']), 'supplementary groups must be dropped');
        $this->assertSame('0022', $status['Umask']);
        $this->assertSame($this->dir, readlink("/proc/$pid/cwd"));

        $fds = [];
        foreach (scandir("/proc/$pid/fd") as $fd) {
            if ($fd[0] !== '.') {
                $fds[(int)$fd] = readlink("/proc/$pid/fd/$fd");
            }
        }
        $this->assertSame('/dev/null', $fds[0]);
        $this->assertSame('/dev/null', $fds[1]);
        $this->assertSame('/dev/null', $fds[2]);
        $this->assertNotContains('/etc/hostname', $fds, 'inherited descriptor 9 must be closed');
        foreach ($fds as $n => $target) {
            if ($n > 2) {
                $this->assertContains($target, [$pidFile, $this->dir . '/daemon.log', $script], "unexpected fd $n -> $target");
            }
        }

        clearstatcache();
        $this->assertSame(0, fileowner($pidFile), 'pid file owned by root');
        $this->assertSame(0644, fileperms($pidFile) & 0777);
        $this->assertSame("$pid\n", file_get_contents($pidFile));

        $this->stopDaemon($pidFile);
        clearstatcache();
        $this->assertFileDoesNotExist($pidFile, 'a clean exit removes the pid file');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('Changed identity to nobody:nogroup', $log);
        $this->assertStringContainsString('info: still logging as uid 65534', $log, 'the log stays writable after the drop');
    }

    public function testSysLimitsAreApplied(): void
    {
        $script = $this->script('d.php', "ini_set('memory_limit', '512M');\nSystem_Daemon::start();\n"
            . "file_put_contents('{DIR}/ini', json_encode([ini_get('memory_limit'), ini_get('max_execution_time'), ini_get('max_input_time')]));\n"
            . "System_Daemon::stop();\n",
            ['sysMemoryLimit' => '96M', 'sysMaxExecutionTime' => 300, 'sysMaxInputTime' => 7]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () { return is_file($this->dir . '/ini'); }, 'the daemon to report its ini');
        $this->assertSame(['96M', '300', '7'], json_decode(file_get_contents($this->dir . '/ini'), true));
    }

    public function testLauncherOutputKeepsItsPlaceInASharedFile(): void
    {
        // An init script's "( echo ...; php daemon.php; echo ... ) > file": every process
        // shares one file offset. start() once rewound it (casting PHP's STDOUT stream to
        // an fd seeks), so the shell's next line overwrote the launcher's output.
        $script = $this->script('d.php', $this->loopBody());
        $f = $this->dir . '/shared.out';
        [$code, , $err] = $this->sh('( echo before; ' . $this->php($script) . '; echo after ) > ' . escapeshellarg($f));
        $this->assertSame(0, $code, $err);
        $this->assertMatchesRegularExpression("/\\Abefore\n\\[[A-Z][a-z]{2} [ 0-9]\\d [0-9:]{8}\\]   notice: Starting sdtest daemon, output in: '[^']+'\nafter\n\\z/",
            file_get_contents($f));
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testSecondStartFailsWithTheRunningPid(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('d.php', $this->loopBody());
        [$code] = $this->sh($this->php($script));
        $this->assertSame(0, $code);
        $pid = $this->pidOf($pidFile);
        [$code2, , $err2] = $this->sh($this->php($script));
        $this->assertSame(3, $code2, 'exit status 3: already running');
        $this->assertStringContainsString("already running as pid $pid", $err2);
        $this->assertSame($pid, $this->pidOf($pidFile), 'the running daemon keeps its pid file');
        $this->assertTrue($this->alive($pid));
        $this->stopDaemon($pidFile);
    }

    public function testStalePidFileIsTakenOver(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        mkdir($this->dir . '/run');
        // A pid that exists but holds no lock (our own): the original would have refused or deleted it.
        file_put_contents($pidFile, getmypid() . "\n");
        $script = $this->script('d.php', $this->loopBody());
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->assertNotSame(getmypid(), $pid);
        $this->assertTrue($this->alive($pid));
        $this->stopDaemon($pidFile);
    }

    public function testUncreatablePidDirectoryFailsTheLauncher(): void
    {
        file_put_contents($this->dir . '/file', '');
        $script = $this->script('d.php', $this->loopBody(), ['appPidLocation' => $this->dir . '/file/sub/x.pid']);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString($this->dir . '/file/sub', $err);
        $this->assertFileDoesNotExist($this->dir . '/started', 'the script must not run on after a failed start');
    }

    public function testIdentityCrisisFailsTheLauncher(): void
    {
        // Dropping to an id is refused when we are not root: run the launcher as nobody.
        chmod($this->dir, 0777);
        $script = $this->script('d.php', $this->loopBody(), ['appRunAsUID' => 0, 'appRunAsGID' => 0,
            'appPidLocation' => $this->dir . '/run/daemon.pid']);
        chmod($script, 0644);
        $ini = getenv('PHP_INI_SCAN_DIR');
        [$code, , $err] = $this->sh('setpriv --reuid=65534 --regid=65534 --clear-groups env PHP_INI_SCAN_DIR='
            . escapeshellarg((string)$ini) . ' ' . $this->php($script));
        $this->assertSame(4, $code, $err);
        $this->assertStringContainsString('Unable to change identity', $err);
    }

    public function testGoneAppDirFailsTheLauncher(): void
    {
        $app = $this->dir . '/app';
        mkdir($app);
        $script = $this->script('d.php', "rmdir('$app');\n" . $this->loopBody(), ['appDir' => $app]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString($app, $err);
    }

    public function testTwentyConcurrentStartsMakeOneDaemon(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('d.php', $this->loopBody());
        $procs = [];
        for ($i = 0; $i < 20; $i++) {
            $procs[] = proc_open($this->php($script), [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'],
                2 => ['file', "{$this->dir}/err$i", 'w']], $pipes);
        }
        $codes = [];
        foreach ($procs as $p) {
            do {
                $st = proc_get_status($p);
                usleep(2000);
            } while ($st['running']);
            $codes[] = $st['exitcode'];
            proc_close($p);
        }
        sort($codes);
        $this->assertSame(0, $codes[0]);
        $this->assertSame(1, count(array_keys($codes, 0)), 'exactly one start succeeds: ' . json_encode($codes));
        $pid = $this->pidOf($pidFile);
        $daemons = array_filter($this->processesMentioning($script), function ($p) { return $this->alive($p); });
        $this->assertSame([$pid], array_values($daemons));
        $this->stopDaemon($pidFile);
    }
}

function posix_getsid_or_self(): int
{
    $stat = file_get_contents('/proc/self/stat');
    $f = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    return (int)$f[3];
}
