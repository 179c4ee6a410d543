<?php

/**
 * Signals and blocking calls: the defaults cause no EINTR for signals that need no
 * action, TERM interrupts a blocking accept(), a second TERM ends a daemon blocked in a
 * call that PHP resumes after EINTR (pid file removed first), and an ignore set through
 * pcntl_signal() before start() is kept.
 */
final class SignalsBlockingTest extends DaemonTestCase
{
    private function startDaemon(string $body, array $options = []): int
    {
        $script = $this->script('d.php', $body, $options);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        return $this->daemonPid($this->dir . '/run/daemon.pid');
    }

    private function waitGone(int $pid, float $timeout): void
    {
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, "daemon $pid to exit", $timeout);
    }

    private function log(): string
    {
        return (string)@file_get_contents($this->dir . '/daemon.log');
    }

    /** A directory the daemon can write to whoever it runs as. */
    private function shared(): string
    {
        $d = $this->dir . '/w';
        if (!is_dir($d)) {
            mkdir($d);
            chmod($d, 0777);
        }
        return $d;
    }

    public function testSignalsThatNeedNoActionDoNotInterruptStreamSelect(): void
    {
        $this->shared();
        $body = "System_Daemon::start();\n"
            . "\$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);\n"
            . "set_error_handler(function (\$no, \$str) { file_put_contents('{DIR}/w/warnings', \"\$str\\n\", FILE_APPEND); return true; });\n"
            . "touch('{DIR}/w/in_loop');\n"
            . "while (!System_Daemon::isDying()) { \$r = [\$pair[0]]; \$w = \$e = null; stream_select(\$r, \$w, \$e, 1); }\n";
        $pid = $this->startDaemon($body);
        $this->waitFor(function () { return is_file($this->dir . '/w/in_loop'); }, 'the select loop');
        usleep(100000);
        // CHLD too: a script that forks nothing has no child whose exit needs reaping.
        foreach (['WINCH', 'URG', 'CONT', 'CHLD'] as $sig) {
            for ($i = 0; $i < 3; $i++) {
                $this->signal($pid, $sig);
                usleep(30000);
            }
        }
        usleep(300000);
        $this->assertTrue($this->alive($pid));
        $this->assertFileDoesNotExist($this->dir . '/w/warnings',
            'stream_select() warned: ' . @file_get_contents($this->dir . '/w/warnings'));
        $this->signal($pid, 'TERM');
        $this->waitGone($pid, 10.0);
    }

    public function testChildrenAreStillReapedWithoutIterate(): void
    {
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('pcntl is needed to fork a child');
        }
        // One child exits at once (maybe before any SIGCHLD handler exists), one later.
        $body = "System_Daemon::start();\n"
            . "\$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);\n"
            . "\$a = pcntl_fork(); if (\$a === 0) { exit(0); }\n"
            . "\$b = pcntl_fork(); if (\$b === 0) { usleep(300000); exit(3); }\n"
            . "file_put_contents('{DIR}/children', \"\$a \$b\");\n"
            . "while (!System_Daemon::isDying()) { \$r = [\$pair[0]]; \$w = \$e = null; @stream_select(\$r, \$w, \$e, 1); }\n";
        $pid = $this->startDaemon($body, ['logVerbosity' => 7]);
        $this->waitFor(function () { return is_file($this->dir . '/children'); }, 'the children');
        [$a, $b] = array_map('intval', explode(' ', (string)file_get_contents($this->dir . '/children')));
        $this->assertGreaterThan(1, $a);
        $this->assertGreaterThan(1, $b);
        // A zombie keeps its /proc entry until its parent (the daemon) reaps it.
        $this->waitFor(function () use ($a, $b) { return !file_exists("/proc/$a") && !file_exists("/proc/$b"); },
            'both children to be reaped', 5.0);
        $this->waitFor(function () { return str_contains($this->log(), 'exit status 3'); }, 'the reaping to be logged', 5.0);
        $this->signal($pid, 'TERM');
        $this->waitGone($pid, 10.0);
    }

    public function testTermInterruptsABlockingSocketAccept(): void
    {
        if (!function_exists('socket_create_listen')) {
            $this->markTestSkipped('ext/sockets is needed');
        }
        $body = "System_Daemon::start();\n"
            . "\$s = socket_create_listen(0);\n"
            . "touch('{DIR}/in_accept');\n"
            . "while (!System_Daemon::isDying()) { \$c = @socket_accept(\$s); if (\$c) socket_close(\$c); }\n"
            . "System_Daemon::info('after the loop');\n";
        // A grace period far longer than the wait: only the TERM itself can end accept().
        $pid = $this->startDaemon($body, ['appStopGraceSec' => 120]);
        $this->waitFor(function () { return is_file($this->dir . '/in_accept'); }, 'the accept loop');
        usleep(200000);
        $this->signal($pid, 'TERM');
        $this->waitGone($pid, 3.0);
        $this->assertStringContainsString('after the loop', $this->log());
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    /** @return array<string, array{0:bool}> */
    public static function identities(): array
    {
        return ['as root' => [false], 'as nobody' => [true]];
    }

    private function identityOptions(bool $nobody): array
    {
        $options = ['appStopGraceSec' => 120];
        if ($nobody) {
            $options += ['appRunAsUID' => 65534, 'appRunAsGID' => 65534];
        }
        return $options;
    }

    private function assertNoPidLeft(bool $nobody): void
    {
        clearstatcache();
        $pidFile = $this->dir . '/run/daemon.pid';
        $this->assertTrue(!file_exists($pidFile) || filesize($pidFile) === 0,
            'pid file left: ' . var_export(@file_get_contents($pidFile), true));
        if (!$nobody) {
            $this->assertFileDoesNotExist($pidFile, 'root can remove its pid file');
        }
    }

    /**
     * A stream socket read without timeout: PHP polls again after EINTR, so the first
     * TERM is never noticed; the second ends the process from the signal handler.
     * @dataProvider identities
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('identities')]
    public function testSecondTermEndsADaemonBlockedInASocketReadPhpResumes(bool $nobody): void
    {
        $w = $this->shared();
        $server = stream_socket_server("unix://$w/sock", $errno, $errstr);
        $this->assertNotFalse($server, $errstr);
        chmod("$w/sock", 0777);
        $body = "System_Daemon::start();
ini_set('default_socket_timeout', '-1');
"
            . "\$c = stream_socket_client('unix://{DIR}/w/sock');
touch('{DIR}/w/in_call');
fread(\$c, 10);
"
            . "System_Daemon::info('call returned');
"
            . "while (!System_Daemon::isDying()) { System_Daemon::iterate(1); }
";
        $pid = $this->startDaemon($body, $this->identityOptions($nobody));
        $conn = stream_socket_accept($server, 10);
        $this->assertNotFalse($conn);
        $this->waitFor(function () use ($w) { return is_file("$w/in_call"); }, 'the blocking read');
        usleep(300000);
        // As an init script does it: TERM, a wait, TERM again.
        $this->signal($pid, 'TERM');
        usleep(500000);
        $this->assertTrue($this->alive($pid), 'PHP resumed the read: the first TERM waits for it');
        $this->signal($pid, 'TERM');
        $this->waitGone($pid, 2.0);
        $this->assertNoPidLeft($nobody);
        $this->assertStringNotContainsString('call returned', $this->log());
    }

    /**
     * flock() on a file another process holds: PHP does not resume it, so the first TERM
     * of an init script's TERM, wait, TERM already ends the wait (flock() returns false)
     * and the loop ends; nothing and no pid is left for the second.
     * @dataProvider identities
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('identities')]
    public function testTermEndsADaemonBlockedInFlock(bool $nobody): void
    {
        $w = $this->shared();
        touch("$w/lockfile");
        chmod("$w/lockfile", 0644);
        $holder = fopen("$w/lockfile", 'r');
        $this->assertTrue(flock($holder, LOCK_EX));
        // A script that polls (one that never did stops at once, as exit() would).
        $body = "System_Daemon::start();\nSystem_Daemon::isDying();\n"
            . "\$f = fopen('{DIR}/w/lockfile', 'r');\ntouch('{DIR}/w/in_call');\n"
            . "\$locked = flock(\$f, LOCK_EX);\n"
            . "System_Daemon::info('flock returned %s', \$locked ? 'true' : 'false');\n"
            . "while (!System_Daemon::isDying()) { System_Daemon::iterate(1); }\n"
            . "System_Daemon::info('after the loop');\n";
        $pid = $this->startDaemon($body, $this->identityOptions($nobody));
        $this->waitFor(function () use ($w) { return is_file("$w/in_call"); }, 'the blocking flock');
        usleep(300000);
        $this->signal($pid, 'TERM');
        $this->waitGone($pid, 1.5);
        $this->signal($pid, 'TERM', false);
        $this->assertNoPidLeft($nobody);
        $log = $this->log();
        $this->assertStringContainsString("flock returned 'false'", $log);
        $this->assertStringContainsString('after the loop', $log);
        fclose($holder);
    }

    public function testPcntlIgnoreOfTermMadeBeforeStartIsKept(): void
    {
        if (!function_exists('pcntl_signal')) {
            $this->markTestSkipped('pcntl is needed');
        }
        $body = "pcntl_signal(SIGTERM, SIG_IGN);\nSystem_Daemon::start();\n"
            . "while (!System_Daemon::isDying()) { touch('{DIR}/in_loop'); System_Daemon::iterate(0.1); }\n"
            . "System_Daemon::info('after the loop');\n";
        // Launched with INT ignored, as nohup does with HUP: an ignore the script did
        // not ask for is reset by start().
        $script = $this->script('d.php', $body);
        [$code, , $err] = $this->sh("trap '' INT; exec " . $this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        // The premise: what the launcher got had INT ignored.
        [, $ign] = $this->sh("trap '' INT; exec grep SigIgn /proc/self/status");
        $this->assertSame(1 << (SIGINT - 1), hexdec(trim(substr($ign, 7))) & (1 << (SIGINT - 1)), $ign);
        $this->waitFor(function () { return is_file($this->dir . '/in_loop'); }, 'the loop');
        $this->signal($pid, 'TERM');
        $this->signal($pid, 'TERM');
        usleep(500000);
        $this->assertTrue($this->alive($pid), 'TERM was ignored through pcntl_signal(): ' . $this->log());
        $this->assertStringNotContainsString('Stopping', $this->log());
        // INT was not ignored: the daemon still stops with it.
        $this->signal($pid, 'INT');
        $this->waitGone($pid, 10.0);
        $this->assertStringContainsString('after the loop', $this->log());
    }
}
