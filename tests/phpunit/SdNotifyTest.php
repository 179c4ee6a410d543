<?php

/**
 * sd_notify(3) as a service manager sees it: datagrams read from a real AF_UNIX
 * socket this test binds and names in NOTIFY_SOCKET; and deferred readiness
 * (appDeferReady + ready()) as the launching shell sees it without systemd.
 */
final class SdNotifyTest extends DaemonTestCase
{
    /** @var resource */
    private $sock;

    /** Binds the notify socket and runs $script in the foreground with NOTIFY_SOCKET. */
    private function startUnderNotify(string $script, array $env = []): int
    {
        $path = $this->dir . '/notify';
        $this->sock = stream_socket_server("udg://$path", $errno, $errstr, STREAM_SERVER_BIND);
        $this->assertIsResource($this->sock, "cannot bind $path: $errstr");
        $this->proc = proc_open([PHP_BINARY, $script],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->dir . '/stdout', 'w'], 2 => ['file', $this->dir . '/stderr', 'w']],
            $pipes, $this->dir, ['NOTIFY_SOCKET' => $path] + $env + getenv());
        $this->assertIsResource($this->proc);
        return proc_get_status($this->proc)['pid'];
    }

    /** The next datagram as KEY => VALUE, or null after $timeout seconds. */
    private function recv(float $timeout = 10.0): ?array
    {
        $r = [$this->sock];
        $w = $e = null;
        if (!stream_select($r, $w, $e, (int)$timeout, (int)(fmod($timeout, 1) * 1e6))) {
            return null;
        }
        $msg = stream_socket_recvfrom($this->sock, 65536);
        $kv = [];
        foreach (explode("\n", (string)$msg) as $line) {
            [$k, $v] = explode('=', $line, 2) + [1 => null];
            $kv[$k] = $v;
        }
        return $kv;
    }

    private const LOOP = "while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { usleep(10000); clearstatcache(); }\n"
        . "System_Daemon::stop();\n";

    public function testReadyWithMainPidAndStatusThenStopping(): void
    {
        $script = $this->script('n.php', "System_Daemon::start();\nfile_put_contents('{DIR}/started', getmypid());\n" . self::LOOP);
        $pid = $this->startUnderNotify($script);
        $ready = $this->recv();
        $this->assertNotNull($ready, 'no READY=1 within 10 s: ' . @file_get_contents($this->dir . '/stderr'));
        $this->assertSame('1', $ready['READY'] ?? null);
        // no fork under systemd: the process systemd started is the daemon
        $this->assertSame((string)$pid, $ready['MAINPID'] ?? null);
        $this->assertArrayHasKey('STATUS', $ready);
        $this->assertSame($pid, $this->pidOf($this->dir . '/run/daemon.pid'), 'the pid file is written before READY=1');
        // start() returned in the same process: the script goes on after READY=1
        $this->waitFor(function () { clearstatcache(); return (string)@file_get_contents($this->dir . '/started') !== ''; }, 'the script after start()');
        $this->assertSame((string)$pid, file_get_contents($this->dir . '/started'));

        touch($this->dir . '/quit');
        $this->assertSame(['STOPPING' => '1'], $this->recv());
        $this->assertSame(0, $this->exitCode());
        $this->assertNull($this->recv(0.2), 'nothing after STOPPING=1');
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testDeferredReadinessUnderSystemd(): void
    {
        $script = $this->script('n.php', "System_Daemon::start();\n"
            . "usleep(300000);\ntouch('{DIR}/warm');\n"
            . "System_Daemon::ready(\"cache warm\\nINJECTED=1\");\n"
            . "System_Daemon::ready('serving');\n" . self::LOOP, ['appDeferReady' => true]);
        $pid = $this->startUnderNotify($script);
        $ready = $this->recv();
        $this->assertNotNull($ready);
        $this->assertFileExists($this->dir . '/warm', 'READY=1 only comes from ready()');
        $this->assertSame(['READY' => '1', 'MAINPID' => (string)$pid, 'STATUS' => 'cache warm INJECTED=1'], $ready);
        // later calls only update the status
        $this->assertSame(['STATUS' => 'serving'], $this->recv());
        touch($this->dir . '/quit');
        $this->assertSame(['STOPPING' => '1'], $this->recv());
        $this->assertSame(0, $this->exitCode());
    }

    public function testFailedStartUnderSystemdReportsStatusAndExitsNonZero(): void
    {
        $script = $this->script('n.php', "System_Daemon::start();\n" . self::LOOP, ['appPidLocation' => '/proc/nope/x.pid']);
        $this->startUnderNotify($script);
        $msg = $this->recv();
        $this->assertNotNull($msg);
        $this->assertArrayNotHasKey('READY', $msg);
        $this->assertStringContainsString('/proc/nope', $msg['STATUS'] ?? '');
        $this->assertNotSame(0, $this->exitCode());
        // stderr is the journal under systemd: "journalctl -u" shows the reason
        $this->assertStringContainsString('cannot start', (string)file_get_contents($this->dir . '/stderr'));
        $this->assertStringContainsString('/proc/nope', (string)file_get_contents($this->dir . '/stderr'));
    }

    public function testAlreadyRunningUnderSystemdSaysWhyOnStderr(): void
    {
        $script = $this->script('n.php', "System_Daemon::start();\n" . self::LOOP);
        // The first instance as a hand-started daemon (forked, pid file locked).
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $first = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->startUnderNotify($script);
        $this->assertSame(3, $this->exitCode(), 'exit status 3: already running');
        $stderr = (string)file_get_contents($this->dir . '/stderr');
        $this->assertStringContainsString("already running as pid $first", $stderr);
        $this->assertSame($first, $this->pidOf($this->dir . '/run/daemon.pid'), 'the first daemon keeps its pid file');
        $this->assertTrue($this->alive($first));
        touch($this->dir . '/quit');
        $this->waitFor(function () use ($first) { return !$this->alive($first); }, 'the first daemon to stop');
    }

    public function testWatchdogPingsAtHalfTheInterval(): void
    {
        [, $probe] = $this->sh(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg(
            'try { System_Daemon::iterate(0); echo "yes"; } catch (Throwable $e) { echo "no"; }'));
        if (trim($probe) !== 'yes') {
            $this->markTestSkipped('System_Daemon::iterate() is not implemented on this branch yet');
        }
        $script = $this->script('n.php', "System_Daemon::start();\n"
            . "while (!is_file('{DIR}/quit')) { System_Daemon::iterate(0.02); clearstatcache(); }\nSystem_Daemon::stop();\n");
        $this->startUnderNotify($script, ['WATCHDOG_USEC' => '400000']);
        $this->assertSame('1', $this->recv()['READY'] ?? null);
        $t0 = microtime(true);
        $pings = 0;
        while (microtime(true) - $t0 < 1.5 && ($m = $this->recv(1.0)) !== null) {
            $this->assertSame(['WATCHDOG' => '1'], $m);
            ++$pings;
        }
        // every 200 ms: about 7 in 1.5 s; never more often than half the interval
        $this->assertGreaterThanOrEqual(4, $pings);
        $this->assertLessThanOrEqual(9, $pings);
        touch($this->dir . '/quit');
        $this->assertSame(0, $this->exitCode());

        // WATCHDOG_PID names another process: no pings from this one
        @unlink($this->dir . '/quit');
        fclose($this->sock);
        @unlink($this->dir . '/notify');
        $this->startUnderNotify($script, ['WATCHDOG_USEC' => '100000', 'WATCHDOG_PID' => '1']);
        $this->assertSame('1', $this->recv()['READY'] ?? null);
        $this->assertNull($this->recv(0.5));
        touch($this->dir . '/quit');
        $this->assertSame(0, $this->exitCode());
    }

    public function testWatchdogPingsDuringALongIterateSleep(): void
    {
        $script = $this->script('n.php', "System_Daemon::start();\nSystem_Daemon::iterate(2.5);\nSystem_Daemon::stop();\n");
        $this->startUnderNotify($script, ['WATCHDOG_USEC' => '400000']);
        $this->assertSame('1', $this->recv()['READY'] ?? null);
        $t0 = microtime(true);
        $pings = 0;
        while (microtime(true) - $t0 < 2.0 && ($m = $this->recv(1.0)) !== null) {
            $this->assertSame(['WATCHDOG' => '1'], $m);
            ++$pings;
        }
        // one sleep of 2.5 s, a ping due every 200 ms: about 10 in 2 s, not 1 or 2
        $this->assertGreaterThanOrEqual(6, $pings);
        $this->assertLessThanOrEqual(12, $pings);
        $this->assertSame(0, $this->exitCode());
    }

    /** Runs $script with stderr on a file that JOURNAL_STREAM names (or not), as systemd would. */
    private function runWithJournalStream(string $script, array $env, bool $matching = true): array
    {
        $stderr = $this->dir . '/journal';
        touch($stderr);
        clearstatcache();
        $st = stat($stderr);
        $env += ['JOURNAL_STREAM' => $st['dev'] . ':' . ($st['ino'] + ($matching ? 0 : 1))];
        $cmd = '';
        foreach ($env as $k => $v) {
            $cmd .= $k . '=' . escapeshellarg($v) . ' ';
        }
        [$code, $out] = $this->sh($cmd . $this->php($script) . ' 2>>' . escapeshellarg($stderr));
        return [$code, $out, file_get_contents($stderr)];
    }

    private const JOURNAL_SCRIPT = "System_Daemon::info('an info line');\n"
        . "System_Daemon::err('an error line');\n"
        . "System_Daemon::debug('a debug line');\n";

    public function testLogLinesGoToTheJournalWithPriorities(): void
    {
        $log = $this->dir . '/daemon.log';
        // The option, the default log location (no file), stderr is the journal.
        $app = 'sdj' . bin2hex(random_bytes(4));
        $script = $this->script('j.php', self::JOURNAL_SCRIPT, ['appName' => $app, 'logJournal' => true, 'logVerbosity' => 7]);
        file_put_contents($script, str_replace("'logLocation' => '$log',", '', file_get_contents($script)));
        [$code, $out, $err] = $this->runWithJournalStream($script, []);
        $this->assertSame(0, $code, $out . $err);
        $this->assertStringContainsString("<6>an info line\n", $err);
        $this->assertMatchesRegularExpression('/^<3>an error line \[l:\d+\]$/m', $err);
        $this->assertStringContainsString("<7>a debug line\n", $err);
        $written = is_file("/var/log/$app.log");
        @unlink("/var/log/$app.log");
        $this->assertFalse($written, 'no log file when the script names none');

        // The variable the unit sets, and a log file the script names: both.
        $script = $this->script('j2.php', self::JOURNAL_SCRIPT);
        [$code, $out, $err] = $this->runWithJournalStream($script, ['SYSTEM_DAEMON_LOG_JOURNAL' => '1']);
        $this->assertSame(0, $code, $out . $err);
        $this->assertStringContainsString("<6>an info line\n", $err);
        $this->assertMatchesRegularExpression('/\]     info: an info line$/m', file_get_contents($log));

        // JOURNAL_STREAM names another stream: stderr is not the journal, nothing there.
        unlink($log);
        unlink($this->dir . '/journal');
        [$code, $out, $err] = $this->runWithJournalStream($script, ['SYSTEM_DAEMON_LOG_JOURNAL' => '1'], false);
        $this->assertSame(0, $code, $out . $err);
        $this->assertStringNotContainsString('<6>', $err);
        $this->assertMatchesRegularExpression('/\]     info: an info line$/m', file_get_contents($log));
    }

    public function testStatusFileUpdatesTheStatusLine(): void
    {
        $script = $this->script('n.php', "System_Daemon::start();\n"
            . "while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { System_Daemon::iterate(0.05); clearstatcache(); }\n"
            . "System_Daemon::stop();\n", ['appStatusFile' => $this->dir . '/status.json', 'appStatusInterval' => 1]);
        $this->startUnderNotify($script);
        $ready = $this->recv();
        $this->assertSame('1', $ready['READY'] ?? null, 'no READY=1: ' . @file_get_contents($this->dir . '/stderr'));
        // the first write after READY=1 (one interval later) tells systemd the figures too
        $status = $this->recv(5);
        $this->assertNotNull($status, 'no STATUS= from the status file');
        $this->assertMatchesRegularExpression('/^up \d+ s, [1-9]\d* iterations, [\d.]+ MiB resident, last iteration [\d.]+ s ago$/',
            $status['STATUS'] ?? '');
        $this->assertSame(['STATUS'], array_keys($status), 'a status update, not a second READY=1');
        touch($this->dir . '/quit');
        do {
            $msg = $this->recv();
        } while ($msg !== null && !isset($msg['STOPPING']));
        $this->assertSame(['STOPPING' => '1'], $msg);
        $this->assertSame(0, $this->exitCode());
    }

    public function testJsonLinesGoToTheJournalWithoutPriorityPrefix(): void
    {
        $script = $this->script('j.php', self::JOURNAL_SCRIPT, ['logFormat' => 'json', 'logVerbosity' => 7]);
        [$code, $out, $err] = $this->runWithJournalStream($script, ['SYSTEM_DAEMON_LOG_JOURNAL' => '1']);
        $this->assertSame(0, $code, $out . $err);
        $records = [];
        foreach (explode("\n", rtrim($err, "\n")) as $line) {
            $this->assertStringStartsWith('{', $line, 'no <N> prefix inside a JSON record');
            $r = json_decode($line, true, 16, JSON_THROW_ON_ERROR);
            $records[] = [$r['priority'], $r['level'], $r['msg']];
        }
        $this->assertSame([[6, 'info', 'an info line'], [3, 'err', 'an error line'], [7, 'debug', 'a debug line']], $records);
    }

    public function testLauncherWaitsForDeferredReady(): void
    {
        $script = $this->script('d.php', "System_Daemon::start();\n"
            . "usleep(500000);\nfile_put_contents('{DIR}/ready-at', sprintf('%.6f', microtime(true)));\n"
            . "System_Daemon::ready();\n" . self::LOOP, ['appDeferReady' => true]);
        [$code, $out, $err] = $this->sh($this->php($script) . '; echo "exit $?"; date +%s.%N');
        $this->assertSame(0, $code, $err);
        $this->assertStringContainsString("exit 0", $out);
        clearstatcache();
        $this->assertFileExists($this->dir . '/ready-at', 'the launcher left before ready()');
        $this->assertMatchesRegularExpression('/^exit 0\n\d+\.\d+$/m', $out);
        preg_match('/^exit 0\n(\d+\.\d+)$/m', $out, $m);
        $this->assertGreaterThanOrEqual((float)file_get_contents($this->dir . '/ready-at'), (float)$m[1]);
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->assertTrue($this->alive($pid));
        touch($this->dir . '/quit');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
    }

    public function testFatalErrorIsTheLastStatus(): void
    {
        // "systemctl status" shows the last STATUS=: the fatal error, not only "status=255".
        $this->requireMemoryLimit();
        $script = $this->script('n.php', "System_Daemon::start();\nSystem_Daemon::iterate();\n"
            . "ini_set('memory_limit', '8M');\n\$rows = [];\nfor (\$i = 0; \$i < 1024; \$i++) { \$rows[] = str_repeat('x', 1 << 20); }\n");
        $this->startUnderNotify($script);
        $status = null;
        while (($msg = $this->recv(5.0)) !== null) {
            $status = $msg['STATUS'] ?? $status;
        }
        $this->assertSame(255, $this->exitCode());
        $this->assertStringStartsWith('PHP Fatal error: Allowed memory size of 8388608 bytes exhausted', (string)$status);
        $line = 1 + (int)key(preg_grep('/^for/', file($script)));
        $this->assertStringEndsWith("$script:$line", (string)$status);
    }

    public function testLauncherFailsWhenTheDaemonDiesBeforeReady(): void
    {
        $script = $this->script('d.php', "System_Daemon::start();\nusleep(100000);\nexit(0);\n", ['appDeferReady' => true]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'a daemon that never became ready is a failed start');
        $this->assertStringContainsString('exited before it was ready', $err);
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }
}
