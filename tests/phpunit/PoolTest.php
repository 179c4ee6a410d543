<?php

/**
 * appWorkers: a real pre-fork TCP server on 127.0.0.1 with 4 workers. Clients see ids
 * 0..3; a worker killed with -9 is back with its id within a second; HUP replaces the
 * workers one at a time without a refused connection; TERM ends the whole family within
 * appStopGraceSec and releases the pid file; the master uses no CPU while idle.
 */
final class PoolTest extends DaemonTestCase
{
    private const SERVER = <<<'PHP'
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr) or exit(91);
$name = stream_socket_get_name($server, false);
file_put_contents('{DIR}/port', substr($name, strrpos($name, ':') + 1));
System_Daemon::start();
$id = System_Daemon::workerId();
file_put_contents("{DIR}/worker$id", getmypid() . ' ' . System_Daemon::workerCount());
while (!System_Daemon::isDying()) {
    $c = @stream_socket_accept($server, 1);
    if ($c) {
        fwrite($c, "$id " . getmypid() . "\n");
        fclose($c);
    }
}
PHP;

    private int $port = 0;

    private function startPool(array $options = []): int
    {
        return $this->launch($this->script('server.php', self::SERVER, $options + [
            'appWorkers' => 4,
            'appStopGraceSec' => 3,
            'appMinUptime' => 10,
        ]));
    }

    /** Starts a server script that writes its port: the master's pid. */
    private function launch(string $script): int
    {
        [$rc, $out, $err] = $this->sh($this->php($script));
        $this->assertSame(0, $rc, "the launcher: $out $err");
        $this->port = (int)file_get_contents($this->dir . '/port');
        $this->assertGreaterThan(0, $this->port);
        return $this->daemonPid($this->dir . '/run/daemon.pid');
    }

    /** The line one connection got, or null when it failed. */
    private function reply(): ?string
    {
        $c = @stream_socket_client("tcp://127.0.0.1:{$this->port}", $errno, $errstr, 2);
        if (!$c) {
            return null;
        }
        stream_set_timeout($c, 2);
        $line = fgets($c);
        fclose($c);
        return $line === false ? null : trim($line);
    }

    /** "id pid" from one connection, or null when it failed. */
    private function ask(): ?array
    {
        $line = $this->reply();
        return $line !== null && preg_match('/^(\d+) (\d+)$/', $line, $m) ? [(int)$m[1], (int)$m[2]] : null;
    }

    private function workerPid(int $id): int
    {
        $s = @file_get_contents($this->dir . "/worker$id");
        return $s === false ? 0 : (int)explode(' ', $s)[0];
    }

    /** Live processes of the test (the master and its workers). */
    private function leftOver(): array
    {
        return array_values(array_filter($this->processesMentioning($this->dir), fn($pid) => $this->alive($pid)));
    }

    private function children(int $parent): array
    {
        $kids = [];
        foreach (glob('/proc/[0-9]*/stat') as $f) {
            $st = @file_get_contents($f);
            if ($st === false) {
                continue;
            }
            $rest = explode(' ', substr($st, strrpos($st, ')') + 2));
            if ((int)$rest[1] === $parent && $rest[0] !== 'Z') {
                $kids[] = (int)basename(dirname($f));
            }
        }
        return $kids;
    }

    /** $dropped: a daemon user cannot unlink in root's run/: it empties the pid file. */
    private function stopAndCheck(int $master, bool $dropped = false): void
    {
        // By pid too: with appProcessTitle no command line names the test's directory.
        $family = array_merge([$master], $this->children($master));
        $t0 = microtime(true);
        $this->signal($master, 'TERM');
        $this->waitFor(fn() => $this->leftOver() === [] && array_filter($family, fn($p) => $this->alive($p)) === [],
            'the whole family to end', 5.0);
        $this->assertLessThan(3.5, microtime(true) - $t0, 'within appStopGraceSec');
        clearstatcache();
        if ($dropped && is_file($this->dir . '/run/daemon.pid')) {
            $this->assertSame('', file_get_contents($this->dir . '/run/daemon.pid'), 'the pid file emptied');
        } else {
            $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
        }
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('Stopped: every worker has ended', $log);
    }

    public function testFourWorkersServeKilledOneComesBackTermEndsAll(): void
    {
        $master = $this->startPool();
        $this->assertCount(4, $this->children($master));
        $seen = [];
        $this->waitFor(function () use (&$seen) {
            $r = $this->ask();
            $this->assertNotNull($r, 'a connection failed');
            $seen[$r[0]] = true;
            return count($seen) === 4;
        }, 'clients to see workers 0..3', 10.0);
        ksort($seen);
        $this->assertSame([0, 1, 2, 3], array_keys($seen));
        $this->assertSame('4', explode(' ', file_get_contents($this->dir . '/worker2'))[1], 'workerCount()');

        $old = $this->workerPid(2);
        $this->assertContains($old, $this->children($master));
        $t0 = microtime(true);
        $this->signal($old, 'KILL');
        $this->waitFor(function () use ($old) {
            $pid = $this->workerPid(2);
            return $pid !== $old && $pid > 0 && $this->alive($pid);
        }, 'worker 2 to come back', 1.0);
        $this->assertLessThan(1.0, microtime(true) - $t0);
        $this->assertContains($this->workerPid(2), $this->children($master));
        $this->waitFor(fn() => count($this->children($master)) === 4, 'four workers again', 2.0);
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertMatchesRegularExpression("/Worker 2 \\(pid $old\\) was killed by SIGKILL/", $log);

        $this->stopAndCheck($master);
    }

    public function testHupReplacesEveryWorkerWithoutARefusedConnection(): void
    {
        $master = $this->startPool();
        $before = [];
        for ($id = 0; $id < 4; $id++) {
            $before[$id] = $this->workerPid($id);
        }
        $failed = 0;
        for ($i = 0; $i < 400; $i++) {
            if ($i === 20) {
                $this->signal($master, 'HUP');
            }
            if ($this->ask() === null) {
                $failed++;
            }
        }
        $this->assertSame(0, $failed, 'connections failed during the replacement');
        $this->waitFor(function () use ($before) {
            for ($id = 0; $id < 4; $id++) {
                if ($this->workerPid($id) === $before[$id] || $this->alive($before[$id])) {
                    return false;
                }
            }
            return true;
        }, 'every worker replaced', 10.0);
        $this->assertCount(4, $this->children($master));
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertSame(4, preg_match_all('/runs: its predecessor \(pid \d+\) is told to stop/', $log));
        $this->stopAndCheck($master);
    }

    public function testMasterUsesNoCpuWhileIdle(): void
    {
        $master = $this->startPool();
        $cpu = function () use ($master): int {
            $st = file_get_contents("/proc/$master/stat");
            $rest = explode(' ', substr($st, strrpos($st, ')') + 2));
            return (int)$rest[11] + (int)$rest[12];  // utime + stime, in ticks
        };
        usleep(200000);
        $t0 = $cpu();
        for ($i = 0; $i < 50; $i++) {
            $this->assertNotNull($this->ask());
        }
        sleep(2);
        $this->assertLessThanOrEqual(1, $cpu() - $t0, 'master CPU ticks while its workers serve and idle');
        $this->stopAndCheck($master);
    }

    private const LOOPER = <<<'PHP'
