<?php

/**
 * SIGTERM reaching a daemon before it reported ready: while it is still preparing
 * (appDeferReady), and at random points of start() including the privilege drop.
 * Whatever the moment: the launcher exits (0 only if the daemon was ready), no
 * process is left, and no pid file is left behind.
 */
final class StopDuringStartTest extends DaemonTestCase
{
    public function testTermBeforeReadyFailsTheLauncherAndCleansUp(): void
    {
        $script = $this->script('d.php', <<<'PHP'
register_shutdown_function(function () { touch('{DIR}/shutdown'); });
System_Daemon::start();
touch('{DIR}/started');
while (!is_file('{DIR}/go') && !System_Daemon::isDying()) { System_Daemon::iterate(0.01); clearstatcache(); }
System_Daemon::ready();
while (!System_Daemon::isDying()) System_Daemon::iterate(1);
PHP
        , ['appDeferReady' => true]);
        $out = $this->dir . '/launcher.out';
        $launcher = proc_open($this->php($script), [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
        $this->waitFor(function () { return is_file($this->dir . '/started'); }, 'the daemon to be mid-start');
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->signal($pid, 'TERM');
        // proc_get_status() reports the exit code once: keep it when it comes.
        $code = null;
        $this->waitFor(function () use ($launcher, &$code) {
            $st = proc_get_status($launcher);
            $code = $st['exitcode'];
            return !$st['running'];
        }, 'the launcher to leave');
        proc_close($launcher);
        $this->assertSame(1, $code);
        $this->assertStringContainsString('exited before it was ready', (string)file_get_contents($out));
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to be gone');
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
        $this->assertFileExists($this->dir . '/shutdown', 'a graceful stop: shutdown functions ran');
    }

    public function testTermAtRandomPointsOfStartWithAPrivilegeDrop(): void
    {
        if (trim((string)shell_exec('id -u')) !== '0') {
            $this->markTestSkipped('needs root for the drop to nobody');
        }
        $nobody = (int)trim((string)shell_exec('id -u nobody'));
        $nogroup = (int)trim((string)shell_exec('id -g nobody'));
        $script = $this->script('d.php', "System_Daemon::start();\nwhile (!System_Daemon::isDying()) System_Daemon::iterate(1);\n",
            ['appRunAsUID' => $nobody, 'appRunAsGID' => $nogroup]);
        chmod($this->dir, 0755);
        $codes = [];
        for ($round = 0; $round < 12; $round++) {
            // The launcher's children are found by their command line; TERM goes to
            // every one of them (the intermediate and the daemon) after a delay that
            // walks across the start-up (0 .. 11 ms).
            $p = proc_open($this->php($script, "round$round"), [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
            $lpid = proc_get_status($p)['pid'];
            usleep($round * 1000);
            foreach ($this->processesMentioning("round$round") as $q) {
                if ($q !== $lpid) $this->signal($q, 'TERM', false);
            }
            $code = null;
            $this->waitFor(function () use ($p, &$code) {
                $st = proc_get_status($p);
                $code = $st['exitcode'];
                return !$st['running'];
            }, "launcher of round $round to leave");
            $codes[] = $code;
            proc_close($p);
            // A TERM sent before the daemon existed missed it: that daemon got ready
            // (exit 0) and is stopped now, the ordinary way.
            if ($code === 0) {
                foreach ($this->processesMentioning("round$round") as $q) $this->signal($q, 'TERM', false);
            }
            $this->waitFor(function () use ($round) { return $this->processesMentioning("round$round") === []; }, "no process left in round $round");
            clearstatcache();
            // A daemon that dropped to nobody cannot unlink in root's pid directory:
            // it empties its file, which names no pid any more.
            $this->waitFor(function () { clearstatcache(); return (string)@file_get_contents($this->dir . '/run/daemon.pid') === ''; }, "no pid left in round $round");
        }
        foreach ($codes as $c) {
            $this->assertContains($c, [0, 1, 143], 'ready, failed with a reason, or killed before it forked');
        }
    }
}
