<?php

/**
 * TERM, INT and QUIT end the loop, not the iteration: isDying() turns true, iterate()
 * returns, the job in hand finishes and the code after the loop runs, within
 * appStopGraceSec from the first signal (0: no bound); a second signal stops at once.
 * (A script that never looks stops at once: NonPollingStopTest.)
 */
final class GracefulStopTest extends DaemonTestCase
{
    /** A loop whose job takes about a second, made of short sleeps that a signal cuts short. */
    private function jobLoop(): string
    {
        return "System_Daemon::start();\n"
            . "register_shutdown_function(function () { System_Daemon::info('shutdown function ran'); });\n"
            . "while (!System_Daemon::isDying()) {\n"
            . "    System_Daemon::info('job begins');\n"
            . "    touch('{DIR}/in_job');\n"
            . "    for (\$i = 0; \$i < 20; \$i++) { usleep(50000); }\n"
            . "    System_Daemon::info('job done');\n"
            . "    System_Daemon::iterate(5);\n"
            . "}\n"
            . "System_Daemon::info('after the loop');\n";
    }

    private function startDaemon(string $body, array $options = []): int
    {
        $script = $this->script('d.php', $body, $options);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->assertGreaterThan(1, $pid);
        return $pid;
    }

    private function waitGone(int $pid, float $timeout = 10.0): void
    {
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, "daemon $pid to exit", $timeout);
    }

    private function log(): string
    {
        return (string)file_get_contents($this->dir . '/daemon.log');
    }

    /** @return array<string, array{0:int}> */
    public static function stopSignals(): array
    {
        return ['TERM' => [SIGTERM], 'INT' => [SIGINT], 'QUIT' => [SIGQUIT]];
    }

    /** @dataProvider stopSignals */
    #[\PHPUnit\Framework\Attributes\DataProvider('stopSignals')]
    public function testStopSignalLetsTheJobFinishAndTheCodeAfterTheLoopRun(int $sig): void
    {
        $pid = $this->startDaemon($this->jobLoop());
        $this->waitFor(function () { return is_file($this->dir . '/in_job'); }, 'the first job');
        posix_kill($pid, $sig);
        $this->waitGone($pid);
        $log = $this->log();
        $stopping = strpos($log, 'info: Stopping sdtest');
        $this->assertNotFalse($stopping, $log);
        $this->assertStringContainsString('job done', substr($log, $stopping), 'the job in hand must finish');
        $this->assertStringContainsString('after the loop', substr($log, $stopping));
        $this->assertStringContainsString('shutdown function ran', $log);
        $this->assertSame(1, substr_count($log, 'job begins'), 'no new job after the stop');
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testSecondTermStopsAtOnce(): void
    {
        $body = str_replace('$i < 20', '$i < 600', $this->jobLoop());  // a 30 s job
        $pid = $this->startDaemon($body);
        $this->waitFor(function () { return is_file($this->dir . '/in_job'); }, 'the first job');
        posix_kill($pid, SIGTERM);
        $this->waitFor(function () { return str_contains($this->log(), 'Stopping sdtest'); }, 'the first TERM to be seen');
        $this->assertTrue($this->alive($pid), 'one TERM lets the job go on');
        posix_kill($pid, SIGTERM);
        $this->waitGone($pid, 10.0);
        $log = $this->log();
        $this->assertStringContainsString('Stopping sdtest now: SIGTERM received again', $log);
        $this->assertStringNotContainsString('job done', $log);
        $this->assertStringContainsString('shutdown function ran', $log);
    }

    public function testZeroGraceIsNoBound(): void
    {
        $body = str_replace('$i < 20', '$i < 60', $this->jobLoop());  // a 3 s job
        $pid = $this->startDaemon($body, ['appStopGraceSec' => 0]);
        $this->waitFor(function () { return is_file($this->dir . '/in_job'); }, 'the first job');
        posix_kill($pid, SIGTERM);
        $this->waitGone($pid, 10.0);
        $log = $this->log();
        $this->assertStringContainsString('Stopping sdtest', $log);
        $this->assertStringContainsString('job done', $log, 'no bound: the job in hand finishes');
        $this->assertStringContainsString('after the loop', $log);
    }

    public function testPollingScriptIsStoppedWhenTheGracePeriodIsOver(): void
    {
        // It saw isDying() and then takes too long: the period bounds the whole stop.
        $body = "System_Daemon::start();\ntouch('{DIR}/in_job');\n"
            . "while (!System_Daemon::isDying()) { System_Daemon::iterate(0.1); }\n"
            . "for (\$i = 0; \$i < 1200; \$i++) { usleep(50000); }\nSystem_Daemon::info('cleanup ended by itself');\n";
        $pid = $this->startDaemon($body, ['appStopGraceSec' => 1]);
        $this->waitFor(function () { return is_file($this->dir . '/in_job'); }, 'the loop');
        posix_kill($pid, SIGTERM);
        $this->waitGone($pid, 20.0);
        $log = $this->log();
        $this->assertStringContainsString('Stopping sdtest now: appStopGraceSec (1 s) is over', $log);
        $this->assertStringNotContainsString('cleanup ended by itself', $log);
    }

    public function testScriptBlockedInACallPhpResumesIsStoppedAfterTheGracePeriod(): void
    {
        // A stream socket read without timeout: PHP polls again after EINTR, so the
        // script never sees the TERM. One TERM (an init script's TERM/30/KILL) is enough:
        // when the grace period is over the process ends, its pid file removed first.
        $server = stream_socket_server('unix://' . $this->dir . '/sock', $errno, $errstr);
        $this->assertNotFalse($server, $errstr);
        $body = "System_Daemon::start();\nini_set('default_socket_timeout', '-1');\n"
            . "\$c = stream_socket_client('unix://{DIR}/sock');\ntouch('{DIR}/in_job');\nfread(\$c, 10);\n"
            . "System_Daemon::info('read returned');\nwhile (!System_Daemon::isDying()) { System_Daemon::iterate(1); }\n";
        $pid = $this->startDaemon($body, ['appStopGraceSec' => 1]);
        $conn = stream_socket_accept($server, 10);  // kept open: the daemon's read waits
        $this->assertNotFalse($conn);
        $this->waitFor(function () { return is_file($this->dir . '/in_job'); }, 'the read');
        usleep(100000);
        posix_kill($pid, SIGTERM);
        usleep(300000);
        $this->assertTrue($this->alive($pid), "the grace period is not over yet: " . $this->log());
        $this->waitGone($pid, 10.0);
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
        $this->assertStringNotContainsString('read returned', $this->log());
        fclose($conn);
    }

    public function testLoopWithoutIsDyingStopsAtItsNextIterate(): void
    {
        $body = "System_Daemon::start();\n\$n = 0;\n"
            . "while (true) { touch('{DIR}/in_job'); System_Daemon::info('iteration %d', ++\$n); System_Daemon::iterate(1); }\n";
        $pid = $this->startDaemon($body, ['appStopGraceSec' => 3600]);
        $this->waitFor(function () { return is_file($this->dir . '/in_job'); }, 'the loop');
        posix_kill($pid, SIGTERM);
        $this->waitGone($pid, 10.0);
        $this->assertStringContainsString('Stopping sdtest now: the loop goes on without calling isDying()', $this->log());
    }

    public function testWorkerForkedByTheDaemonStopsAtOnceOnTerm(): void
    {
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('pcntl is needed to fork a worker');
        }
        $body = "System_Daemon::start();\n"
            . "\$child = pcntl_fork();\n"
            . "if (\$child === 0) { file_put_contents('{DIR}/worker', getmypid()); for (\$i = 0; \$i < 600; \$i++) usleep(50000); "
            . "file_put_contents('{DIR}/worker_done', '1'); exit(0); }\n"
            . "while (!System_Daemon::isDying()) { System_Daemon::iterate(1); }\n"
            . "posix_kill(\$child, SIGKILL);\n";
        $pid = $this->startDaemon($body);
        $this->waitFor(function () { return is_file($this->dir . '/worker'); }, 'the worker');
        $worker = (int)file_get_contents($this->dir . '/worker');
        posix_kill($worker, SIGTERM);
        $this->waitGone($worker, 10.0);
        $this->assertFileDoesNotExist($this->dir . '/worker_done');
        posix_kill($pid, SIGTERM);
        $this->waitGone($pid);
    }
}
