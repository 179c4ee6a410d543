<?php

/**
 * Every example under examples/ run the way its header says, as a user would.
 */
final class ExamplesTest extends DaemonTestCase
{
    private function example(string $name): string
    {
        return dirname(__DIR__, 2) . '/examples/' . $name;
    }

    public function testLogParserInTheForeground(): void
    {
        file_put_contents($this->dir . '/watched.log', "ok\nerror: one\n");
        [$code, $out, $err] = $this->sh($this->php($this->example('logparser.php'),
            '--no-daemon --iterations 2 --dir ' . escapeshellarg($this->dir) . ' --watch ' . escapeshellarg($this->dir . '/watched.log')));
        $this->assertSame(0, $code, $err);
        $this->assertStringContainsString("info: watching '{$this->dir}/watched.log' from byte 14", $out);
        $this->assertStringContainsString('info: Process was not daemonized yet, just halting current process', $out);
        $this->assertFileDoesNotExist($this->dir . '/logparser.pid', '--no-daemon never writes a pid file');
    }

    public function testLogParserWritesItsStartupFile(): void
    {
        [$code, $out, $err] = $this->sh($this->php($this->example('logparser.php'), '--write-initd --dir ' . escapeshellarg($this->dir)));
        $this->assertSame(0, $code, $out . $err);
        $this->assertMatchesRegularExpression('/notice: Startup written to \'([^\']+)\'/', $out);
        preg_match('/notice: Startup written to \'([^\']+)\'/', $out, $m);
        $this->assertFileExists($m[1]);
        clearstatcache();
        $this->assertSame(0755, fileperms($m[1]) & 0777);
        $this->assertStringContainsString($this->dir . '/logparser.pid', file_get_contents($m[1]));
    }

    public function testLogParserAsADaemon(): void
    {
        $pidFile = $this->dir . '/logparser.pid';
        touch($this->dir . '/watched.log');
        [$code, , $err] = $this->sh($this->php($this->example('logparser.php'),
            '--dir ' . escapeshellarg($this->dir) . ' --watch ' . escapeshellarg($this->dir . '/watched.log')));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($pidFile);
        file_put_contents($this->dir . '/watched.log', "ERROR a\nfine\nerror b\n", FILE_APPEND);
        $this->waitFor(function () {
            return strpos((string)@file_get_contents($this->dir . '/logparser.log'), '2 error lines so far') !== false;
        }, 'the parser to count the new lines');
        $this->signal($pid, 'TERM');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop on TERM');
        $this->assertFileDoesNotExist($pidFile);
    }

    public function testQueueWorkerFinishesTheJobInHandOnTerm(): void
    {
        $pidFile = $this->dir . '/queue_worker.pid';
        [$code, , $err] = $this->sh($this->php($this->example('queue_worker.php'), '--dir ' . escapeshellarg($this->dir)));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($pidFile);
        file_put_contents($this->dir . '/spool/1.job', '10');
        $this->waitFor(function () { return is_file($this->dir . '/done/1.job'); }, 'the first job');
        // A long job, then TERM while it runs: it must be finished, the next one not started.
        file_put_contents($this->dir . '/spool/2.job', '600');
        file_put_contents($this->dir . '/spool/3.job', '10');
        $this->waitFor(function () {
            return strpos((string)file_get_contents($this->dir . '/queue_worker.log'), 'job \'2.job\': 600 ms') !== false;
        }, 'the long job to begin');
        $this->signal($pid, 'TERM');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the worker to stop');
        $this->assertFileExists($this->dir . '/done/2.job', 'the job in hand is finished');
        $this->assertFileExists($this->dir . '/spool/3.job', 'no new job is started after TERM');
        $this->assertFileDoesNotExist($pidFile);
        $log = file_get_contents($this->dir . '/queue_worker.log');
        $this->assertMatchesRegularExpression("/job '2.job' done\n.*Stopping queue_worker/s", $log);
    }

