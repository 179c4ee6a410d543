<?php

/**
 * Pid and log paths an attacker prepared (as root, with "nobody" standing for the
 * other user), and a log on a full file system.
 */
final class HostilePathsTest extends DaemonTestCase
{
    private const LOOP = "System_Daemon::start();\n"
        . "for (\$i = 0; !System_Daemon::isDying() && !is_file('{DIR}/quit'); \$i++) {\n"
        // log(), not info(): info() returns true whatever happened, as the original.
        . "    \$ok = System_Daemon::log(System_Daemon::LOG_INFO, 'line ' . \$i);\n"
        . "    file_put_contents('{DIR}/progress', \$i . ' ' . (\$ok ? 'ok' : 'fail') . \"\\n\", FILE_APPEND);\n"
        . "    usleep(5000); clearstatcache();\n"
        . "}\n"
        . "System_Daemon::stop();\n";

    protected function setUp(): void
    {
        if (posix_getuid_compat() !== 0) {
            $this->markTestSkipped('needs root');
        }
        parent::setUp();
    }

    /** A root-owned file standing in for /etc/shadow. */
    private function secret(): string
    {
        $f = $this->dir . '/shadow';
        file_put_contents($f, "root:secret\n");
        chmod($f, 0600);
        return $f;
    }

    private function plantLink(string $target, string $link): void
    {
        @mkdir(dirname($link), 0755, true);
        symlink($target, $link);
        exec('chown -h nobody ' . escapeshellarg($link), $o, $rc);
        $this->assertSame(0, $rc, 'chown -h nobody');
    }

