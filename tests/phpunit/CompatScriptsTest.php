<?php

/**
 * tests/compat/: small daemons in the styles of published System_Daemon scripts, each
 * started as a daemon and stopped with TERM.
 */
final class CompatScriptsTest extends DaemonTestCase
{
    private function start(string $name, string $pidFile = '/run/daemon.pid'): int
    {
        $script = dirname(__DIR__) . '/compat/' . $name;
        [$code, $out, $err] = $this->sh($this->php($script, escapeshellarg($this->dir)));
        $this->assertSame(0, $code, "$name did not start: $out $err");
        $pid = $this->pidOf($this->dir . $pidFile);
        $this->assertGreaterThan(1, $pid);
        $this->assertTrue($this->alive($pid));
        return $pid;
    }

    private function term(int $pid, float $timeout = 15.0): void
    {
        posix_kill($pid, SIGTERM);
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, "daemon $pid to stop", $timeout);
    }

    private function file(string $name): string
    {
        return (string)@file_get_contents($this->dir . '/' . $name);
    }

    public function testBundledCopyUnderAnotherName(): void
    {
        $pid = $this->start('bundled_copy.php');
        $this->waitFor(function () { return str_contains($this->file('daemon.log'), 'info: alive'); }, 'a loop');
        $this->term($pid);
        $log = $this->file('daemon.log');
        $this->assertStringContainsString('info: loop ended', $log);
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testPearLogFoundThroughTheAutoloader(): void
    {
        $pid = $this->start('pear_log.php');
        $this->waitFor(function () { return str_contains($this->file('pear.log'), 'run 1'); }, 'a line in the PEAR log');
        $this->term($pid);
        $this->assertMatchesRegularExpression('/^pearlog \[6\] stopping after \d+ runs$/m', $this->file('pear.log'));
    }

    public function testForkingAgentWaitsForItsWorkersAfterTheLoop(): void
    {
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('the agent needs pcntl');
        }
        $pid = $this->start('forking_agent.php');
        $this->waitFor(function () { return count(glob($this->dir . '/started.*')) >= 3; }, 'the workers');
        usleep(300000);  // inside their jobs
        $this->term($pid);
        $started = array_map(function ($f) { return substr($f, strrpos($f, '.') + 1); }, glob($this->dir . '/started.*'));
        foreach ($started as $worker) {
            $this->assertFileExists($this->dir . "/done.$worker", "worker $worker was left behind or cut short");
            $this->assertFalse($this->alive((int)$worker), "worker $worker still runs");
        }
        $this->assertMatchesRegularExpression('/info: waited for [1-3] workers/', $this->file('daemon.log'));
    }

    public function testSocketServerBlockedInAcceptStopsAtOneTerm(): void
    {
        // TERM interrupts socket_accept() (no SA_RESTART): the loop sees isDying() at
        // once and the code after it runs, long before the grace period is over.
        $pid = $this->start('socket_server.php');
        $this->waitFor(function () { return $this->file('port') !== ''; }, 'the port');
        $port = (int)$this->file('port');
        $this->assertSame("echo: one\n", $this->ask($port, "one\n"));
        usleep(100000);  // blocked in socket_accept() again
        $this->term($pid, 3.0);
        $this->assertStringContainsString('info: server closed', $this->file('daemon.log'));
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testTrackingDaemonNamedAfterItsFile(): void
    {
        $pid = $this->start('knx-tracking.php', '/run/knx.pid');
        posix_kill($pid, SIGUSR1);
        $this->waitFor(function () { return str_contains($this->file('knx.log'), 'got signal 10'); }, 'the USR1 handler');
        $this->term($pid);
        $log = $this->file('knx.log');
        $this->assertStringContainsString("Starting knx-tracking.php daemon, output in: '{$this->dir}/knx.log'", $log);
        $this->assertStringContainsString('info: tracking stopped', $log);
    }

    private function ask(int $port, string $line): string
    {
        $c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
        $this->assertNotFalse($c, $errstr);
        stream_set_timeout($c, 5);
        fwrite($c, $line);
        $answer = (string)fgets($c);
        fclose($c);
        return $answer;
    }
}