    public function testNotifyServerIsReadyOnlyWhenListening(): void
    {
        // Without systemd: the launching command returns once ready() ran, so the socket is there.
        [$code, , $err] = $this->sh($this->php($this->example('notify_server.php'), '--dir ' . escapeshellarg($this->dir)));
        $this->assertSame(0, $code, $err);
        $this->assertFileExists($this->dir . '/echo.sock', 'ready means listening');
        $c = stream_socket_client('unix://' . $this->dir . '/echo.sock', $errno, $errstr, 5);
        $this->assertIsResource($c, $errstr);
        fwrite($c, "hello\n");
        $this->assertSame("echo: hello\n", fgets($c));
        fclose($c);
        $pid = $this->daemonPid($this->dir . '/notify_server.pid');
        $this->signal($pid, 'TERM');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the server to stop');

        // Under systemd: READY=1 (with the status) only after the socket was bound.
        $notify = $this->dir . '/notify';
        $sock = stream_socket_server("udg://$notify", $errno, $errstr, STREAM_SERVER_BIND);
        $this->assertIsResource($sock, $errstr);
        $proc = proc_open([PHP_BINARY, $this->example('notify_server.php'), '--dir', $this->dir],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', $this->dir . '/err', 'w']],
            $pipes, $this->dir, ['NOTIFY_SOCKET' => $notify] + getenv());
        $ready = null;
        for ($i = 0; $i < 20 && $ready === null; $i++) {
            $r = [$sock];
            $w = $e = null;
            if (stream_select($r, $w, $e, 1)) {
                $msg = stream_socket_recvfrom($sock, 65536);
                if (strpos($msg, 'READY=1') !== false) {
                    $ready = $msg;
                    $this->assertFileExists($this->dir . '/echo.sock', 'READY=1 was sent before the socket existed');
                }
            }
        }
        $this->assertNotNull($ready, 'no READY=1');
        $this->assertStringContainsString('STATUS=listening on ' . $this->dir . '/echo.sock', $ready);
        $this->assertStringContainsString('MAINPID=' . proc_get_status($proc)['pid'], $ready);
        proc_terminate($proc, 15);
        $deadline = microtime(true) + 10;
        while (proc_get_status($proc)['running'] && microtime(true) < $deadline) {
            usleep(10000);
        }
        $this->assertFalse(proc_get_status($proc)['running'], 'TERM stops it under systemd too');
        proc_close($proc);
    }

    public function testPoolServerServesFromFourWorkersAndTellsSystemdOnce(): void
    {
        [$code, , $err] = $this->sh($this->php($this->example('pool_server.php'), '--dir ' . escapeshellarg($this->dir)));
        $this->assertSame(0, $code, $err);
        $port = (int)file_get_contents($this->dir . '/port');
        $seen = [];
        $this->waitFor(function () use ($port, &$seen) {
            $c = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 2);
            $this->assertIsResource($c, $errstr);
            $line = fgets($c);
            fclose($c);
            $this->assertMatchesRegularExpression('/^worker [0-3] of 4$/', trim($line));
            $seen[trim($line)] = true;
            return count($seen) === 4;
        }, 'answers from workers 0..3');
        $pid = $this->daemonPid($this->dir . '/pool_server.pid');
        $this->signal($pid, 'TERM');
        $this->waitFor(fn() => $this->processesMentioning('pool_server.php') === []
            || array_filter($this->processesMentioning('pool_server.php'), fn($p) => $this->alive($p)) === [],
            'the pool to stop');
        $this->assertFileDoesNotExist($this->dir . '/pool_server.pid');

        // Under systemd: the master says READY=1 (its own pid) once every worker runs.
        $notify = $this->dir . '/notify';
        $sock = stream_socket_server("udg://$notify", $errno, $errstr, STREAM_SERVER_BIND);
        $this->assertIsResource($sock, $errstr);
        $this->proc = proc_open([PHP_BINARY, $this->example('pool_server.php'), '--dir', $this->dir],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', $this->dir . '/err', 'w']],
            $pipes, $this->dir, ['NOTIFY_SOCKET' => $notify] + getenv());
        $ready = null;
        for ($i = 0; $i < 20 && $ready === null; $i++) {
            $r = [$sock];
            $w = $e = null;
            if (stream_select($r, $w, $e, 1)) {
                $msg = stream_socket_recvfrom($sock, 65536);
                if (strpos($msg, 'READY=1') !== false) {
                    $ready = $msg;
                }
            }
        }
        $this->assertNotNull($ready, 'no READY=1');
        $master = proc_get_status($this->proc)['pid'];
        $this->assertStringContainsString("MAINPID=$master", $ready);
        $this->assertStringContainsString('STATUS=4 workers running', $ready);
        $this->assertStringContainsString('All 4 workers are running', file_get_contents($this->dir . '/pool_server.log'));
        $this->signal($master, 'TERM');
        $this->assertSame(0, $this->exitCode('the pool'));
    }
}
