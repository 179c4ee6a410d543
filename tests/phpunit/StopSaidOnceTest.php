<?php

/**
 * Said once: "Stopping <app>" however many times stop() is called, and a failed
 * start's reason in the journal once, at error priority.
 */
final class StopSaidOnceTest extends DaemonTestCase
{
    public function testStoppingIsLoggedOnceForSignalLoopEndAndShutdownFunction(): void
    {
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
register_shutdown_function(function () { System_Daemon::stop(); });
System_Daemon::setSigHandler(SIGUSR1, function () { System_Daemon::stop(); });
touch('{DIR}/in_loop');
while (!System_Daemon::isDying()) { System_Daemon::iterate(0.1); }
System_Daemon::stop();
PHP
        );
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->waitFor(function () { return is_file($this->dir . '/in_loop'); }, 'the loop');
        $this->signal($pid, 'TERM');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
        $log = (string)file_get_contents($this->dir . '/daemon.log');
        $this->assertSame(1, substr_count($log, 'info: Stopping sdtest'), $log);
    }

    public function testFailedStartReasonReachesTheJournalOnceAtErrorPriority(): void
    {
        // appDir is checked when set, and gone by start().
        mkdir($this->dir . '/missing');
        $script = $this->script('f.php', "rmdir('{DIR}/missing');\nSystem_Daemon::start();\n", ['appDir' => $this->dir . '/missing']);
        file_put_contents($script, str_replace("'logLocation' => '" . $this->dir . "/daemon.log',", '', file_get_contents($script)));
        foreach ([['SYSTEM_DAEMON_LOG_JOURNAL' => '1'], []] as $env) {
            $journal = $this->dir . '/journal';
            @unlink($journal);
            touch($journal);
            clearstatcache();
            $st = stat($journal);
            $env['JOURNAL_STREAM'] = $st['dev'] . ':' . $st['ino'];
            $cmd = '';
            foreach ($env as $k => $v) {
                $cmd .= $k . '=' . escapeshellarg($v) . ' ';
            }
            // stdout goes to the journal under systemd too.
            @mkdir($this->dir . '/missing');
            [$code] = $this->sh($cmd . $this->php($script) . ' >>' . escapeshellarg($journal) . ' 2>&1');
            $this->assertNotSame(0, $code);
            $text = (string)file_get_contents($journal);
            $what = json_encode($env);
            if (!isset($env['SYSTEM_DAEMON_LOG_JOURNAL'])) {
                // Log lines are not the journal's here (a file, and stdout before start()):
                // the copy on stderr still comes at error priority.
                $this->assertMatchesRegularExpression('/^<3>System_Daemon::start\(\): .*missing/m', $text, $what);
                continue;
            }
            $this->assertSame(1, substr_count($text, "cannot use {$this->dir}/missing"), "$what: once in the journal:\n$text");
            $this->assertMatchesRegularExpression('/^<3>.*missing/m', $text, $what);
        }
    }
}
