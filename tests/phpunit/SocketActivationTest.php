<?php

/**
 * Socket activation as systemd does it: listening sockets passed from fd 3 on with
 * LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES (set by a shell that then execs PHP, so
 * LISTEN_PID is PHP's pid); and the .socket unit writeAutoRun() writes for them.
 */
final class SocketActivationTest extends DaemonTestCase
{
    /** Runs $script with $sockets as fds 3, 4, ... and LISTEN_* as systemd sets them. */
    private function activate(string $script, array $sockets, ?string $names, string $pid = '$$', ?int $count = null): void
    {
        $spec = [0 => ['file', '/dev/null', 'r'], 1 => ['file', $this->dir . '/stdout', 'w'], 2 => ['file', $this->dir . '/stderr', 'w']];
        $fd = 3;
        foreach ($sockets as $s) {
            $spec[$fd++] = $s;
        }
        // Nothing of this test process past the sockets (proc_open() passes on every
        // descriptor not marked close-on-exec): what is inherited is what is passed.
        $close = '';
        for ($n = $fd; $n <= 9; $n++) {
            $close .= " $n>&-";
        }
        $cmd = 'exec' . $close . '; LISTEN_PID=' . $pid . ' LISTEN_FDS=' . ($count ?? count($sockets))
            . ($names === null ? '' : ' LISTEN_FDNAMES=' . escapeshellarg($names))
            . ' exec ' . escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($script);
        $this->proc = proc_open(['sh', '-c', $cmd], $spec, $pipes, $this->dir);
        $this->assertIsResource($this->proc);
        foreach ($sockets as $s) {
            fclose($s);  // the listening sockets now live in the daemon only
        }
    }

    public function testLISTEN_FDSBeyondWhatWasPassedGivesNoneOfTheDaemonsOwnFiles(): void
    {
        // One socket passed, LISTEN_FDS=6: fds 4-8 are the daemon's own (pid file, log).
        // Handed out as streams, a script closing them released the pid file's lock.
        $tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->assertIsResource($tcp, $errstr);
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('sock.php', 'System_Daemon::start();' . "\n"
            . 'System_Daemon::info("started");' . "\n"
            . '$s = System_Daemon::listenSockets();' . "\n"
            . 'file_put_contents("{DIR}/keys", implode(",", array_keys($s)));' . "\n"
            . 'foreach ($s as $k => $v) { if ($k !== "unknown") fclose($v); }' . "\n"
            // Open file description locks: a second open of the file in this process sees them.
            . 'file_put_contents("{DIR}/running", var_export(System_Daemon::isRunning(), true));' . "\n"
            . 'System_Daemon::stop();' . "\n",
            ['appForeground' => true, 'appPidLocation' => $pidFile]);
        $this->activate($script, [$tcp], null, '$$', 6);
        $this->assertSame(0, $this->exitCode(), (string)@file_get_contents($this->dir . '/stderr'));
        $this->assertSame('unknown', file_get_contents($this->dir . '/keys'), 'only the socket that was passed');
        $this->assertSame('true', file_get_contents($this->dir . '/running'), "the pid file's lock is still held");
        // In the foreground PHP warnings reach the log, stdout and stderr.
        $this->assertMatchesRegularExpression('/LISTEN_FDS: descriptor [4-8] was not inherited from the service manager: ignored/',
            file_get_contents($this->dir . '/stdout') . file_get_contents($this->dir . '/stderr'));
    }

    public function testAnInheritedFileThatIsNoSocketAndNamesThatDoNotMatchAreIgnored(): void
    {
        $script = $this->script('sock.php', 'file_put_contents("{DIR}/keys", implode(",", array_keys(System_Daemon::listenSockets())));');
        $this->activate($script, [fopen('/etc/hostname', 'r')], 'web');
        $this->assertSame(0, $this->exitCode());
        $this->assertSame('', file_get_contents($this->dir . '/keys'));
        $this->assertStringContainsString('LISTEN_FDS: descriptor 3 is not a socket: ignored', file_get_contents($this->dir . '/stderr'));

        $tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->activate($script, [$tcp], 'web:admin');
        $this->assertSame(0, $this->exitCode());
        $this->assertSame('', file_get_contents($this->dir . '/keys'));
        $this->assertStringContainsString('LISTEN_FDNAMES names 2 descriptor(s), LISTEN_FDS says 1: no socket taken',
            file_get_contents($this->dir . '/stderr'));
    }

