<?php

/**
 * Startup files with the real tools: the Debian init script that writeAutoRun()
 * generates, driven by Debian's start-stop-daemon and lsb-base's init-functions against
 * a real PHP daemon; the systemd unit checked by systemd-analyze verify.
 */
final class InitScriptTest extends DaemonTestCase
{
    /** @var resource|null */
    private $reaper;
    /** @var array */
    private $reaperPipes = [];

    protected function tearDown(): void
    {
        if ($this->reaper) {
            fclose($this->reaperPipes[0]);
            fclose($this->reaperPipes[1]);
            proc_close($this->reaper);
            $this->reaper = null;
        }
        parent::tearDown();
    }

    /** Starts helpers/reaper.c, compiled for this test: commands run under a subreaper. */
    private function startReaper(): void
    {
        foreach (['cc', 'start-stop-daemon'] as $tool) {
            if (trim((string)shell_exec('command -v ' . $tool)) === '') {
                $this->markTestSkipped("$tool is not installed");
            }
        }
        if (!is_file('/lib/lsb/init-functions')) {
            $this->markTestSkipped('lsb-base (/lib/lsb/init-functions) is not installed');
        }
        $bin = $this->dir . '/reaper';
        [$code, , $err] = $this->sh('cc -Wall -Wextra -o ' . escapeshellarg($bin) . ' ' . escapeshellarg(__DIR__ . '/helpers/reaper.c'));
        $this->assertSame(0, $code, "cannot build the reaper: $err");
        $this->reaper = proc_open([$bin], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $this->dir . '/reaper.err', 'w']], $this->reaperPipes);
        $this->assertIsResource($this->reaper);
        stream_set_timeout($this->reaperPipes[1], 90);
    }

    /** Runs one command under the reaper. @return array{0:int,1:string,2:string} */
    private function run_(string $cmd): array
    {
        $out = $this->dir . '/.cmd.out';
        $err = $this->dir . '/.cmd.err';
        fwrite($this->reaperPipes[0], "$cmd >" . escapeshellarg($out) . ' 2>' . escapeshellarg($err) . "\n");
        $line = fgets($this->reaperPipes[1]);
        $this->assertNotFalse($line, "no exit status for: $cmd");
        return [(int)$line, (string)@file_get_contents($out), (string)@file_get_contents($err)];
    }

    private function signalsAvailable(): bool
    {
        [, $out] = $this->sh(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg('try { System_Daemon::setSigHandler(1, "strlen"); echo "yes"; } catch (Throwable $e) { echo "no"; }'));
        return trim($out) === 'yes';
    }

    /**
     * The daemon and its init script, written by writeAutoRun() into the test directory
     * by a PHP run with $phpFlags; $exe replaces sdinit.php as appExecutable.
     */
    private function writeInitScript(string $body, string $phpFlags = '', string $exe = 'sdinit.php'): array
    {
        $script = $this->script('sdinit.php', $body, ['appName' => 'sdinit', 'appPidLocation' => $this->dir . '/run/sdinit.pid']);
        chmod($script, 0755);  // the original refuses a daemon that is not executable
        // The Debian driver whatever the host is: this test is about the LSB script.
        $writer = $this->script('writer.php', "\$os = System_Daemon_OS::factory('Debian');\n"
            . "var_dump(\$os->writeAutoRun(System_Daemon::getOptions()), \$os->errors);", [
            'appName' => 'sdinit', 'appExecutable' => $exe, 'appDescription' => 'System_Daemon init test',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org', 'appPidLocation' => $this->dir . '/run/sdinit.pid',
            'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'initd',
        ]);
        [$code, $out, $err] = $this->sh(escapeshellarg(PHP_BINARY) . " $phpFlags " . escapeshellarg($writer));
        $this->assertSame(0, $code, $out . $err);
        $init = $this->dir . '/sdinit';
        $this->assertStringContainsString('string(' . strlen($init) . ') "' . $init . '"', $out);
        $this->assertSame('755', sprintf('%o', fileperms($init) & 0777));
        return [$init, $this->dir . '/run/sdinit.pid'];
    }

    private const LOOP = "System_Daemon::start();\n"
        . "file_put_contents('{DIR}/started', getmypid() . \"\\n\", FILE_APPEND);\n"
        . "while (!System_Daemon::isDying()) { usleep(20000); }\n"
        . "System_Daemon::stop();\n";

    public function testDebianInitScriptStartStatusStopWithStartStopDaemon(): void
    {
        $this->startReaper();
        [$init, $pidFile] = $this->writeInitScript(self::LOOP);

        [$code, $out, $err] = $this->run_("$init status");
        $this->assertSame(3, $code, "status before start: $out $err");

        [$code, $out, $err] = $this->run_("$init start");
        $this->assertSame(0, $code, "start: $out $err");
        $pid = $this->pidOf($pidFile);
        $this->assertGreaterThan(1, $pid);
        $this->assertTrue($this->alive($pid));
        // The daemon writes this just after start() returned in it, which is after it
        // reported ready: it may come a moment after the init script returned.
        $this->waitFor(function () { clearstatcache(); return is_file($this->dir . '/started'); }, 'the daemon to go on after start()');
        $this->assertSame("$pid\n", file_get_contents($this->dir . '/started'));
        $this->assertSame(PHP_BINARY, readlink("/proc/$pid/exe"));
        $this->assertSame(getmypid(), $this->reaperParentCheck($pid));

        [$code, $out] = $this->run_("$init status");
        $this->assertSame(0, $code, "status while running: $out");
        $this->assertStringContainsString('sdinit is running', $out);

        // A second start finds it by its pid file and starts nothing.
        [$code, $out, $err] = $this->run_("$init start");
        $this->assertSame(0, $code, "second start: $out $err");
        $this->assertSame("$pid\n", file_get_contents($this->dir . '/started'));

        [$code, $out, $err] = $this->run_("$init stop");
        $this->assertSame(0, $code, "stop: $out $err");
        $this->assertFalse(file_exists("/proc/$pid"), 'the daemon is gone (reaped, not a zombie)');
        $this->assertFileDoesNotExist($pidFile);
        $this->assertSame([], $this->processesMentioning($this->dir . '/sdinit.php'));

        [$code, $out] = $this->run_("$init status");
        $this->assertSame(3, $code, "status after stop: $out");
        $this->assertStringContainsString('sdinit is not running', $out);

        // stopping a stopped service is fine (LSB), and restart starts it again
        [$code] = $this->run_("$init stop");
        $this->assertSame(0, $code);
        [$code, $out, $err] = $this->run_("$init restart");
        $this->assertSame(0, $code, "restart: $out $err");
        $pid2 = $this->pidOf($pidFile);
        $this->assertNotSame($pid, $pid2);
        $this->assertTrue($this->alive($pid2));
        [$code] = $this->run_("$init stop");
        $this->assertSame(0, $code);
        $this->assertFalse(file_exists("/proc/$pid2"));
    }

    /** The daemon's parent is the reaper (a child of this test), so it gets reaped. */
    private function reaperParentCheck(int $pid): int
    {
        $stat = file_get_contents("/proc/$pid/stat");
        $ppid = (int)explode(' ', substr($stat, strrpos($stat, ')') + 2))[1];
        $pstat = file_get_contents("/proc/$ppid/stat");
        return (int)explode(' ', substr($pstat, strrpos($pstat, ')') + 2))[1];
    }

    public function testDebianInitScriptReportsAFailedStart(): void
    {
        $this->startReaper();
        [$init] = $this->writeInitScript("System_Daemon::setOption('appPidLocation', '/proc/nope/x.pid');\n" . self::LOOP);
        [$code, $out, $err] = $this->run_("$init start");
        $this->assertNotSame(0, $code, "start of a daemon that cannot write its pid file: $out");
        $this->assertStringContainsString('/proc/nope', $err);
        [$code] = $this->run_("$init status");
        $this->assertSame(3, $code);
    }

    public function testDebianInitScriptReloadSendsHup(): void
    {
        if (!$this->signalsAvailable()) {
            $this->markTestSkipped('System_Daemon::setSigHandler() is not implemented on this branch yet');
        }
        $this->startReaper();
        [$init, $pidFile] = $this->writeInitScript(
            "System_Daemon::setSigHandler(1, function () { file_put_contents('{DIR}/hup', 'x', FILE_APPEND); });\n" . self::LOOP);
        [$code, $out, $err] = $this->run_("$init start");
        $this->assertSame(0, $code, "start: $out $err");
        $pid = $this->pidOf($pidFile);
        [$code, $out, $err] = $this->run_("$init reload");
        $this->assertSame(0, $code, "reload: $out $err");
        $this->waitFor(function () { clearstatcache(); return is_file($this->dir . '/hup'); }, 'the HUP handler');
        $this->assertTrue($this->alive($pid), 'a reload does not stop the daemon');
        [$code] = $this->run_("$init status");
        $this->assertSame(0, $code);
        [$code] = $this->run_("$init stop");
        $this->assertSame(0, $code);
        $this->assertFalse(file_exists("/proc/$pid"));
    }

    public function testDebianInitScriptActsOnlyOnARootOwnedPidFileWithOnePid(): void
    {
        $this->startReaper();
        [$init, $pidFile] = $this->writeInitScript(self::LOOP);
        // The victim leads its own process group: "-pid" in the pid file reaches it.
        $vp = proc_open(['setsid', 'sleep', '60'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        $victim = proc_get_status($vp)['pid'];
        try {
            $this->waitFor(function () use ($victim) { return @readlink("/proc/$victim/exe") !== PHP_BINARY && strpos((string)@file_get_contents("/proc/$victim/cmdline"), 'sleep') === 0; }, 'the victim');
            @mkdir(dirname($pidFile), 0755);
            // The last: root's own file, into which the daemon wrote the victim's pid
            // through the descriptor it keeps; the victim does not hold the file open.
            foreach ([["-$victim\n", 0], ["$victim $victim\n", 0], ["0$victim\n", 0], ["$victim\n", 65534], ["$victim\n", 0]] as [$content, $owner]) {
                foreach (['reload', 'stop'] as $action) {
                    @unlink($pidFile);
                    file_put_contents($pidFile, $content);
                    chown($pidFile, $owner);
                    [$code, $out, $err] = $this->run_("$init $action");
                    usleep(50000);
                    $this->assertTrue($this->alive($victim), "$action through a pid file holding '$content' owned by $owner signalled the victim: $out $err");
                    if ($owner !== 0) {
                        $this->assertNotSame(0, $code, "$action must fail on someone else's pid file");
                        $this->assertSame($content, file_get_contents($pidFile), 'left alone');
                    }
                }
            }
        } finally {
            proc_terminate($vp, 9);
            proc_close($vp);
        }
    }

    public function testUnitWrittenByRootStartsAsItsUserWithAFreshLog(): void
    {
        // writeAutoRun() as root logs "Startup written to ..." and so creates the log;
        // the unit's User= daemon must still be able to open it. systemd is not run
        // here: its ExecStart= is run as the User=, as systemd would.
        mkdir($this->dir . '/logs', 0755);       // root's, as /var/log
        mkdir($this->dir . '/nrun', 0755);       // as RuntimeDirectory= makes it
        chown($this->dir . '/nrun', 65534);
        $opts = ['appName' => 'sdunit7', 'appExecutable' => 'u.php', 'appDescription' => 'unit test',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org',
            'logLocation' => $this->dir . '/logs/sdunit7.log', 'appPidLocation' => $this->dir . '/nrun/sdunit7.pid',
            'appRunAsUID' => 65534, 'appRunAsGID' => 65534, 'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'systemd'];
        $script = $this->script('u.php', self::LOOP, $opts);
        chmod($script, 0755);
        $writer = $this->script('writer.php', "var_dump(System_Daemon::writeAutoRun());", $opts);
        [$code, $out, $err] = $this->sh($this->php($writer));
        $this->assertSame(0, $code, $out . $err);
        $unit = (string)file_get_contents($this->dir . '/sdunit7.service');
        $this->assertStringContainsString("\nUser=nobody\n", $unit);
        $this->assertSame(1, preg_match('/^ExecStart=(.*)$/m', $unit, $m), $unit);
        clearstatcache();
        $this->assertStringContainsString('Startup written to', (string)file_get_contents($this->dir . '/logs/sdunit7.log'));

        $ini = getenv('PHP_INI_SCAN_DIR');
        [$code, $out, $err] = $this->sh('setpriv --reuid=65534 --regid=65534 --clear-groups env PHP_INI_SCAN_DIR='
            . escapeshellarg((string)$ini) . ' ' . $m[1]);
        $this->assertSame(0, $code, "the User= daemon cannot start: $out $err");
        $pid = $this->pidOf($this->dir . '/nrun/sdunit7.pid');
        $this->assertGreaterThan(1, $pid);
        $this->assertTrue($this->alive($pid));
        $this->assertSame("65534\t65534\t65534\t65534", $this->procStatus($pid)['Uid']);
        $this->assertStringContainsString('Starting sdunit7 daemon', (string)file_get_contents($this->dir . '/logs/sdunit7.log'));
        exec("kill -TERM $pid");
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
    }

    public function testCustomTemplateRefusesValuesThatWouldChangeTheScript(): void
    {
        // The original's own template quotes with DESC="@desc@"; a value is put in as
        // it is, so a description could run commands when root sources the script.
        $tpl = $this->dir . '/my.tpl';
        file_put_contents($tpl, '#!/bin/sh' . "\n" . 'NAME=@name@' . "\n" . 'DESC="@desc@"' . "\n" . 'echo "$NAME: $DESC"' . "\n");
        $pwned = $this->dir . '/pwned';
        $props = ['appName' => 'tpl', 'appExecutable' => 'tpl.php', 'appDir' => $this->dir, 'authorName' => 'Bob',
            'authorEmail' => 'bob@example.org', 'appPidLocation' => $this->dir . '/run/tpl.pid', 'appChkConfig' => '- 99 0',
            'runTemplateLocation' => $tpl];
        $check = $this->script('check.php', '$os = System_Daemon_OS::factory("Debian");' . "\n"
            . '$props = json_decode(file_get_contents("{DIR}/props.json"), true);' . "\n"
            . '$s = $os->getAutoRunScript($props);' . "\n"
            . 'if ($s !== false) { file_put_contents("{DIR}/rendered.sh", $s); }' . "\n"
            . 'echo json_encode([$s !== false, end($os->errors)]);');
        $values = ['x $(touch ' . $pwned . ')', 'x `touch ' . $pwned . '`', 'x"; touch ' . $pwned . '; "', "x\ntouch $pwned",
            'x\\', "x\0y"];
        foreach ($values as $v) {
            @unlink($this->dir . '/rendered.sh');
            file_put_contents($this->dir . '/props.json', json_encode(['appDescription' => $v] + $props));
            [$code, $out, $err] = $this->sh($this->php($check));
            $this->assertSame(0, $code, $err);
            if (is_file($this->dir . '/rendered.sh')) {
                $this->sh('sh ' . escapeshellarg($this->dir . '/rendered.sh'));
            }
            $this->assertFileDoesNotExist($pwned, 'the description ran a command: ' . json_encode($v));
            [$rendered, $error] = json_decode($out, true);
            $this->assertFalse($rendered, 'refused: ' . json_encode($v));
            $this->assertStringStartsWith('Option appDescription: ', $error);
            $this->assertStringContainsString('runTemplateLocation', $error);
        }
        // Other options are refused by name as well.
        file_put_contents($this->dir . '/props.json', json_encode(['appDescription' => 'fine', 'appName' => 'a$b'] + $props));
        [, $out] = $this->sh($this->php($check));
        $this->assertStringStartsWith('Option appName: ', json_decode($out, true)[1]);
        // A harmless value renders, and the built-in template keeps taking any value as one word.
        file_put_contents($this->dir . '/props.json', json_encode(['appDescription' => "Bob's daemon"] + $props));
        [, $out] = $this->sh($this->php($check));
        $this->assertTrue(json_decode($out, true)[0]);
        $this->assertStringContainsString("DESC=\"Bob's daemon\"", file_get_contents($this->dir . '/rendered.sh'));
        unset($props['runTemplateLocation']);
        file_put_contents($this->dir . '/props.json', json_encode(['appDescription' => 'x $(touch ' . $pwned . ')'] + $props));
        [, $out] = $this->sh($this->php($check));
        $this->assertTrue(json_decode($out, true)[0]);
        $this->assertStringContainsString("\nDESC='x $(touch $pwned)'\n", file_get_contents($this->dir . '/rendered.sh'));
    }

    public function testSystemdUnitPassesSystemdAnalyzeVerify(): void
    {
        if (trim((string)shell_exec('command -v systemd-analyze')) === '') {
            $this->markTestSkipped('systemd-analyze is not installed');
        }
        $script = $this->script('sdunit.php', self::LOOP);
        chmod($script, 0755);
        $writer = $this->script('writer.php', "var_dump(System_Daemon::writeAutoRun());", [
            'appName' => 'sdunit', 'appExecutable' => 'sdunit.php', 'appDescription' => 'System_Daemon unit test 100%',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org', 'appPidLocation' => '/var/run/sdunit/sdunit.pid',
            'appRunAsUID' => 1, 'appRunAsGID' => 1, 'runWatchdogSec' => 20, 'runLogrotate' => true,
            'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'systemd',
        ]);
        [$code, $out, $err] = $this->sh($this->php($writer));
        $this->assertSame(0, $code, $out . $err);
        $unit = $this->dir . '/sdunit.service';
        $this->assertFileExists($unit, $out);
        $text = file_get_contents($unit);
        foreach (['Type=notify', 'ExecStart=' . PHP_BINARY . ' ' . $script, 'RuntimeDirectory=sdunit', 'User=daemon',
                  'Group=daemon', 'Restart=on-failure', 'ExecReload=/bin/sh -c "kill -HUP $$MAINPID"', 'WatchdogSec=20'] as $line) {
            $this->assertStringContainsString("\n$line\n", $text);
        }
        $this->assertStringNotContainsString('PIDFile=', $text, 'systemd would adopt another instance from the pid file');
        $this->assertSame('644', sprintf('%o', fileperms($unit) & 0777), 'systemd warns about executable unit files');
        // The unit names its main process: no pid file in User='s RuntimeDirectory= is read.
        $rotate = file_get_contents($this->dir . '/sdunit.logrotate');
        $this->assertStringContainsString("\tsystemctl reload -- sdunit.service ", $rotate);
        $this->assertStringNotContainsString('.pid', $rotate);

        [$code, $out, $err] = $this->sh('SYSTEMD_LOG_LEVEL=notice systemd-analyze verify ' . escapeshellarg($unit), 60);
        $ours = array_filter(explode("\n", $out . $err), function ($l) {
            return stripos($l, 'sdunit') !== false;
        });
        $this->assertSame(0, $code, "systemd-analyze verify failed:\n$out$err");
        $this->assertSame([], array_values($ours), "systemd-analyze verify complains:\n$out$err");
    }

    /** The unit writeAutoRun() writes for $options, and what it printed. @return array{0:string,1:string} */
    private function writeUnit(array $options, string $phpFlags = ''): array
    {
        $script = $this->script('sdsec.php', self::LOOP);
        chmod($script, 0755);
        $writer = $this->script('writer.php', "var_dump(System_Daemon::writeAutoRun(true));", $options + [
            'appName' => 'sdsec', 'appExecutable' => 'sdsec.php', 'appDescription' => 'System_Daemon unit test',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org', 'appPidLocation' => '/var/run/sdsec/sdsec.pid',
            'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'systemd',
        ]);
        [$code, $out, $err] = $this->sh(escapeshellarg(PHP_BINARY) . " $phpFlags " . escapeshellarg($writer));
        $this->assertSame(0, $code, $out . $err);
        $unit = $this->dir . '/sdsec.service';
        $this->assertFileExists($unit, $out . $err);
        return [$unit, $out . $err];
    }

    /** systemd-analyze security's overall exposure for a unit file (0 best, 10 worst). */
    private function exposure(string $unit): float
    {
        [$code, $out, $err] = $this->sh('systemd-analyze security --offline=true --no-pager ' . escapeshellarg($unit), 60);
        $this->assertMatchesRegularExpression('/Overall exposure level for [^:]+: (\d+\.\d)/', $out . $err,
            "systemd-analyze security (exit $code):\n$out$err");
        preg_match('/Overall exposure level for [^:]+: (\d+\.\d)/', $out . $err, $m);
        return (float)$m[1];
    }

    public function testSystemdUnitIsHardenedToTwoOrBelow(): void
    {
        [$code, $out] = $this->sh('systemd-analyze security --help');
        if ($code !== 0 || strpos($out, '--offline') === false) {
            $this->markTestSkipped('systemd-analyze security --offline is not available');
        }
        foreach ([['appRunAsUID' => 0, 'appRunAsGID' => 0], ['appRunAsUID' => 1, 'appRunAsGID' => 1]] as $ids) {
            [$unit] = $this->writeUnit($ids + ['runWatchdogSec' => 10]);
            $score = $this->exposure($unit);
            $this->assertLessThanOrEqual(2.0, $score, "exposure $score for " . json_encode($ids) . ":\n" . file_get_contents($unit));
            $text = file_get_contents($unit);
            $this->assertStringContainsString("\nReadWritePaths=-/run/sdsec -" . $this->dir . "\n", $text,
                'the pid and log directories stay writable under ProtectSystem=strict');
            $this->assertStringNotContainsString('MemoryDenyWriteExecute', $text, "PHP's PCRE JIT needs W+X memory");
        }
    }

    public function testSystemdUnitAsNobodyWarns(): void
    {
        [, $out] = $this->writeUnit(['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        $this->assertStringContainsString('User=nobody unsafe', $out);
        $this->assertStringContainsString('useradd --system', $out);
        [, $out] = $this->writeUnit(['appRunAsUID' => 1, 'appRunAsGID' => 1]);
        $this->assertStringNotContainsString('nobody', $out);
    }

    private const PRECISION = "System_Daemon::start();\n"
        . "file_put_contents('{DIR}/precision', ini_get('precision'));\n"
        . "while (!System_Daemon::isDying()) { usleep(20000); }\n"
        . "System_Daemon::stop();\n";

    public function testStartupFilesRunPhpWithTheWritersSettings(): void
    {
        $this->startReaper();
        [$init, $pidFile] = $this->writeInitScript(self::PRECISION, '-d precision=11');
        [$code, $out, $err] = $this->run_("$init start");
        $this->assertSame(0, $code, "start: $out $err");
        $this->assertSame('11', file_get_contents($this->dir . '/precision'), 'the -d of the PHP that wrote the script');
        $pid = $this->pidOf($pidFile);
        [$code] = $this->run_("$init stop");
        $this->assertSame(0, $code);
        $this->assertFalse(file_exists("/proc/$pid"));

        [$unit] = $this->writeUnit([], '-d precision=11');
        $this->assertStringContainsString("\nExecStart=" . PHP_BINARY . ' -d precision=11 ' . $this->dir . "/sdsec.php\n",
            file_get_contents($unit));
    }

    public function testStartupFilesRunAnExecutableScriptItself(): void
    {
        $this->startReaper();
        // A wrapper that sets PHP up its own way: fed to PHP, it would be printed, not run.
        $wrapper = $this->dir . '/sdinit.sh';
        file_put_contents($wrapper, "#!/bin/sh\nexec " . escapeshellarg(PHP_BINARY) . ' -d precision=13 '
            . escapeshellarg($this->dir . '/sdinit.php') . "\n");
        chmod($wrapper, 0755);
        [$init, $pidFile] = $this->writeInitScript(self::PRECISION, '-d precision=11', 'sdinit.sh');
        [$code, $out, $err] = $this->run_("$init start");
        $this->assertSame(0, $code, "start: $out $err");
        $this->assertSame('13', file_get_contents($this->dir . '/precision'), 'the wrapper ran, not PHP on it');
        $pid = $this->pidOf($pidFile);
        [$code] = $this->run_("$init stop");
        $this->assertSame(0, $code);
        $this->assertFalse(file_exists("/proc/$pid"));

        $exe = $this->dir . '/sdsec.sh';
        copy($wrapper, $exe);
        chmod($exe, 0755);
        [$unit] = $this->writeUnit(['appExecutable' => 'sdsec.sh'], '-d precision=11');
        $this->assertStringContainsString("\nExecStart=$exe\n", file_get_contents($unit));
        // Executable but no #! line (sdsec.php): PHP runs it.
        [$unit] = $this->writeUnit([]);
        $this->assertStringContainsString("\nExecStart=" . PHP_BINARY . ' ' . $this->dir . "/sdsec.php\n", file_get_contents($unit));
    }

    public function testInitScriptRefusesToRunAsRootAScriptTheDaemonUserCanChange(): void
    {
        // The app lives in the daemon user's directory (its home, a deploy checkout):
        // the init script would run that PHP file as root at every start, before
        // start() drops to the user, so the user could run any code as root.
        $this->startReaper();
        $data = $this->dir . '/data';
        mkdir($data);
        chmod($data, 0777);
        $nobody = 'setpriv --reuid=65534 --regid=65534 --clear-groups ';
        $app = "$data/app";
        [$code, , $err] = $this->sh($nobody . 'sh -c ' . escapeshellarg("mkdir -m 755 $app && printf '<?php\n' > $app/d.php && chmod 755 $app/d.php"));
        $this->assertSame(0, $code, $err);
        chmod($data, 0755);
        $writer = $this->script('writer.php', "\$os = System_Daemon_OS::factory('Debian');\n"
            . "var_dump(\$os->writeAutoRun(System_Daemon::getOptions()), \$os->errors);", [
            'appName' => 'sdown', 'appDir' => $app, 'appExecutable' => 'd.php', 'appDescription' => 'owned by nobody',
            'authorName' => 'Test', 'authorEmail' => 'test@example.org', 'appPidLocation' => $this->dir . '/run/sdown.pid',
            'appRunAsUID' => 65534, 'appRunAsGID' => 65534, 'runAutoRunDir' => $this->dir, 'runAutoRunType' => 'initd',
        ]);
        [, $out] = $this->sh(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($writer));
        $init = $this->dir . '/sdown';
        if (is_file($init)) {
            // The attack: the user rewrites its script, root starts the service.
            $pwned = $this->dir . '/pwned';
            $this->sh($nobody . 'sh -c ' . escapeshellarg("printf '<?php file_put_contents(\"$pwned\", trim(shell_exec(\"id -u\")));\n' > $app/d.php"));
            $this->run_("$init start");
            $this->assertFileDoesNotExist($pwned, 'root ran code the daemon user wrote');
        }
        $this->assertStringContainsString('bool(false)', $out);
        $this->assertStringContainsString("appExecutable: $app/d.php", $out);
        $this->assertStringContainsString("$app is not a directory owned by root", $out);
        $this->assertFileDoesNotExist($init);
    }
}
