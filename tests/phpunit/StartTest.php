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

    /**
     * Starts the loop daemon as root dropping to nobody:nogroup, from a launcher that holds
     * supplementary groups and an extra descriptor (9). Returns its pid once the daemon
     * itself says start() has returned: only then has it closed the launcher's readiness
     * socket (the launcher may leave as soon as the report arrived, before that close).
     * @return array{0:int,1:string,2:string} pid, launcher stdout, script path
     */
    private function startDropped(array $options = []): array
    {
        $script = $this->script('d.php', $this->loopBody(), $options + ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        // The test directory stays root's: nobody can write an existing file there, not create one.
        touch($this->dir . '/started');
        chown($this->dir . '/started', 65534);
        [$code, $out, $err] = $this->sh('exec 9</etc/hostname; setpriv --groups 4,24,27 ' . $this->php($script));
        $this->assertSame(0, $code, "launcher failed: $err");
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->waitFor(function () { clearstatcache(); return filesize($this->dir . '/started') > 0; }, 'the daemon to return from start()');
        $this->assertSame((string)$pid, file_get_contents($this->dir . '/started'), 'the pid file names the daemon');
        $this->assertTrue($this->alive($pid));
        return [$pid, $out, $script];
    }

    public function testLauncherAnnouncesTheStart(): void
    {
        [, $out] = $this->startDropped();
        $this->assertStringContainsString('notice: Starting sdtest daemon', $out);
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testDaemonHasItsOwnSessionWithoutLeadingIt(): void
    {
        [$pid] = $this->startDropped();
        $stat = file_get_contents("/proc/$pid/stat");
        [, , , $sid] = explode(' ', substr($stat, strrpos($stat, ')') + 2));
        $this->assertNotEquals($pid, (int)$sid, 'the daemon must not be a session leader (second fork)');
        $this->assertNotEquals(posix_getsid_or_self(), (int)$sid, 'the daemon must have its own session');
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testDaemonHasNoControllingTerminal(): void
    {
        [$pid] = $this->startDropped();
        $stat = file_get_contents("/proc/$pid/stat");
        $tty = explode(' ', substr($stat, strrpos($stat, ')') + 2))[4];
        $this->assertSame('0', $tty, 'no controlling tty');
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testDaemonStdioIsDevNull(): void
    {
        [$pid] = $this->startDropped();
        foreach ([0, 1, 2] as $fd) {
            $this->assertSame('/dev/null', readlink("/proc/$pid/fd/$fd"), "fd $fd");
        }
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testDaemonKeepsNoInheritedOrStartupDescriptor(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        [$pid, , $script] = $this->startDropped();
        $fds = [];
        foreach (scandir("/proc/$pid/fd") as $fd) {
            if ($fd[0] !== '.') {
                $fds[(int)$fd] = (string)@readlink("/proc/$pid/fd/$fd");
            }
        }
        $this->assertNotContains('/etc/hostname', $fds, 'inherited descriptor 9 must be closed');
        foreach ($fds as $n => $target) {
            if ($n > 2) {
                $this->assertContains($target, [$pidFile, $this->dir . '/daemon.log', $script], "unexpected fd $n -> $target");
            }
        }
        $this->stopDaemon($pidFile);
    }

    public function testDaemonRunsAsTheConfiguredUserAndGroup(): void
    {
        [$pid] = $this->startDropped();
        $status = $this->procStatus($pid);
        $this->assertSame("65534\t65534\t65534\t65534", $status['Uid'], 'real, effective, saved, fs uid');
        $this->assertSame("65534\t65534\t65534\t65534", $status['Gid'], 'real, effective, saved, fs gid');
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testDaemonDropsTheLaunchersSupplementaryGroups(): void
    {
        [$pid] = $this->startDropped();
        $this->assertSame('65534', trim($this->procStatus($pid)['Groups']), 'supplementary groups must be dropped');
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testDefaultUmaskIs022(): void
    {
        [$pid] = $this->startDropped();
        $this->assertSame('0022', $this->procStatus($pid)['Umask']);
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testAppUmaskIsApplied(): void
    {
        [$pid] = $this->startDropped(['appUmask' => 027]);
        $this->assertSame('0027', $this->procStatus($pid)['Umask']);
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testWorkingDirectoryIsAppDir(): void
    {
        [$pid] = $this->startDropped();
        $this->assertSame($this->dir, readlink("/proc/$pid/cwd"));
        $this->stopDaemon($this->dir . '/run/daemon.pid');
    }

    public function testPidFileIsRootOwned0644AndHoldsThePid(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        [$pid] = $this->startDropped();
        clearstatcache();
        $this->assertSame(0, fileowner($pidFile), 'pid file owned by root');
        $this->assertSame(0644, fileperms($pidFile) & 0777);
        $this->assertSame("$pid\n", file_get_contents($pidFile));
        $this->stopDaemon($pidFile);
    }

    public function testPidDirectoryStaysRoots(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $this->startDropped();
        clearstatcache();
        $this->assertSame(0, fileowner(dirname($pidFile)), 'the pid directory stays root\'s');
        $this->assertSame(0755, fileperms(dirname($pidFile)) & 07777);
        $this->stopDaemon($pidFile);
    }

    public function testCleanExitLeavesNoPidBehind(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $this->startDropped();
        $this->stopDaemon($pidFile);
        clearstatcache();
        // As nobody it cannot unlink in root's directory: it empties the file instead,
        // so no pid is left for a stopper once the system reuses it.
        $this->assertSame('', file_get_contents($pidFile), 'a clean exit leaves no pid behind');
    }

    public function testLogStaysWritableAfterThePrivilegeDrop(): void
    {
        $this->startDropped();
        $this->waitFor(function () {
            return strpos((string)file_get_contents($this->dir . '/daemon.log'), 'still logging') !== false;
        }, 'the daemon to log after the drop');
        $this->stopDaemon($this->dir . '/run/daemon.pid');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('Changed identity to nobody:nogroup', $log);
        $this->assertStringContainsString('info: still logging as uid 65534', $log, 'the log stays writable after the drop');
    }

    public function testEnvironmentFollowsTheNewIdentity(): void
    {
        foreach ([[65534, 'nobody', (string)posix_home_of(65534)], [54321, '54321', '/']] as [$uid, $name, $home]) {
            $pidFile = $this->dir . "/run/d$uid.pid";
            $script = $this->script("d$uid.php", "System_Daemon::start();\n"
                . "System_Daemon::info('env %s|%s|%s', getenv('HOME'), getenv('USER'), getenv('LOGNAME'));\n"
                . "System_Daemon::stop();\n",
                ['appRunAsUID' => $uid, 'appRunAsGID' => $uid, 'appPidLocation' => $pidFile, 'logLocation' => $this->dir . "/d$uid.log"]);
            [$code, , $err] = $this->sh('env HOME=/root USER=root LOGNAME=root ' . $this->php($script));
            $this->assertSame(0, $code, $err);
            $this->waitFor(function () use ($uid) { return strpos((string)@file_get_contents($this->dir . "/d$uid.log"), 'env ') !== false; }, 'the env line');
            // info() quotes strings that are not numbers.
            $q = function (string $v) { return preg_quote(is_numeric($v) ? $v : "'$v'", '/'); };
            $this->assertMatchesRegularExpression('/info: env ' . $q($home) . '\|' . $q($name) . '\|' . $q($name) . '$/m',
                file_get_contents($this->dir . "/d$uid.log"));
        }
    }

    public function testFailedSetuidFailsTheStart(): void
    {
        // Root without CAP_SETUID (dropped from the bounding set before exec): setgid()
        // works, setuid() fails with EPERM. The daemon must not run on as root.
        $script = $this->script('d.php', $this->loopBody(), ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh('setpriv --bounding-set=-setuid --inh-caps=-setuid ' . $this->php($script));
        $this->assertSame(4, $code, "exit status 4 (identity crisis): $err");
        $this->assertStringContainsString('Unable to change identity', $err);
        // Its own reason, not the identity check after it (which would also fail).
        $this->assertStringContainsString('cannot change uid to 65534: Operation not permitted', $err);
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/started', 'the script must not run on after a failed drop');
        $this->assertSame([], array_values(array_filter($this->processesMentioning($script), function ($p) {
            return $this->alive($p);
        })), 'no daemon process is left');
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
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid', 'a failed start leaves no pid file naming its dead pid');
    }

    public function testRootLauncherWithAmbientCapabilitiesDropsEverySet(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('d.php', $this->loopBody(), ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh('setpriv --inh-caps=+setuid --ambient-caps=+setuid ' . $this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->assertGreaterThan(1, $pid);
        $status = $this->procStatus($pid);
        $this->assertSame("65534\t65534\t65534\t65534", $status['Uid']);
        foreach (['CapInh', 'CapPrm', 'CapEff', 'CapAmb', 'CapBnd'] as $set) {
            $this->assertSame('0000000000000000', $status[$set], "$set after the drop");
        }
        $this->stopDaemon($pidFile);
    }

    public function testLauncherWithAmbientSetuidCannotRegainRoot(): void
    {
        // A non-root launcher given CAP_SETUID as an ambient capability: setuid() to
        // nobody keeps it, and the old trial setuid(0) made the daemon root, which
        // appDieOnIdentityCrisis=false then let run. The drop must leave nothing.
        chmod($this->dir, 0777);
        $script = $this->script('d.php', $this->loopBody(), ['appRunAsUID' => 65534, 'appRunAsGID' => 65534,
            'appDieOnIdentityCrisis' => false]);
        chmod($script, 0644);
        $ini = getenv('PHP_INI_SCAN_DIR');
        [$code, , $err] = $this->sh('setpriv --reuid=12345 --regid=12345 --clear-groups --inh-caps=+setuid,+setgid '
            . '--ambient-caps=+setuid,+setgid env PHP_INI_SCAN_DIR=' . escapeshellarg((string)$ini) . ' ' . $this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = 0;
        $this->waitFor(function () use (&$pid) { clearstatcache(); return ($pid = (int)@file_get_contents($this->dir . '/started')) > 0; }, 'the daemon to run');
        $status = $this->procStatus($pid);
        $this->assertSame("65534\t65534\t65534\t65534", $status['Uid']);
        $this->assertSame("65534\t65534\t65534\t65534", $status['Gid']);
        foreach (['CapInh', 'CapPrm', 'CapEff', 'CapAmb'] as $set) {
            $this->assertSame('0000000000000000', $status[$set], "$set after the drop");
        }
        $this->stopDaemon($this->dir . '/run/daemon.pid');
        $this->assertStringNotContainsString('Unable to change identity', (string)file_get_contents($this->dir . '/daemon.log'));
    }

    public function testDaemonThatCouldRegainPrivilegeNeverRunsWhateverAppDieOnIdentityCrisisSays(): void
    {
        if (trim((string)shell_exec('command -v cc')) === '') {
            $this->markTestSkipped('cc is not installed');
        }
        $keeper = $this->dir . '/capkeeper';
        [$code, , $err] = $this->sh('cc -Wall -Wextra -o ' . escapeshellarg($keeper) . ' ' . escapeshellarg(__DIR__ . '/helpers/capkeeper.c'));
        $this->assertSame(0, $code, "cannot build capkeeper: $err");
        chmod($this->dir, 0777);
        $script = $this->script('d.php', $this->loopBody(), ['appRunAsUID' => 65534, 'appRunAsGID' => 65534,
            'appDieOnIdentityCrisis' => false]);
        chmod($script, 0644);
        $ini = getenv('PHP_INI_SCAN_DIR');
        // CAP_SETUID survives setuid() between non-zero uids, and here it cannot be cleared.
        [$code, , $err] = $this->sh('setpriv --reuid=12345 --regid=12345 --clear-groups --inh-caps=+setuid,+setgid '
            . '--ambient-caps=+setuid,+setgid ' . escapeshellarg($keeper) . ' env PHP_INI_SCAN_DIR=' . escapeshellarg((string)$ini)
            . ' ' . $this->php($script));
        if ($code === 0) {
            $this->waitFor(function () { clearstatcache(); return is_file($this->dir . '/started'); }, 'the daemon');
            $pid = (int)file_get_contents($this->dir . '/started');
            $uid = $this->procStatus($pid)['Uid'] ?? '?';
            $this->stopDaemon($this->dir . '/run/daemon.pid');
            $this->fail("a daemon ran, with uid $uid");
        }
        $this->assertSame(4, $code, $err);
        $this->assertStringContainsString('still holds capabilities', $err);
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/started', 'the script did not go on');
        $this->waitFor(function () { return $this->processesMentioning($this->dir . '/d.php') === []; }, 'no process left');
        // The daemon, already nobody, could only empty its pid file; its launcher removed it.
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid', 'a failed start leaves no pid file of its own');
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
        $deadline = microtime(true) + 30;
        foreach ($procs as $i => $p) {
            do {
                $st = proc_get_status($p);
                usleep(2000);
            } while ($st['running'] && microtime(true) < $deadline);
            if ($st['running']) {
                foreach ($procs as $q) {
                    proc_terminate($q, 9);
                }
                $this->fail("launcher $i still running after 30 s");
            }
            unset($procs[$i]);
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

function posix_home_of(int $uid): string
{
    foreach (file('/etc/passwd', FILE_IGNORE_NEW_LINES) as $line) {
        $f = explode(':', $line);
        if (isset($f[5]) && (int)$f[2] === $uid) {
            return $f[5];
        }
    }
    return '';
}

function posix_getsid_or_self(): int
{
    $stat = file_get_contents('/proc/self/stat');
    $f = explode(' ', substr($stat, strrpos($stat, ')') + 2));
    return (int)$f[3];
}