    public function testListenSocketsAreStreamsKeyedByName(): void
    {
        $tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->assertIsResource($tcp, $errstr);
        $addr = stream_socket_get_name($tcp, false);
        $unixPath = $this->dir . '/admin.sock';
        $unix = stream_socket_server("unix://$unixPath", $errno, $errstr);
        $this->assertIsResource($unix, $errstr);
        $script = $this->script('sock.php', '$s = System_Daemon::listenSockets();' . "\n"
            . 'file_put_contents("{DIR}/keys", implode(",", array_keys($s)));' . "\n"
            . 'file_put_contents("{DIR}/same", var_export($s["web"] === System_Daemon::listenSockets()["web"], true));' . "\n"
            // Not inherited by programs the daemon runs.
            . 'file_put_contents("{DIR}/child-fds", (string)shell_exec(\'readlink /proc/$$/fd/3 /proc/$$/fd/4\'));' . "\n"
            . 'System_Daemon::start();' . "\n"
            . 'foreach (["web", "admin"] as $k) {' . "\n"
            . '    $c = stream_socket_accept($s[$k], 10);' . "\n"
            . '    fwrite($c, "$k: " . fgets($c));' . "\n"
            . '    fclose($c);' . "\n"
            . '}' . "\n"
            . 'System_Daemon::stop();' . "\n",
            ['appForeground' => true]);
        $this->activate($script, [$tcp, $unix], 'web:admin');

        $c = stream_socket_client("tcp://$addr", $errno, $errstr, 10);
        $this->assertIsResource($c, $errstr);
        fwrite($c, "hello\n");
        $this->assertSame("web: hello\n", fgets($c));
        fclose($c);
        $c = stream_socket_client("unix://$unixPath", $errno, $errstr, 10);
        $this->assertIsResource($c, $errstr);
        fwrite($c, "there\n");
        $this->assertSame("admin: there\n", fgets($c));
        fclose($c);
        $this->assertSame(0, $this->exitCode(), (string)@file_get_contents($this->dir . '/stderr'));

        $this->assertSame('web,admin', file_get_contents($this->dir . '/keys'));
        $this->assertSame('true', file_get_contents($this->dir . '/same'), 'a second call returns the same streams');
        $this->assertSame('', file_get_contents($this->dir . '/child-fds'), 'the listening sockets are close-on-exec');
    }

    public function testNothingForAnotherProcessOrWithoutVariables(): void
    {
        $script = $this->script('none.php', 'file_put_contents("{DIR}/n", count(System_Daemon::listenSockets()));');
        $tcp = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->activate($script, [$tcp], 'web', '1');
        $this->assertSame(0, $this->exitCode());
        $this->assertSame('0', file_get_contents($this->dir . '/n'), 'LISTEN_PID of another process');

        [$code] = $this->sh($this->php($script));
        $this->assertSame(0, $code);
        $this->assertSame('0', file_get_contents($this->dir . '/n'), 'no LISTEN_FDS');
    }

    public function testWriteAutoRunWritesTheSocketUnit(): void
    {
        $script = $this->script('echo.php', 'System_Daemon::start();');
        chmod($script, 0755);
        $writer = $this->script('writer.php', "var_dump(System_Daemon::writeAutoRun());", [
            'appName' => 'sdecho', 'appExecutable' => 'echo.php', 'appDescription' => 'Echo server',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org',
            'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'systemd', 'runListenStream' => '127.0.0.1:7777 /run/sdecho.sock',
        ]);
        [$code, $out, $err] = $this->sh($this->php($writer));
        $this->assertSame(0, $code, $out . $err);
        $socket = $this->dir . '/sdecho.socket';
        $this->assertFileExists($socket, $out);
        $this->assertSame('644', sprintf('%o', fileperms($socket) & 0777));
        $text = file_get_contents($socket);
        foreach (['ListenStream=127.0.0.1:7777', 'ListenStream=/run/sdecho.sock', 'FileDescriptorName=sdecho', 'WantedBy=sockets.target'] as $l) {
            $this->assertStringContainsString("\n$l\n", $text);
        }
        $service = file_get_contents($this->dir . '/sdecho.service');
        $this->assertStringContainsString("\nRequires=sdecho.socket\nAfter=sdecho.socket\n", $service);
        if (trim((string)shell_exec('command -v systemd-analyze')) !== '') {
            [$code, $out, $err] = $this->sh('SYSTEMD_LOG_LEVEL=notice systemd-analyze verify ' . escapeshellarg($socket), 60);
            $ours = array_filter(explode("\n", $out . $err), function ($l) { return stripos($l, 'sdecho') !== false; });
            $this->assertSame(0, $code, "systemd-analyze verify failed:\n$out$err");
            $this->assertSame([], array_values($ours), "systemd-analyze verify complains:\n$out$err");
        }

        // A bad address is refused with the reason, and nothing is written.
        unlink($socket);
        $writer = $this->script('writer2.php', "var_dump(System_Daemon::writeAutoRun(true));", [
            'appName' => 'sdecho', 'appExecutable' => 'echo.php', 'appDescription' => 'Echo server',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org',
            'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'systemd', 'runListenStream' => 'run/relative.sock',
        ]);
        [, $out, $err] = $this->sh($this->php($writer));
        $this->assertStringContainsString('runListenStream', $out . $err);
        $this->assertStringContainsString('run/relative.sock', $out . $err);
        $this->assertFileDoesNotExist($socket);
    }
}
