<?php

/**
 * A script that has not called isDying() or iterate() since start() stops at the first
 * TERM, INT or QUIT as exit() would: at once (TERM→exit well under 1.5 s, the figure
 * issue 19 names; the grace period is 10 s), shutdown functions and destructors run,
 * pid file released, exit status 0.
 */
final class NonPollingStopTest extends DaemonTestCase
{
    /** @return array<string, array{0:string,1:int}> the published loops, and the signal */
    public static function loops(): array
    {
        $accept = "\$s = socket_create_listen(0);\nready();\nwhile (true) { \$c = socket_accept(\$s); socket_close(\$c); }\n";
        $read = "\$p = []; socket_create_pair(AF_UNIX, SOCK_STREAM, 0, \$p);\nready();\n"
            . "while (true) { if (socket_read(\$p[0], 100) === '') break; }\n";
        $streamAccept = "\$s = stream_socket_server('tcp://127.0.0.1:0');\nready();\n"
            . "while (true) { \$c = @stream_socket_accept(\$s, 3600); }\n";
        return [
            'sleep(60) loop, TERM' => ["ready();\nwhile (true) { sleep(60); }\n", SIGTERM],
            'manage(); sleep(11) loop, INT' => ["ready();\nwhile (true) { touch('{DIR}/managed'); sleep(11); }\n", SIGINT],
            'blocking socket_accept(), QUIT' => [$accept, SIGQUIT],
            'blocking socket_read(), TERM' => [$read, SIGTERM],
            'stream_socket_accept(), TERM' => [$streamAccept, SIGTERM],
        ];
    }

    /** @dataProvider loops */
    #[\PHPUnit\Framework\Attributes\DataProvider('loops')]
    public function testStopsAtOnceAsExitWould(string $loop, int $sig): void
    {
        if (!function_exists('socket_create_listen')) {
            $this->markTestSkipped('ext/sockets is needed');
        }
        $script = $this->script('d.php', <<<'PHP'
class Held { function __destruct() { file_put_contents('{DIR}/ran', "destructor\n", FILE_APPEND); } }
$held = new Held();
register_shutdown_function(function () { file_put_contents('{DIR}/ran', "shutdown\n", FILE_APPEND); });
function ready() { touch('{DIR}/ready'); }
System_Daemon::start();
PHP . "\n" . $loop, ['appForeground' => true, 'appStopGraceSec' => 10]);
        $this->proc = proc_open([PHP_BINARY, $script], [0 => ['file', '/dev/null', 'r'],
            1 => ['file', $this->dir . '/out', 'w'], 2 => ['file', $this->dir . '/err', 'w']], $pipes);
        $pid = proc_get_status($this->proc)['pid'];
        $this->waitFor(function () { return is_file($this->dir . '/ready'); }, 'the loop');
        usleep(200000);
        $t0 = microtime(true);
        posix_kill($pid, $sig);
        $st = null;
        $this->waitFor(function () use (&$st) { $st = proc_get_status($this->proc); return !$st['running']; }, 'the daemon to exit', 9.0);
        $took = microtime(true) - $t0;
        proc_close($this->proc);
        $this->proc = null;
        $this->assertSame(0, $st['exitcode'], (string)file_get_contents($this->dir . '/err'));
        // Generous: the issue's figure is 1.5 s, today's was the 10 s grace period.
        $this->assertLessThan(1.5, $took, "signal→exit took $took s");
        $this->assertSame("shutdown\ndestructor\n", (string)@file_get_contents($this->dir . '/ran'));
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testPollingScriptKeepsTheGracefulStop(): void
    {
        $script = $this->script('d.php', "System_Daemon::start();\nSystem_Daemon::isDying();\ntouch('{DIR}/ready');\n"
            . "for (\$i = 0; \$i < 10; \$i++) { usleep(100000); }\nSystem_Daemon::info('job done, dying: ' . (System_Daemon::isDying() ? 'yes' : 'no'));\n");
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->waitFor(function () { return is_file($this->dir . '/ready'); }, 'the job');
        posix_kill($pid, SIGTERM);
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to exit');
        $this->assertStringContainsString("job done, dying: yes", (string)file_get_contents($this->dir . '/daemon.log'));
    }
}
