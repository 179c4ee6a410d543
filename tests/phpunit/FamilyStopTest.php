<?php

/**
 * The daemon's family stops with it, as a service manager stops the whole group: the
 * first stop signal reaches the workers it forked and the children it runs (theirs
 * too), workers that inherited the daemon's handlers end their loops gracefully, and
 * nothing of the family outlives the stop (appStopGraceSec bounds it, then KILL).
 * appStopChildren false leaves the children to the script.
 */
final class FamilyStopTest extends DaemonTestCase
{
    /** The pids of live (non-zombie) processes whose parent chain leads to $root. */
    private function family(int $root): array
    {
        $parent = [];
        foreach (glob('/proc/[0-9]*/stat') as $f) {
            $st = @file_get_contents($f);
            if ($st === false) {
                continue;
            }
            $rest = explode(' ', substr($st, strrpos($st, ')') + 2));
            if ($rest[0] !== 'Z' && $rest[0] !== 'X') {
                $parent[(int)basename(dirname($f))] = (int)$rest[1];
            }
        }
        $found = [];
        foreach ($parent as $pid => $ppid) {
            for ($p = $ppid, $n = 0; $p > 1 && $n < 64; $p = $parent[$p] ?? 0, $n++) {
                if ($p === $root) {
                    $found[] = $pid;
                    break;
                }
            }
        }
        return $found;
    }

    /** Every live process that names the test directory: what a stop must leave nothing of. */
    private function leftOver(): array
    {
        return array_values(array_filter($this->processesMentioning($this->dir), function ($pid) {
            return $this->alive($pid);
        }));
    }

    private const MASTER = <<<'PHP'
System_Daemon::start();
for ($i = 0; $i < 2; $i++) {
    if (pcntl_fork() === 0) {
        // A worker with the daemon's handlers: its loop ends the graceful way.
        while (!System_Daemon::isDying()) { System_Daemon::iterate(0.5); }
        file_put_contents('{DIR}/ended', getmypid() . "\n", FILE_APPEND);
        exit(0);
    }
}
touch('{DIR}/forked');
while (!System_Daemon::isDying()) { System_Daemon::iterate(1); }
// The master waits for its workers, as published masters do.
while (pcntl_wait($status) > 0) {}
System_Daemon::info('all workers waited for');
PHP;

    public function testMasterWaitingForTwoWorkersStopsWithinThreeSeconds(): void
    {
        if (!function_exists('pcntl_fork')) {
            $this->markTestSkipped('pcntl is needed');
        }
        $script = $this->script('d.php', self::MASTER);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->waitFor(function () { return is_file($this->dir . '/forked'); }, 'the workers');
        $this->assertCount(2, $this->family($pid));
        $t0 = microtime(true);
        $this->signal($pid, 'TERM');
        // Generous: the issue's figure is 3 s; today the master waits forever.
        $this->waitFor(function () use ($pid) { return !$this->alive($pid) && $this->leftOver() === []; },
            'the daemon and its workers to stop', 3.0);
        $this->assertLessThan(3.0, microtime(true) - $t0);
        $this->assertCount(2, file($this->dir . '/ended'), 'both workers ended their loops');
        $this->assertStringContainsString('all workers waited for', (string)file_get_contents($this->dir . '/daemon.log'));
    }

    public function testChildrenThatIgnoreTheStopAreKilledWhenTheGracePeriodIsOver(): void
    {
        // A proc_open() child and its own child, both deaf to TERM; the script polls and
        // then waits for the child itself, for ever.
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
$p = proc_open(['sh', '-c', 'trap "" TERM; sh -c \'trap "" TERM; while :; do sleep 0.1; done; : {DIR}\' & while :; do sleep 0.1; done; : {DIR}'], [], $pipes);
touch('{DIR}/started');
while (!System_Daemon::isDying()) { System_Daemon::iterate(0.2); }
proc_close($p);
PHP, ['appStopGraceSec' => 1]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->waitFor(function () use ($pid) { return count($this->family($pid)) >= 2; }, 'the children');
        $this->signal($pid, 'TERM');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid) && $this->leftOver() === []; },
            'nothing of the family left', 5.0);
        $this->assertMatchesRegularExpression('/warning: Killed \d+ process(es)? of the family/',
            (string)file_get_contents($this->dir . '/daemon.log'));
    }

    public function testScriptEndingLeavesNoChildBehind(): void
    {
        $script = $this->script('d.php', "System_Daemon::start();\n"
            . "proc_open([PHP_BINARY, '-r', 'sleep(30); // {DIR}'], [], \$pipes);\n"
            . "exec(escapeshellarg(PHP_BINARY) . ' -r \"sleep(30); // {DIR}\" >/dev/null 2>&1 &');\n"
            . "touch('{DIR}/started');\nSystem_Daemon::iterate(0.5);\n");
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () { return is_file($this->dir . '/started'); }, 'the children');
        $this->assertGreaterThanOrEqual(2, count($this->leftOver()));
        $this->waitFor(function () { return $this->leftOver() === []; }, 'nothing of the family left', 5.0);
    }

    public function testStopChildrenFalseLeavesThemToTheScript(): void
    {
        $script = $this->script('d.php', "System_Daemon::start();\n"
            . "\$p = proc_open([PHP_BINARY, '-r', 'sleep(30); // {DIR}'], [], \$pipes);\nfile_put_contents('{DIR}/child', proc_get_status(\$p)['pid']);\n"
            . "while (!System_Daemon::isDying()) { System_Daemon::iterate(0.2); }\n", ['appStopChildren' => false]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->daemonPid($this->dir . '/run/daemon.pid');
        $this->waitFor(function () { return is_file($this->dir . '/child'); }, 'the child');
        $child = (int)file_get_contents($this->dir . '/child');
        $this->signal($pid, 'TERM');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
        $this->assertTrue($this->alive($child), 'the script manages its children');
        $this->signal($child, 'KILL');
    }
}
