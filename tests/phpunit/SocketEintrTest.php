<?php

/**
 * A socket call that a TERM cut short says so: socket_last_error(), for the call's
 * socket as well as globally, is SOCKET_EINTR and the warning names the interruption,
 * never "Success" (socket_accept() alone kept its error on the Socket it never returned).
 */
final class SocketEintrTest extends DaemonTestCase
{
    public function testInterruptedSocketCallsSayEintr(): void
    {
        if (!function_exists('socket_create_listen')) {
            $this->markTestSkipped('ext/sockets is needed');
        }
        foreach (['accept', 'read', 'select'] as $call) {
            @unlink($this->dir . '/ready');
            $script = $this->script("d_$call.php", <<<'PHP'
$s = socket_create_listen(0);
$p = [];
socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $p);
System_Daemon::start();
System_Daemon::isDying();   // a script that polls: the stop is graceful, the call returns
touch('{DIR}/ready');
$call = $argv[1];
if ($call === 'accept') { $ret = @socket_accept($s); $sock = $s; }
if ($call === 'read') { $ret = @socket_read($p[0], 10); $sock = $p[0]; }
if ($call === 'select') { $r = [$p[0]]; $w = $e = null; $ret = @socket_select($r, $w, $e, 30); $sock = null; }
file_put_contents('{DIR}/result', json_encode([
    'ret' => $ret, 'global' => socket_last_error(), 'socket' => $sock ? socket_last_error($sock) : SOCKET_EINTR,
    'text' => socket_strerror($sock ? socket_last_error($sock) : socket_last_error()),
    'warning' => error_get_last()['message'] ?? '', 'dying' => System_Daemon::isDying(),
]));
PHP, ['appForeground' => true, 'appStopGraceSec' => 30]);
            $this->proc = proc_open([PHP_BINARY, $script, $call], [0 => ['file', '/dev/null', 'r'],
                1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
            $pid = proc_get_status($this->proc)['pid'];
            $this->waitFor(function () { return is_file($this->dir . '/ready'); }, "the $call");
            usleep(200000);
            posix_kill($pid, SIGTERM);
            $this->assertSame(0, $this->exitCode());
            $r = json_decode((string)file_get_contents($this->dir . '/result'), true);
            $this->assertFalse($r['ret'], $call);
            $this->assertSame(SOCKET_EINTR, $r['global'], $call);
            $this->assertSame(SOCKET_EINTR, $r['socket'], "$call: socket_last_error() of the call's socket");
            $this->assertNotSame('Success', $r['text'], $call);
            $this->assertStringContainsString('Interrupted system call', $r['warning'], $call);
            $this->assertTrue($r['dying'], $call);
        }
    }
}