    public function testLogSymlinkPlantedByAnotherUserIsRefused(): void
    {
        $secret = $this->secret();
        $this->plantLink($secret, $this->dir . '/daemon.log');
        $script = $this->script('d.php', self::LOOP);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'start() must fail');
        $this->assertStringContainsString('is a symbolic link owned by uid', $err);
        $this->assertStringContainsString('refusing to follow it', $err);
        $this->assertSame("root:secret\n", file_get_contents($secret), 'nothing written through the link');
        $this->assertFileDoesNotExist($this->dir . '/progress', 'no daemon ran');
    }

    public function testLogSymlinkOwnedByRootIsFollowed(): void
    {
        $real = $this->dir . '/real.log';
        symlink($real, $this->dir . '/daemon.log');
        $script = $this->script('d.php', self::LOOP);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () use ($real) { return strpos((string)@file_get_contents($real), 'line 3') !== false; }, 'lines in the link target');
        touch($this->dir . '/quit');
        $this->waitFor(function () { clearstatcache(); return !is_file($this->dir . '/run/daemon.pid'); }, 'the daemon to stop');
    }

    public function testPidFileSymlinkPlantedByAnotherUserIsRefused(): void
    {
        $secret = $this->secret();
        $this->plantLink($secret, $this->dir . '/run/daemon.pid');
        $script = $this->script('d.php', self::LOOP);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('is a symbolic link; refusing to follow it', $err);
        $this->assertSame("root:secret\n", file_get_contents($secret));
        $st = stat($secret);
        $this->assertSame(0600, $st['mode'] & 07777, 'mode untouched');
        $this->assertSame(0, $st['uid']);
        $this->waitFor(function () { return $this->processesMentioning($this->dir . '/d.php') === []; }, 'no daemon left');
    }

    public function testWorldWritablePidDirectoryIsRefused(): void
    {
        mkdir($this->dir . '/run', 0777);
        chmod($this->dir . '/run', 0777);
        $script = $this->script('d.php', self::LOOP);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('is writable by everyone (mode 0777, no sticky bit)', $err);
        $this->assertFileDoesNotExist($this->dir . '/run/daemon.pid');

        // With the sticky bit (as /tmp, /run/lock) nobody else can replace our file.
        chmod($this->dir . '/run', 01777);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = 0;
        $this->waitFor(function () use (&$pid) { return ($pid = $this->pidOf($this->dir . '/run/daemon.pid')) > 0; }, 'the pid file');
        touch($this->dir . '/quit');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
    }

    public function testLogLinkThroughADirectoryTheDaemonUserOwnsIsRefused(): void
    {
        // A root-owned link into a directory the daemon user can write: that user points
        // the name inside it at a secret of root's.
        $secret = $this->secret();
        mkdir($this->dir . '/data', 0755);
        chown($this->dir . '/data', 65534);
        symlink($this->dir . '/data/app.log', $this->dir . '/daemon.log');
        $this->asNobody('ln -s ' . escapeshellarg($secret) . ' ' . escapeshellarg($this->dir . '/data/app.log'));
        $this->assertTrue(is_link($this->dir . '/data/app.log'));
        $script = $this->script('d.php', self::LOOP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'start() must fail');
        $this->assertStringContainsString('refusing to follow it', $err);
        $this->assertStringContainsString('logLocation', $err);
        clearstatcache();
        $this->assertSame("root:secret\n", file_get_contents($secret), 'nothing written through the link');
        $this->assertSame(0, fileowner($secret), 'the secret stays root\'s');
        $this->assertSame(0600, fileperms($secret) & 07777);
        $this->assertFileDoesNotExist($this->dir . '/progress', 'no daemon ran');

        // Even a link the daemon user has not planted yet: the directory is enough.
        unlink($this->dir . '/data/app.log');
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'start() must fail');
        $this->assertStringContainsString('leads through the symbolic link ' . $this->dir . '/daemon.log', $err);
        $this->assertStringContainsString($this->dir . '/data', $err);
    }

    public function testLogLinkInRootsDirectoriesIsFollowedAndItsNewTargetHandedOver(): void
    {
        mkdir($this->dir . '/logs', 0755);
        symlink($this->dir . '/logs/real.log', $this->dir . '/daemon.log');
        $script = $this->script('d.php', self::LOOP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () { return strpos((string)@file_get_contents($this->dir . '/logs/real.log'), 'line 3') !== false; }, 'lines in the link target');
        clearstatcache();
        $this->assertSame(65534, fileowner($this->dir . '/logs/real.log'), 'created by this start: the daemon user\'s');
        $this->assertSame(0, lstat($this->dir . '/daemon.log')['uid'], 'the link itself untouched');
        touch($this->dir . '/quit');
        $this->waitFor(function () { return $this->processesMentioning($this->dir . '/d.php') === []; }, 'the daemon to stop');
    }

    public function testExistingRootLogIsNotHandedToTheDaemonUser(): void
    {
        file_put_contents($this->dir . '/daemon.log', "root's line\n");
        chmod($this->dir . '/daemon.log', 0644);
        $script = $this->script('d.php', self::LOOP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        // It still logs, through the descriptor root opened.
        $this->waitFor(function () { return strpos((string)@file_get_contents($this->dir . '/daemon.log'), 'line 3') !== false; }, 'lines in the log');
        clearstatcache();
        $this->assertSame(0, fileowner($this->dir . '/daemon.log'), 'a file this start did not create stays root\'s');
        $this->assertStringContainsString('not handing it to uid 65534', file_get_contents($this->dir . '/daemon.log'));
        touch($this->dir . '/quit');
        $this->waitFor(function () { return $this->processesMentioning($this->dir . '/d.php') === []; }, 'the daemon to stop');
    }

    public function testLogCreatedBeforeStartThatGainsASecondLinkStaysRoots(): void
    {
        // Created by this process (so it would be handed over), then linked under a
        // second name before the drop: the check at open time saw one link, the one at
        // hand-over must see two. The script makes the link, standing in for anyone who
        // could; the other name may be a file the daemon user must not own.
        $body = "System_Daemon::info('before start');\n"
            . "link('{DIR}/daemon.log', '{DIR}/other') or exit(91);\n"
            . self::LOOP;
        $script = $this->script('d.php', $body, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () { return strpos((string)@file_get_contents($this->dir . '/daemon.log'), 'line 3') !== false; }, 'lines in the log');
        clearstatcache();
        $this->assertSame(2, stat($this->dir . '/daemon.log')['nlink'], 'the same file under both names');
        $this->assertSame(0, fileowner($this->dir . '/other'), 'a file with a second link stays root\'s');
        $log = file_get_contents($this->dir . '/daemon.log');
        $this->assertStringContainsString('before start', $log, 'the log was opened before start()');
        $this->assertStringContainsString('not handing it to uid 65534', $log);
        touch($this->dir . '/quit');
        $this->waitFor(function () { return $this->processesMentioning($this->dir . '/d.php') === []; }, 'the daemon to stop');
    }

    public function testRootsLogKeptByRootCannotBeReadThroughTheDaemonsDescriptor(): void
    {
        // A log root keeps (a shared one, say) may hold what the daemon user must not
        // read; the descriptor the daemon writes it through must not read it either.
        file_put_contents($this->dir . '/daemon.log', "root:secret\n");
        chmod($this->dir . '/daemon.log', 0600);
        mkdir($this->dir . '/w', 0755);
        chown($this->dir . '/w', 65534);
        $body = "System_Daemon::start();\n"
            . "\$got = '';\n"
            . "foreach (scandir('/proc/self/fd') as \$n) {\n"
            . "    if (@readlink(\"/proc/self/fd/\$n\") !== '{DIR}/daemon.log') continue;\n"
            . "    \$f = fopen(\"php://fd/\$n\", 'r');\n"
            . "    \$got .= 'fd ' . \$n . ': ' . var_export(@stream_get_contents(\$f, -1, 0), true) . \"\\n\"; fclose(\$f);\n"
            . "}\n"
            . "file_put_contents('{DIR}/w/read', \$got);\n"
            . "System_Daemon::stop();\n";
        $script = $this->script('d.php', $body, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $this->waitFor(function () { return is_file($this->dir . '/w/read'); }, 'the daemon to try reading its log');
        $read = file_get_contents($this->dir . '/w/read');
        $this->assertStringContainsString('fd ', $read, 'the daemon holds its log open');
        $this->assertStringNotContainsString('secret', $read, 'the daemon user read root\'s log');
        $this->waitFor(function () { return $this->processesMentioning($this->dir . '/d.php') === []; }, 'the daemon to stop');
        $this->assertSame(0, fileowner($this->dir . '/daemon.log'));
    }

    public function testLogFileWithTwoLinksIsRefusedWhoeverOwnsIt(): void
    {
        $secret = $this->secret();
        link($secret, $this->dir . '/daemon.log');
        $script = $this->script('d.php', self::LOOP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertNotSame(0, $code, 'start() must fail');
        $this->assertStringContainsString('has 2 hard links; refusing to write it', $err);
        clearstatcache();
        $this->assertSame("root:secret\n", file_get_contents($secret));
        $this->assertSame(0, fileowner($secret));
    }

    /** Runs $cmd as nobody, the untrusted daemon user. */
    private function asNobody(string $cmd): array
    {
        return $this->sh('setpriv --reuid=65534 --regid=65534 --clear-groups sh -c ' . escapeshellarg($cmd));
    }

    /** A root process standing in for a victim of a misdirected signal. */
    private function victim(): array
    {
        $p = proc_open(['sleep', '60'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        return [$p, proc_get_status($p)['pid']];
    }

    public function testDaemonUserCannotReplaceThePidFile(): void
    {
        $pidFile = $this->dir . '/run/daemon.pid';
        $script = $this->script('d.php', self::LOOP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->assertGreaterThan(1, $pid);
        [$vp, $victim] = $this->victim();
        try {
            clearstatcache();
            $this->assertSame(0, fileowner(dirname($pidFile)), 'the pid directory stays root\'s');
            // The daemon user swaps the pid file for one naming the victim.
            $this->asNobody('cd ' . escapeshellarg(dirname($pidFile)) . ' && rm -f daemon.pid; echo ' . $victim . ' > daemon.pid');
            clearstatcache();
            $this->assertSame("$pid\n", file_get_contents($pidFile), 'the daemon user could replace the pid file');
            $this->assertSame(0, fileowner($pidFile));

            $stop = $this->script('stop.php', "var_dump(System_Daemon::stopRunning());", ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
            [$code, $out, $err] = $this->sh($this->php($stop));
            $this->assertSame(0, $code, $err);
            $this->assertStringContainsString('bool(true)', $out);
            $this->assertStringContainsString("stopped pid $pid", $out);
            $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
            $this->assertTrue($this->alive($victim), 'the victim lives');
            clearstatcache();
            $this->assertSame('', (string)@file_get_contents($pidFile), 'no pid left behind');
        } finally {
            proc_terminate($vp, 9);
            proc_close($vp);
        }
    }

    public function testStopRunningIgnoresAPidFileTheDaemonUserWrote(): void
    {
        // A directory the daemon user was given (as by earlier versions): its own file,
        // naming a victim, is not believed by root.
        mkdir($this->dir . '/run', 0755);
        chown($this->dir . '/run', 65534);
        [$vp, $victim] = $this->victim();
        try {
            $this->asNobody('echo ' . $victim . ' > ' . escapeshellarg($this->dir . '/run/daemon.pid'));
            $stop = $this->script('stop.php', "var_dump(System_Daemon::stopRunning());");
            [$code, $out, $err] = $this->sh($this->php($stop));
            $this->assertSame(0, $code, $err);
            $this->assertStringContainsString('bool(false)', $out);
            // Refused for its directory before the file is even looked at.
            $this->assertStringContainsString($this->dir . '/run is not a directory owned by root', $out);
            $this->assertStringContainsString('refusing to signal through it as root', $out);
            usleep(100000);
            $this->assertTrue($this->alive($victim), 'the victim lives');

            // Nor does a start adopt it.
            $script = $this->script('d.php', self::LOOP);
            [$code, , $err] = $this->sh($this->php($script));
            $this->assertNotSame(0, $code);
            $this->assertStringContainsString('belongs to uid 65534, not to root; refusing it', $err);
        } finally {
            proc_terminate($vp, 9);
            proc_close($vp);
        }
    }

    public function testStopRunningIgnoresAPidTheDaemonWroteThroughItsDescriptor(): void
    {
        // The dropped daemon keeps the pid file open (it holds the lock and empties the
        // file at exit), so code running in it as nobody can write any pid into root's
        // file without touching the directory.
        $pidFile = $this->dir . '/run/daemon.pid';
        $body = "System_Daemon::start();\n"
            . "while (!is_file('{DIR}/victim')) { usleep(5000); clearstatcache(); }\n"
            . "foreach (scandir('/proc/self/fd') as \$n) {\n"
            . "    if (@readlink(\"/proc/self/fd/\$n\") !== '{DIR}/run/daemon.pid') continue;\n"
            . "    \$f = fopen(\"php://fd/\$n\", 'r+');\n"
            . "    ftruncate(\$f, 0); fwrite(\$f, trim(file_get_contents('{DIR}/victim')) . \"\\n\"); fclose(\$f);\n"
            . "}\n"
            . "touch('{DIR}/w/written');\n"
            . "while (!System_Daemon::isDying() && !is_file('{DIR}/quit')) { usleep(5000); clearstatcache(); }\n"
            . "System_Daemon::stop();\n";
        mkdir($this->dir . '/w', 0755);
        chown($this->dir . '/w', 65534);
        $script = $this->script('d.php', $body, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->assertGreaterThan(1, $pid);
        [$vp, $victim] = $this->victim();
        try {
            file_put_contents($this->dir . '/victim', "$victim\n");
            $this->waitFor(function () { return is_file($this->dir . '/w/written'); }, 'the daemon to write its pid file');
            clearstatcache();
            $this->assertSame("$victim\n", file_get_contents($pidFile), 'the daemon rewrote root\'s pid file');
            $this->assertSame(0, fileowner($pidFile));

            $stop = $this->script('stop.php', "var_dump(System_Daemon::stopRunning());");
            // Misled, stopRunning() waits its 30 s for the lock the daemon still holds.
            [$code, $out, $err] = $this->sh($this->php($stop), 40);
            $this->assertSame(0, $code, $err);
            usleep(100000);
            $this->assertTrue($this->alive($victim), 'root\'s stopRunning() signalled the pid the daemon user chose');
            $this->assertStringContainsString('bool(false)', $out);
            $this->assertStringContainsString("names pid $victim, which does not hold it open", $out);
        } finally {
            touch($this->dir . '/quit');
            $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
            proc_terminate($vp, 9);
            proc_close($vp);
        }
    }

    public function testFailureReportFromTheDaemonUserReachesRootsTerminalWithoutControlCharacters(): void
    {
        // Until ready(), code running as nobody holds the channel to root's launcher,
        // which prints the reason on the terminal root started it from.
        $body = "System_Daemon::start();\n"
            . "foreach (scandir('/proc/self/fd') as \$n) {\n"
            . "    if (strpos((string)@readlink(\"/proc/self/fd/\$n\"), 'socket:') !== 0) continue;\n"
            . "    \$f = fopen(\"php://fd/\$n\", 'w');\n"
            . "    fwrite(\$f, \"F5:evil\\x1b]2;pwned\\x07\\x1b[2J\\rend\\0\"); fclose(\$f);\n"
            . "}\n"
            . "exit(0);\n";
        $script = $this->script('d.php', $body, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534, 'appDeferReady' => true]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(5, $code, $err);
        $this->assertStringContainsString('evil', $err);
        $this->assertStringContainsString('end', $err);
        $this->assertSame(0, preg_match('/[\x00-\x08\x0b-\x1f\x7f]/', $err), 'control characters on root\'s terminal: ' . json_encode($err));
    }

    public function testPidFilePreCreatedInAStickyDirectoryIsNotLaundered(): void
    {
        mkdir($this->dir . '/run', 01777);
        chmod($this->dir . '/run', 01777);
        $pidFile = $this->dir . '/run/daemon.pid';
        [$vp, $victim] = $this->victim();
        try {
            $this->asNobody('echo ' . $victim . ' > ' . escapeshellarg($pidFile));
            $script = $this->script('d.php', self::LOOP, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534]);
            [$code, , $err] = $this->sh($this->php($script));
            $this->assertNotSame(0, $code, 'start() must refuse a pid file another user created');
            $this->assertStringContainsString("pid file $pidFile belongs to uid 65534", $err);
            clearstatcache();
            $this->assertSame(65534, fileowner($pidFile), 'not chowned to root');
            $this->assertSame("$victim\n", file_get_contents($pidFile));
            $this->assertFileDoesNotExist($this->dir . '/progress', 'no daemon ran');
            $this->assertTrue($this->alive($victim));
        } finally {
            proc_terminate($vp, 9);
            proc_close($vp);
        }
    }

    public function testDotDotComponentsResolveWhereTheKernelSaysTheyDo(): void
    {
        mkdir($this->dir . '/a');
        // The kernel resolves a/../ only when a exists; logs/ does not: refused, with why.
        $bad = $this->script('bad.php', '', ['logLocation' => $this->dir . '/a/../logs/../daemon2.log']);
        [$code, , $err] = $this->sh($this->php($bad));
        $this->assertSame(90, $code);
        $this->assertStringContainsString('Option logLocation:', $err);
        $this->assertStringContainsString('expected a file in an existing directory', $err);

        $script = $this->script('d.php', self::LOOP, [
            'appPidLocation' => $this->dir . '/a/../run2/./daemon.pid',
            'logLocation' => $this->dir . '/a/../daemon2.log',
        ]);
        [$code, , $err] = $this->sh($this->php($script));
        $this->assertSame(0, $code, $err);
        $pid = 0;
        $this->waitFor(function () use (&$pid) { return ($pid = $this->pidOf($this->dir . '/run2/daemon.pid')) > 0; }, 'the pid file in run2/');
        $this->waitFor(function () { return strpos((string)@file_get_contents($this->dir . '/daemon2.log'), 'line 2') !== false; }, 'the log');
        touch($this->dir . '/quit');
        $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
        clearstatcache();
        $this->assertFileDoesNotExist($this->dir . '/run2/daemon.pid', 'removed on exit');
    }

    public function testDiskFullOnTheLogKeepsTheDaemonRunningAndResumes(): void
    {
        $mnt = $this->dir . '/small';
        mkdir($mnt);
        exec('mount -t tmpfs -o size=64k tmpfs ' . escapeshellarg($mnt) . ' 2>&1', $o, $rc);
        if ($rc !== 0) {
            $this->markTestSkipped('cannot mount a tmpfs here: ' . implode(' ', $o));
        }
        try {
            $script = $this->script('d.php', self::LOOP, ['logLocation' => $mnt . '/daemon.log']);
            [$code, , $err] = $this->sh($this->php($script));
            $this->assertSame(0, $code, $err);
            $pid = $this->pidOf($this->dir . '/run/daemon.pid');
            $this->waitFor(function () use ($mnt) { return strpos((string)@file_get_contents("$mnt/daemon.log"), 'line 5') !== false; }, 'first lines');

            // Fill the file system: the writes below fail with ENOSPC.
            exec('dd if=/dev/zero of=' . escapeshellarg("$mnt/filler") . ' bs=4k 2>/dev/null');
            $fails = function () { return substr_count((string)@file_get_contents($this->dir . '/progress'), 'fail'); };
            $this->waitFor(function () use ($fails) { return $fails() >= 20; }, 'log() to report failures while the disk is full');
            $this->assertTrue($this->alive($pid), 'the daemon survives a full disk');

            // Space comes back: lines resume, in the same file, with later numbers.
            unlink("$mnt/filler");
            $progress = (string)file_get_contents($this->dir . '/progress');
            preg_match_all('/^(\d+) fail$/m', $progress, $m);
            $lastFailed = (int)end($m[1]);
            $this->waitFor(function () use ($mnt, $lastFailed) {
                return preg_match_all('/line (\d+)$/m', (string)file_get_contents("$mnt/daemon.log"), $mm)
                    && (int)end($mm[1]) > $lastFailed + 5;
            }, 'lines to resume after space returned');
            $this->assertTrue($this->alive($pid));
            $log = (string)file_get_contents("$mnt/daemon.log");
            $this->assertSame(1, preg_match_all('/^\[[^]]+\] +info: line 0$/m', $log), 'the file was kept, not recreated');
            touch($this->dir . '/quit');
            $this->waitFor(function () use ($pid) { return !$this->alive($pid); }, 'the daemon to stop');
        } finally {
            foreach ($this->processesMentioning($this->dir) as $p) {
                @exec('kill -KILL ' . (int)$p . ' 2>/dev/null');
            }
            usleep(100000);
            exec('umount ' . escapeshellarg($mnt) . ' 2>/dev/null');
        }
    }
}

function posix_getuid_compat(): int
{
    // posix may not be loaded (the extension needs neither posix nor pcntl).
    return function_exists('posix_getuid') ? posix_getuid() : (int)trim((string)shell_exec('id -u'));
}
