<?php

/**
 * What restart() keeps: the environment as the script left it (putenv() included) and
 * exactly the first image's command line.
 */
final class RestartKeepsTest extends DaemonTestCase
{
    /** @return array<int, array{0:int,1:string[]}> generation => [GEN seen, command line words] */
    private function generations(int $n): array
    {
        $file = $this->dir . '/gen.log';
        $this->waitFor(function () use ($file, $n) {
            return count(@file($file) ?: []) >= $n;
        }, "$n generations", 20.0);
        return array_map(function ($l) { return json_decode($l, true); }, file($file, FILE_IGNORE_NEW_LINES));
    }

    private function stopDaemon(): void
    {
        touch($this->dir . '/quit');
        $pid = $this->pidOf($this->dir . '/run/daemon.pid');
        $this->waitFor(function () use ($pid) { return $pid === 0 || !$this->alive($pid); }, 'the daemon to stop');
    }

    public function testNewImageSeesPutenvAndTheSameCommandLine(): void
    {
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
$gen = (int)getenv('GEN');
$words = explode("\0", rtrim(file_get_contents('/proc/self/cmdline'), "\0"));
file_put_contents('{DIR}/gen.log', json_encode([$gen, $words]) . "\n", FILE_APPEND);
if ($gen < 3) {
    putenv('GEN=' . ($gen + 1));
    System_Daemon::restart();
}
while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { System_Daemon::iterate(0.05); clearstatcache(); }
PHP
        );
        $cmd = escapeshellarg(PHP_BINARY) . ' -d precision=11 ' . escapeshellarg($script) . ' one two';
        [$code, , $err] = $this->sh($cmd);
        $this->assertSame(0, $code, $err);
        $gens = $this->generations(4);
        $this->stopDaemon();
        $this->assertSame([0, 1, 2, 3], array_column(array_slice($gens, 0, 4), 0), 'each image sees the GEN the last one put');
        $first = $gens[0][1];
        $this->assertContains('precision=11', $first);
        foreach ($gens as $i => [, $words]) {
            $this->assertSame($first, $words, "generation $i runs exactly the first command line");
        }
    }

    private function restartLoop(string $extra, array $options, int $n): array
    {
        $script = $this->script('d.php', <<<PHP
System_Daemon::start();
\$gen = (int)getenv('GEN');
file_put_contents('{DIR}/gen.log', json_encode([\$gen, hrtime(true) / 1e9]) . "\\n", FILE_APPEND);
$extra
if (\$gen < $n - 1) {
    putenv('GEN=' . (\$gen + 1));
    System_Daemon::restart();
}
while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { System_Daemon::iterate(0.05); clearstatcache(); }
PHP, $options);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $gens = $this->generations($n);
        $this->stopDaemon();
        return $gens;
    }

    public function testRestartLoopWaitsDoublingFromATenthOfASecond(): void
    {
        $gens = $this->restartLoop('', ['appMinUptime' => 10], 5);
        $log = (string)file_get_contents($this->dir . '/daemon.log');
        foreach (['0.1', '0.2', '0.4', '0.8'] as $i => $wait) {
            $this->assertStringContainsString("appMinUptime 10 s): waiting $wait s first", $log);
            // hrtime() is CLOCK_MONOTONIC, the same in every image; generous below, no upper bound.
            $gap = $gens[$i + 1][1] - $gens[$i][1];
            $this->assertGreaterThanOrEqual((float)$wait * 0.9, $gap, "restart $i waited $wait s");
        }
        $this->assertSame(4, substr_count($log, 'Restarting too fast'));
    }

    public function testHealthyPeriodResetsTheWait(): void
    {
        // The second image runs longer than appMinUptime before it restarts.
        $this->restartLoop('if ($gen === 1) { usleep(1300000); }', ['appMinUptime' => 1], 4);
        $log = (string)file_get_contents($this->dir . '/daemon.log');
        $this->assertSame(2, substr_count($log, 'waiting 0.1 s first'), $log);
        $this->assertStringNotContainsString('waiting 0.2 s', $log);
        $this->assertStringNotContainsString('SYSTEM_DAEMON_RESTART_STATE', (string)file_get_contents($this->dir . '/gen.log'));
    }

    public function testRestartAfterDroppingPrivilegesKeepsThePidFile(): void
    {
        if (posix_geteuid() !== 0) {
            $this->markTestSkipped('needs root, to drop privileges');
        }
        // The pid file in a directory only root may write: the new image, running as
        // nobody, could not create it again.
        mkdir($this->dir . '/run', 0755);
        mkdir($this->dir . '/w', 0777);
        chmod($this->dir . '/w', 0777);
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
$gen = (int)getenv('GEN');
file_put_contents('{DIR}/w/gen.log', json_encode([$gen, getmypid(), posix_geteuid()]) . "\n", FILE_APPEND);
if ($gen < 1) {
    putenv('GEN=1');
    System_Daemon::restart();
}
file_put_contents('{DIR}/w/env', getenv('SYSTEM_DAEMON_PIDFILE_FD') === false ? 'clean' : 'leaked');
while (!System_Daemon::isDying() && !is_file('{DIR}/w/quit')) { System_Daemon::iterate(0.05); clearstatcache(); }
PHP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534, 'logLocation' => $this->dir . '/w/daemon.log']);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $file = $this->dir . '/w/gen.log';
        $this->waitFor(function () use ($file) { return count(@file($file) ?: []) >= 2; }, 'the restarted image', 10.0);
        $second = json_decode(file($file)[1], true);
        $this->assertSame(65534, $second[2]);
        $pidFile = $this->dir . '/run/daemon.pid';
        $this->assertSame($second[1], $this->pidOf($pidFile), 'the pid file names the new image: ' . @file_get_contents($this->dir . '/w/daemon.log'));
        $this->assertSame(0, fileowner($pidFile), 'still the file root created');
        System_Daemon::setOption('appPidLocation', $pidFile);
        $this->assertTrue(System_Daemon::isRunning(), 'and its lock is held');
        $this->waitFor(function () { return is_file($this->dir . '/w/env'); }, 'the environment check');
        $this->assertSame('clean', file_get_contents($this->dir . '/w/env'));
        touch($this->dir . '/w/quit');
        $this->waitFor(function () use ($second) { return !$this->alive($second[1]); }, 'the daemon to stop');
    }

    public function testRestartThatCannotProceedSaysWhyInTheLog(): void
    {
        $script = $this->script('d.php', <<<'PHP'
System_Daemon::start();
System_Daemon::isDying();
unlink(__FILE__);   // nothing to execute any more
System_Daemon::restart();
PHP);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () {
            return str_contains((string)@file_get_contents($this->dir . '/daemon.log'), 'Cannot restart sdtest');
        }, 'the reason in the log', 10.0);
        $this->assertMatchesRegularExpression('/err: Cannot restart sdtest: cannot read the script .*d\.php/',
            (string)file_get_contents($this->dir . '/daemon.log'));
    }
}