System_Daemon::start();
$id = System_Daemon::workerId();
file_put_contents("{DIR}/worker$id", getmypid() . ' ' . System_Daemon::workerCount());
while (!System_Daemon::isDying()) {
    if ($id === 1 && file_exists('{DIR}/stop1')) {
        unlink('{DIR}/stop1');
        System_Daemon::stop();
    }
    if ($id === 1 && file_exists('{DIR}/restart1')) {
        unlink('{DIR}/restart1');
        System_Daemon::restart();
    }
    System_Daemon::iterate(0.05);
}
PHP;

    private function startLooper(array $options): int
    {
        $script = $this->script('looper.php', self::LOOPER, $options + ['appWorkers' => 2, 'appStopGraceSec' => 3]);
        [$rc, $out, $err] = $this->sh($this->php($script));
        $this->assertSame(0, $rc, "the launcher: $out $err");
        return $this->daemonPid($this->dir . '/run/daemon.pid');
    }

    public function testAWorkersOwnStopIsANormalEndAndItIsReplaced(): void
    {
        $master = $this->startLooper(['appMinUptime' => 0]);
        $this->waitFor(fn() => $this->workerPid(1) > 0, 'worker 1');
        $old = $this->workerPid(1);
        $other = $this->workerPid(0);
        touch($this->dir . '/stop1');
        $this->waitFor(fn() => $this->workerPid(1) !== $old && $this->alive($this->workerPid(1)), 'worker 1 replaced', 3.0);
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString("Worker 1 (pid $old) ended normally (exit status 0)", $log);
        $this->assertSame($other, $this->workerPid(0), 'worker 0 untouched');
        $this->assertContains($this->workerPid(1), $this->children($master));
        $this->stopAndCheck($master);
    }

    public function testRestartInAWorkerReplacesThatWorkerAlone(): void
    {
        $master = $this->startLooper(['appMinUptime' => 0]);
        $this->waitFor(fn() => $this->workerPid(0) > 0 && $this->workerPid(1) > 0, 'both workers');
        $old = $this->workerPid(1);
        $other = $this->workerPid(0);
        touch($this->dir . '/restart1');
        $this->waitFor(fn() => $this->workerPid(1) !== $old && $this->alive($this->workerPid(1)), 'worker 1 replaced', 3.0);
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('Restarting worker 1: it ends, and the master starts a fresh one in its place', $log);
        $this->assertStringContainsString("Worker 1 (pid $old) ended normally (exit status 0)", $log);
        $this->assertStringNotContainsString('Restarting sdtest', $log, 'no new image of the daemon');
        $this->assertSame($master, $this->daemonPid($this->dir . '/run/daemon.pid'), 'the master stays');
        $this->assertSame($other, $this->workerPid(0), 'worker 0 untouched');
        $this->assertContains($this->workerPid(1), $this->children($master));
        $this->stopAndCheck($master);
    }

    public function testAWorkerOverItsLimitEndsAloneAndIsReplaced(): void
    {
        // 20 iterations of 0.05 s: each worker recycles about every second, on its own.
        $master = $this->startLooper(['appMinUptime' => 0, 'appMaxIterations' => 20]);
        $this->waitFor(fn() => $this->workerPid(0) > 0 && $this->workerPid(1) > 0, 'both workers');
        $first = [$this->workerPid(0), $this->workerPid(1)];
        $this->waitFor(fn() => $this->workerPid(0) !== $first[0] && $this->workerPid(1) !== $first[1],
            'both workers recycled', 6.0);
        $this->assertSame($master, $this->daemonPid($this->dir . '/run/daemon.pid'), 'the master stays');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('appMaxIterations reached', $log);
        $this->assertStringContainsString('ending this worker, to be replaced', $log);
        $this->assertMatchesRegularExpression("/Worker 0 \\(pid {$first[0]}\\) ended normally/", $log);
        $this->stopAndCheck($master);
    }

    public function testProcessTitleNamesTheMasterAndEachWorker(): void
    {
        $master = $this->startLooper(['appMinUptime' => 0, 'appProcessTitle' => true]);
        $this->waitFor(fn() => $this->workerPid(0) > 0 && $this->workerPid(1) > 0, 'both workers');
        $comm = fn(int $pid) => rtrim((string)@file_get_contents("/proc/$pid/comm"), "\n");
        $args = fn(int $pid) => trim(str_replace("\0", ' ', (string)@file_get_contents("/proc/$pid/cmdline")));
        $this->assertSame('sdtest: master', $comm($master));
        $this->assertSame('sdtest: master', $args($master));
        foreach ([0, 1] as $id) {
            $this->assertSame('sdtest: worker ', $comm($this->workerPid($id)), "worker $id");
            $this->assertSame("sdtest: worker $id", $args($this->workerPid($id)));
        }
        // ps itself, without a preloaded sanitizer runtime (the ASan job's): under one it
        // deadlocks before it prints anything.
        $this->assertSame('sdtest: master', trim((string)shell_exec("env -u LD_PRELOAD ps -o comm= -p $master")));
        $this->stopAndCheck($master);
    }

    public function testNoProcessTitleByDefault(): void
    {
        $master = $this->startLooper(['appMinUptime' => 0]);
        $this->waitFor(fn() => $this->workerPid(0) > 0, 'worker 0');
        $this->assertStringStartsWith('php', trim((string)file_get_contents("/proc/$master/comm")));
        $this->assertStringNotContainsString('worker', (string)file_get_contents('/proc/' . $this->workerPid(0) . '/cmdline'));
        $this->stopAndCheck($master);
    }

    public function testJsonRecordsNameTheWorker(): void
    {
        $master = $this->startLooper(['appMinUptime' => 0, 'logFormat' => 'json']);
        $this->waitFor(fn() => $this->workerPid(0) > 0 && $this->workerPid(1) > 0, 'both workers');
        touch($this->dir . '/stop1');
        $this->waitFor(fn() => !file_exists($this->dir . '/stop1'), 'worker 1 to stop');
        $this->stopAndCheck($master);
        $workers = [];
        $masterLines = 0;
        foreach (file($this->dir . '/daemon.log', FILE_IGNORE_NEW_LINES) as $line) {
            $r = json_decode($line, true);
            $this->assertIsArray($r, $line);
            if (array_key_exists('worker', $r)) {
                $workers[$r['worker']] = true;
            } elseif (str_contains($line, 'Worker 1 started')) {
                $masterLines++;
            }
        }
        // each worker's "Stopping" line is its own; the master's lines carry no worker key
        ksort($workers);
        $this->assertSame([0, 1], array_keys($workers));
        $this->assertGreaterThan(0, $masterLines);
    }

    /** A server whose code has a version: the port it took first is the one it asks for again. */
    private const VERSIONED = <<<'PHP'
