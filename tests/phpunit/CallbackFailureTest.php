<?php

/**
 * A fatal error (bailout) inside a user callback that start() runs ends the start
 * with a failure the shell sees, and leaves no flag set behind.
 */
final class CallbackFailureTest extends DaemonTestCase
{
    private function handlerFatalOn(string $needle): string
    {
        return "error_reporting(E_ALL & ~E_DEPRECATED);\n"
            . "System_Daemon::setOption('useCustomLogHandler', function (\$m, \$l) {\n"
            . "    file_put_contents('{DIR}/handler.log', \"\$m\\n\", FILE_APPEND);\n"
            . "    if (strpos(\$m, " . var_export($needle, true) . ") !== false) trigger_error('handler gave up', E_USER_ERROR);\n"
            . "});\n";
    }

    public function testFatalInHandlerBeforeTheForkFailsTheStart(): void
    {
        $script = $this->script('d.php', $this->handlerFatalOn('Starting')
            . "System_Daemon::start();\ntouch('{DIR}/after-start.' . getmypid());\n"
            . "while (!System_Daemon::isDying()) { usleep(20000); }\n");
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'the start failed');
        $this->assertStringContainsString('cannot start: a log handler ended with a fatal error during start(): handler gave up', $err);
        $this->assertSame([], glob($this->dir . '/after-start.*'), 'no process went on past start()');
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testFatalInHandlerInTheDaemonFailsTheLauncher(): void
    {
        if (posix_geteuid() !== 0) {
            $this->markTestSkipped('needs root: the identity change is what the daemon logs after the fork');
        }
        $script = $this->script('d.php', $this->handlerFatalOn('Changed identity')
            . "System_Daemon::start();\ntouch('{DIR}/after-start.' . getmypid());\n"
            . "while (!System_Daemon::isDying()) { usleep(20000); }\n",
            ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        chmod($this->dir, 0777);
        touch($this->dir . '/handler.log');
        chmod($this->dir . '/handler.log', 0666); // the handler runs as nobody after the drop
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'the launcher reported the failure: ' . $err);
        $this->assertStringContainsString('a log handler ended with a fatal error during start(): handler gave up', $err);
        $this->assertStringContainsString('Changed identity', (string)@file_get_contents($this->dir . '/handler.log'));
        usleep(200000);
        $this->assertSame([], glob($this->dir . '/after-start.*'), 'the daemon did not go on past start()');
    }

    public function testFatalInForwardedErrorLeavesForwardingOn(): void
    {
        // The first forwarded warning makes the handler fail; the shutdown function's
        // warning is still forwarded (a flag left set stopped every later forward).
        $script = $this->script('f.php', <<<'PHP'
error_reporting(E_ALL & ~E_DEPRECATED);
$n = 0;
System_Daemon::setOption('useCustomLogHandler', function ($m, $l) use (&$n) {
    echo "handler: $m\n";
    if (++$n === 1) trigger_error('handler gave up', E_USER_ERROR);
});
System_Daemon::setOption('logPhpErrors', true);
register_shutdown_function(function () { echo $undefinedInShutdown; });
echo $undefinedFirst;
PHP
        );
        [$code, $out, $err] = $this->sh($this->php($script));
        $this->assertSame(255, $code, 'the fatal error ended the script');
        $this->assertStringContainsString('handler: [PHP Warning] Undefined variable $undefinedFirst', $out);
        $this->assertStringContainsString('handler gave up', $out . $err);
        $this->assertStringContainsString('handler: [PHP Warning] Undefined variable $undefinedInShutdown', $out);
    }
}
