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
            $termed = [];
            foreach ($this->processesMentioning("round$round") as $q) {
                if ($q !== $lpid) {
                    $this->signal($q, 'TERM', false);
                    $termed[] = $q;
                }
            }
            $code = null;
            $this->waitFor(function () use ($p, &$code) {
                $st = proc_get_status($p);
                $code = $st['exitcode'];
                return !$st['running'];
            }, "launcher of round $round to leave");
            $codes[] = $code;
            proc_close($p);
            // Every process that got the TERM ends, whatever the moment it came.
            $this->waitFor(function () use ($termed) {
                return array_values(array_filter($termed, function ($q) { return $this->alive($q); })) === [];
            }, "the processes TERMed in round $round to end");
            // A process forked after the scan missed the TERM (the daemon, or with the
            // launcher's shell in the list the launcher itself, leaving its daemon
            // behind, which may fork while we look): stopped now, the ordinary way,
            // until none is left. Each one TERMed must end.
            $left = [];
            $deadline = microtime(true) + 10;
            while (($left = $this->processesMentioning("round$round")) !== [] && microtime(true) < $deadline) {
                foreach ($left as $q) {
                    if (!in_array($q, $termed, true)) {
                        $this->signal($q, 'TERM', false);
                        $termed[] = $q;
                    }
                }
                usleep(2000);
            }
            $this->assertSame([], $left, "no process left in round $round: " . $this->describe($left));
            clearstatcache();
            // A daemon that dropped to nobody cannot unlink in root's pid directory:
            // it empties its file, which names no pid any more.
            $this->waitFor(function () { clearstatcache(); return (string)@file_get_contents($this->dir . '/run/daemon.pid') === ''; }, "no pid left in round $round");
        }
        foreach ($codes as $c) {
            $this->assertContains($c, [0, 1, 143], 'ready, failed with a reason, or killed before it forked');
        }
    }

    /** What a process that outlived its test is doing, for the failure message. */
    private function describe(array $pids): string
    {
        $out = '';
        foreach ($pids as $q) {
            $st = (string)@file_get_contents("/proc/$q/status");
            preg_match_all('/^(State|PPid|Uid|SigBlk|SigIgn|SigCgt|SigPnd|ShdPnd):\s*(.*)$/m', $st, $m, PREG_SET_ORDER);
            $out .= "\n$q " . str_replace("\0", ' ', (string)@file_get_contents("/proc/$q/cmdline"))
                . ' wchan=' . @file_get_contents("/proc/$q/wchan");
            foreach ($m as $kv) $out .= " {$kv[1]}={$kv[2]}";
        }
        $log = (string)@file_get_contents($this->dir . '/daemon.log');
        return $out . "\nlog tail:\n" . implode("\n", array_slice(explode("\n", $log), -12));
    }
}