$port = (int)@file_get_contents('{DIR}/port');
$server = stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr) or exit(91);
if (!$port) {
    $name = stream_socket_get_name($server, false);
    file_put_contents('{DIR}/port', substr($name, strrpos($name, ':') + 1));
}
{BEFORE}
System_Daemon::start();
$id = System_Daemon::workerId();
while (!System_Daemon::isDying()) {
    $c = @stream_socket_accept($server, 1);
    if ($c) {
        fwrite($c, "{VERSION} $id " . getmypid() . "\n");
        fclose($c);
    }
}
PHP;

    private function versioned(string $version, array $options, string $before = ''): string
    {
        $body = str_replace(['{VERSION}', '{BEFORE}'], [$version, $before], self::VERSIONED);
        return $this->script('server.php', $body, $options + ['appWorkers' => 4, 'appStopGraceSec' => 3, 'appMinUptime' => 10]);
    }

    /** "version id pid" from one connection, or null when it failed. */
    private function askVersion(): ?array
    {
        $line = $this->reply();
        return $line !== null && preg_match('/^([A-Z]) (\d+) (\d+)$/', $line, $m) ? [$m[1], (int)$m[2], (int)$m[3]] : null;
    }

    private function startVersioned(array $options): int
    {
        $master = $this->launch($this->versioned('A', $options));
        $this->waitFor(fn() => count($this->children($master)) === 4, 'four workers');
        return $master;
    }

    /** @return array<string, array{0: array}> */
    public static function identities(): array
    {
        return ['as root' => [[]], 'dropped to nobody' => [['appRunAsUID' => 65534, 'appRunAsGID' => 65534]]];
    }

    /** @dataProvider identities */
    #[\PHPUnit\Framework\Attributes\DataProvider('identities')]
    public function testUsr2RunsTheNewCodeInTheSameProcessWithoutARefusedConnection(array $identity): void
    {
        $master = $this->startVersioned($identity);
        $old = $this->children($master);
        $failed = 0;
        $versions = [];
        for ($i = 0; $i < 400; $i++) {
            if ($i === 20) {
                $this->versioned('B', $identity);
                $this->signal($master, 'USR2');
            }
            $r = $this->askVersion();
            if ($r === null) {
                $failed++;
            } else {
                $versions[$r[0]] = ($versions[$r[0]] ?? 0) + 1;
            }
        }
        $this->assertSame(0, $failed, 'connections failed during the upgrade');
        $this->assertArrayHasKey('A', $versions);
        $this->waitFor(fn() => array_filter($old, fn($p) => $this->alive($p)) === [], 'the old workers to end', 10.0);
        $seen = [];
        $this->waitFor(function () use (&$seen, $old) {
            $r = $this->askVersion();
            $this->assertNotNull($r);
            $this->assertSame('B', $r[0], 'only the new code answers once the old workers ended');
            $this->assertNotContains($r[2], $old);
            $seen[$r[1]] = true;
            return count($seen) === 4;
        }, 'workers 0..3 of the new code', 10.0);
        $this->assertSame($master, $this->daemonPid($this->dir . '/run/daemon.pid'), 'the same master, the same pid file');
        $this->assertCount(4, $this->children($master));
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString("Received SIGUSR2: executing the script anew in this process (pid $master)", $log);
        $this->assertStringContainsString("Listening on 127.0.0.1:{$this->port}: the socket of the code before", $log);
        $this->assertStringContainsString('Took over 4 workers of the previous code', $log);
        $this->assertSame(4, preg_match_all('/runs: its predecessor \(pid \d+\) is told to stop/', $log));
        if ($identity) {
            $uid = (int)preg_split('/\s+/', $this->procStatus($master)['Uid'])[0];
            $this->assertSame(65534, $uid, 'the new image runs as the daemon user');
        }
        $this->stopAndCheck($master, $identity !== []);
    }

    public function testUsr2KeepsTheOldCodeWhenTheNewOneDoesNotCompile(): void
    {
        $master = $this->startVersioned([]);
        $old = $this->children($master);
        file_put_contents($this->dir . '/server.php', "<?php\nthis is not PHP;\n");
        $this->signal($master, 'USR2');
        $this->waitFor(fn() => str_contains(file_get_contents($this->dir . '/daemon.log'), 'does not compile'), 'the refusal');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertMatchesRegularExpression('/SIGUSR2: the workers go on with the code they run: the script does not compile \(php -l\): .*syntax error/', $log);
        for ($i = 0; $i < 20; $i++) {
            $r = $this->askVersion();
            $this->assertNotNull($r, 'the old code still serves');
            $this->assertSame('A', $r[0]);
        }
        $this->assertEqualsCanonicalizing($old, $this->children($master), 'the same workers');
        $this->stopAndCheck($master);
    }

    public function testOldWorkersEndWhenTheNewCodeDiesBeforeStart(): void
    {
        $master = $this->startVersioned([]);
        $old = $this->children($master);
        $this->versioned('B', [], 'exit(7);');
        $this->signal($master, 'USR2');
        // Nobody would stop them: they end with their master, gracefully.
        $this->waitFor(fn() => array_filter(array_merge([$master], $old), fn($p) => $this->alive($p)) === [],
            'the master and its old workers to end', 5.0);
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertSame(4, substr_count($log, 'Stopping sdtest'), 'each old worker stopped gracefully');
    }

    public function testATermDuringTheUpgradeStopsThePool(): void
    {
        $master = $this->startVersioned([]);
        $old = $this->children($master);
        // The new code takes a while before start(): the TERM comes while it runs.
        $this->versioned('B', [], "touch('{DIR}/new-image'); usleep(400000);");
        $this->signal($master, 'USR2');
        $this->waitFor(fn() => is_file($this->dir . '/new-image'), 'the new image to run');
        $this->signal($master, 'TERM');
        $this->waitFor(fn() => array_filter(array_merge([$master], $old), fn($p) => $this->alive($p)) === [],
            'the master and its old workers to end', 5.0);
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('A stop signal came before the pool started: not starting any worker', $log);
        $this->assertStringContainsString('Stopped: every worker has ended', $log);
        $this->assertStringNotContainsString('Worker 0 started (pid', substr($log, strpos($log, 'executing the script anew')));
    }

    public function testUsr2WithFewerWorkersStopsTheSurplus(): void
    {
        $master = $this->startVersioned([]);
        $old = $this->children($master);
        $this->versioned('B', ['appWorkers' => 2]);
        $this->signal($master, 'USR2');
        // The last predecessor is told to stop once its replacement runs: it may still
        // answer one client then, so the checks wait for every old worker to end.
        $this->waitFor(fn() => str_contains(file_get_contents($this->dir . '/daemon.log'), 'All 2 workers are running')
            && array_filter($old, fn($p) => $this->alive($p)) === [], 'the new workers alone', 10.0);
        $this->assertCount(2, $this->children($master));
        // Which worker wins an accept is the scheduler's: ask until both ids answered.
        $ids = [];
        $this->waitFor(function () use (&$ids) {
            $r = $this->askVersion();
            $this->assertNotNull($r);
            $this->assertSame('B', $r[0]);
            $ids[$r[1]] = true;
            return count($ids) === 2;
        }, 'workers 0 and 1 of the new code', 10.0);
        ksort($ids);
        $this->assertSame([0, 1], array_keys($ids));
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertSame(2, preg_match_all('/Worker [23] \(pid \d+\) of the previous code: appWorkers is 2 now, so it is told to stop/', $log));
        $this->stopAndCheck($master);
    }

    public function testUsr2ToCodeWithoutWorkersMakesTheMasterTheDaemon(): void
    {
        $master = $this->startVersioned([]);
        $old = $this->children($master);
        $this->versioned('B', ['appWorkers' => 0]);
        $this->signal($master, 'USR2');
        $this->waitFor(fn() => array_filter($old, fn($p) => $this->alive($p)) === [], 'the old workers to end', 10.0);
        $r = $this->askVersion();
        $this->assertSame(['B', 0, $master], $r, 'the master itself serves the new code');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('The new code has no appWorkers: the 4 workers of the code before are told to stop', $log);
        $this->assertSame($master, $this->daemonPid($this->dir . '/run/daemon.pid'));
        $this->signal($master, 'TERM');
        $this->waitFor(fn() => !$this->alive($master), 'the daemon to stop', 5.0);
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');
    }

    public function testUsr2KeepsTheSocketsBlockingModeForTheOldWorkers(): void
    {
        // The old code serves from a non-blocking socket; the flag is the socket's, and
        // its old workers go on with it while the new code starts.
        $master = $this->launch($this->versioned('A', [], 'stream_set_blocking($server, false);'));
        $this->versioned('B', [], "file_put_contents('{DIR}/blocked', json_encode(stream_get_meta_data(\$server)['blocked']));");
        $this->signal($master, 'USR2');
        $this->waitFor(fn() => is_file($this->dir . '/blocked'), 'the new code to open its server');
        $this->assertSame('false', file_get_contents($this->dir . '/blocked'), 'the stream says what the socket is');
        $this->waitFor(fn() => ($r = $this->askVersion()) !== null && $r[0] === 'B', 'the new code to answer', 10.0);
        $this->stopAndCheck($master);
    }
}
