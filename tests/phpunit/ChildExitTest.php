<?php

/**
 * A child's exit interrupts none of the script's blocking calls when the script set no
 * CHLD handler (the daemon reaps from iterate() and isDying() instead of a handler),
 * and the exit statuses PHP reports stay right.
 */
final class ChildExitTest extends DaemonTestCase
{
    public function testChildExitCutsNoBlockingCallShort(): void
    {
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
System_Daemon::isDying();
$pair = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$sp = []; socket_create_pair(AF_UNIX, SOCK_STREAM, 0, $sp);
$listen = socket_create_listen(0);
socket_set_option($listen, SOL_SOCKET, SO_RCVTIMEO, ['sec' => 1, 'usec' => 0]);
$r = [];
set_error_handler(function ($no, $str) use (&$r) { $r[] = "warning: $str"; return true; });
$calls = [
    'stream_select' => function () use ($pair) { $rd = [$pair[0]]; $w = $e = null; return stream_select($rd, $w, $e, 1); },
    'socket_select' => function () use ($sp) { $rd = [$sp[0]]; $w = $e = null; return socket_select($rd, $w, $e, 1); },
    'sleep' => function () { return sleep(1); },
    'fgets' => function () use ($pair) { stream_set_timeout($pair[0], 1); return fgets($pair[0]); },
    'socket_accept' => function () use ($listen) { return socket_accept($listen); },
];
foreach ($calls as $name => $call) {
    $p = proc_open(['sh', '-c', 'sleep 0.2; exit 5'], [], $pipes);
    $t = microtime(true);
    $ret = $call();
    $r[] = sprintf('%s: %s after %.1f s', $name, var_export($ret, true), microtime(true) - $t);
    $r[] = "proc_close: " . proc_close($p);
}
$w = pcntl_fork();
if ($w === 0) { usleep(200000); exit(3); }
$r[] = 'pcntl_waitpid: ' . (pcntl_waitpid($w, $st) === $w ? pcntl_wexitstatus($st) : 'lost');
exec('exit 7', $o, $rc);
$r[] = "exec: $rc";
file_put_contents('{DIR}/result', implode("\n", $r) . "\n");
PHP, ['appForeground' => true]);
        [$code, $out, $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $out . $err);
        $result = (string)file_get_contents($this->dir . '/result');
        $this->assertStringNotContainsString('warning', $result);
        foreach (['stream_select: 0', 'socket_select: 0', 'sleep: 0', 'fgets: false', 'socket_accept: false'] as $line) {
            $this->assertStringContainsString("$line after 1.0 s", $result);
        }
        $this->assertSame(5, substr_count($result, 'proc_close: 5'), $result);
        $this->assertStringContainsString('pcntl_waitpid: 3', $result);
        $this->assertStringContainsString('exec: 7', $result);
    }
}
