<?php

/**
 * Root starts a daemon that drops privileges (issue 20, second review): what the daemon
 * user ends up with must be what the script asked for and nothing of root's.
 */
final class RootDropTest extends DaemonTestCase
{
    /** A directory the daemon, once nobody, can write its findings into. */
    private function outDir(): string
    {
        $out = $this->dir . '/out';
        if (!is_dir($out)) {
            mkdir($out);
            chmod($out, 0777);
        }
        return $out;
    }

    /** Starts $body as a daemon from a root launcher and waits for it to write out/done. */
    private function runDropped(string $body, array $options, string $env = '', string $phpFlags = ''): array
    {
        $out = $this->outDir();
        $script = $this->script('d.php', "System_Daemon::start();\n" . $body
            . "\nfile_put_contents('$out/done', '1');\nSystem_Daemon::stop();\n", $options);
        [$code, $stdout, $err] = $this->sh($env . escapeshellarg(PHP_BINARY) . " $phpFlags " . escapeshellarg($script));
        if ($code === 0) {
            $this->waitFor(function () use ($out) { return is_file("$out/done"); }, 'the daemon to finish');
        }
        return [$code, $stdout, $err];
    }

    private function idsBody(): string
    {
        $out = $this->dir . '/out';
        return "preg_match_all('/^(Gid|Groups):(.*)$/m', file_get_contents('/proc/self/status'), \$m, PREG_SET_ORDER);\n"
            . "\$ids = []; foreach (\$m as \$l) { \$ids[\$l[1]] = preg_split('/\\s+/', trim(\$l[2]), -1, PREG_SPLIT_NO_EMPTY); }\n"
            . "file_put_contents('$out/ids', json_encode(\$ids));\n"
            . "file_put_contents('$out/secret', var_export(@file_get_contents('{DIR}/secret'), true));\n";
    }

    private function secret(): void
    {
        file_put_contents($this->dir . '/secret', 'root only');
        chown($this->dir . '/secret', 0);
        chgrp($this->dir . '/secret', 0);
        chmod($this->dir . '/secret', 0640);
    }

    public function testUidAloneTakesTheUsersPrimaryGroup(): void
    {
        $this->secret();
        [$code, , $err] = $this->runDropped($this->idsBody(), ['appRunAsUID' => 65534]);
        $this->assertSame(0, $code, $err);
        $ids = json_decode(file_get_contents($this->dir . '/out/ids'), true);
        $this->assertSame(['65534', '65534', '65534', '65534'], $ids['Gid'], 'gid: the primary group of nobody');
        $this->assertNotContains('0', $ids['Groups'] ?? [], 'no supplementary group root');
        $this->assertSame('false', file_get_contents($this->dir . '/out/secret'), "root's 0640 file stays unreadable");
        $this->assertStringContainsString("appRunAsGID not set: using uid 65534's primary group 65534 (nogroup)",
            file_get_contents($this->dir . '/daemon.log'));
    }

    public function testUidWithoutPasswdEntryAndNoGidFailsNamingTheOption(): void
    {
        $uid = 54321;
        if (posix_getpwuid($uid) !== false) {
            $this->markTestSkipped("uid $uid has a passwd entry here");
        }
        [$code, , $err] = $this->runDropped($this->idsBody(), ['appRunAsUID' => $uid]);
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('appRunAsGID', $err);
        $this->assertStringContainsString('appRunAsGID', (string)@file_get_contents($this->dir . '/daemon.log'));
        $this->assertFileDoesNotExist($this->dir . '/out/ids', 'the script does not run on');
    }

    public function testExplicitGidZeroStillMeansRootsGroup(): void
    {
        $this->secret();
        [$code, , $err] = $this->runDropped($this->idsBody(), ['appRunAsUID' => 65534, 'appRunAsGID' => 0]);
        $this->assertSame(0, $code, $err);
        $ids = json_decode(file_get_contents($this->dir . '/out/ids'), true);
        $this->assertSame(['0', '0', '0', '0'], $ids['Gid']);
        $this->assertSame("'root only'", file_get_contents($this->dir . '/out/secret'));
    }

    /** Root's session, as sudo or an ssh login leaves it in the environment. */
    private const SESSION = [
        'SSH_AUTH_SOCK' => '/tmp/ssh-root/agent.1', 'SSH_AGENT_PID' => '4242', 'SSH_CLIENT' => '10.0.0.1 5000 22',
        'SSH_CONNECTION' => '10.0.0.1 5000 10.0.0.2 22', 'SSH_TTY' => '/dev/pts/9', 'XDG_RUNTIME_DIR' => '/run/user/0',
        'XDG_SESSION_ID' => '7', 'XDG_SESSION_TYPE' => 'tty', 'DBUS_SESSION_BUS_ADDRESS' => 'unix:path=/run/user/0/bus',
        'SUDO_USER' => 'admin', 'SUDO_UID' => '1000', 'SUDO_GID' => '1000', 'SUDO_COMMAND' => '/bin/sh',
        'MAIL' => '/var/mail/root', 'KRB5CCNAME' => 'FILE:/tmp/krb5cc_0', 'XAUTHORITY' => '/root/.Xauthority',
    ];

    public function testChildrenSeeNeitherRootsSessionNorTheDaemonsDescriptors(): void
    {
        $out = $this->outDir();
        // Every descriptor of the child's, but the one ls reads the directory through.
        $fds = "function fds(array \$lines) { \$r = []; foreach (\$lines as \$l) {\n"
            . "  if (preg_match('/ (\\d+) -> (.*)$/', \$l, \$m) && !preg_match('#^/proc/\\d+/fd$#', \$m[2])) \$r[] = \$m[1] . ' -> ' . \$m[2]; }\n"
            . "  return \$r; }\n";
        $body = $fds
            . "exec('ls -l /proc/self/fd', \$l); \$r['exec'] = fds(\$l);\n"
            . "\$p = proc_open(['ls', '-l', '/proc/self/fd'], [1 => ['pipe', 'w']], \$pipes);\n"
            . "\$r['proc_open'] = fds(explode(\"\\n\", stream_get_contents(\$pipes[1]))); fclose(\$pipes[1]); proc_close(\$p);\n"
            . "\$h = popen('ls -l /proc/self/fd', 'r'); \$r['popen'] = fds(explode(\"\\n\", stream_get_contents(\$h))); pclose(\$h);\n"
            . "exec('env', \$env); \$r['env'] = \$env;\n"
            . "\$p = proc_open(['env'], [1 => ['pipe', 'w']], \$pipes);\n"
            . "\$r['proc_open_env'] = explode(\"\\n\", trim(stream_get_contents(\$pipes[1]))); fclose(\$pipes[1]); proc_close(\$p);\n"
            . "\$r['getenv'] = getenv(); \$r['server'] = \$_SERVER; \$r['envsg'] = \$_ENV;\n"
            . "file_put_contents('$out/seen', json_encode(\$r));\n";
        $assign = '';
        foreach (self::SESSION + ['HOME' => '/root', 'USER' => 'root', 'LOGNAME' => 'root', 'SHELL' => '/bin/bash'] as $k => $v) {
            $assign .= "$k=" . escapeshellarg($v) . ' ';
        }
        [$code, , $err] = $this->runDropped($body, ['appRunAsUID' => 65534, 'appRunAsGID' => 65534],
            // $_ENV filled too, to see that it forgets as well.
            'env ' . $assign, '-d variables_order=EGPCS');
        $this->assertSame(0, $code, $err);
        $seen = json_decode(file_get_contents("$out/seen"), true);
        foreach (['exec', 'proc_open', 'popen'] as $how) {
            $this->assertSame(['0', '1', '2'], array_map(function ($l) { return explode(' ', $l)[0]; }, $seen[$how]),
                "descriptors a child started with $how() gets:\n" . implode("\n", $seen[$how]));
        }
        $nobody = posix_getpwuid(65534);
        $want = ['HOME' => $nobody['dir'], 'USER' => 'nobody', 'LOGNAME' => 'nobody', 'SHELL' => $nobody['shell']];
        foreach (['env', 'proc_open_env'] as $how) {
            $env = [];
            foreach ($seen[$how] as $l) {
                [$k, $v] = explode('=', $l, 2) + [1 => ''];
                $env[$k] = $v;
            }
            foreach (self::SESSION as $k => $v) {
                $this->assertArrayNotHasKey($k, $env, "$k reaches a child ($how)");
            }
            foreach ($want as $k => $v) {
                $this->assertSame($v, $env[$k] ?? null, "$k of a child ($how)");
            }
        }
        foreach (['getenv', 'server', 'envsg'] as $where) {
            foreach (self::SESSION as $k => $v) {
                $this->assertArrayNotHasKey($k, $seen[$where], "$k in the daemon ($where)");
            }
            foreach ($want as $k => $v) {
                $this->assertSame($v, $seen[$where][$k] ?? null, "$k in the daemon ($where)");
            }
        }
    }

    public function testRootsStopRunningRefusesAPidFileInTheDaemonUsersDirectory(): void
    {
        // The daemon user owns the pid file's directory (appPidLocation under its data
        // directory): it can swap the file between stopRunning()'s checks and its kill().
        $data = $this->dir . '/data';
        mkdir($data);
        chmod($data, 0777);
        [$code, , $err] = $this->sh('setpriv --reuid=65534 --regid=65534 --clear-groups mkdir -m 755 ' . escapeshellarg("$data/run"));
        $this->assertSame(0, $code, $err);
        chmod($data, 0755);
        $pidFile = "$data/run/daemon.pid";
        $opts = ['appRunAsUID' => 65534, 'appRunAsGID' => 65534, 'appPidLocation' => $pidFile];
        $daemon = $this->script('d.php', "System_Daemon::start();\nwhile (!System_Daemon::isDying()) usleep(20000);\n", $opts);
        [$code, , $err] = $this->sh($this->php($daemon));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf($pidFile);
        $this->assertGreaterThan(1, $pid);

        $stopper = $this->script('s.php', "var_export(System_Daemon::stopRunning());\n",
            $opts + ['logLocation' => $this->dir . '/stopper.log']);
        [$code, $out, $err] = $this->sh($this->php($stopper));
        $this->assertStringEndsWith('false', $out, $err);
        $this->assertStringContainsString("$data/run is not a directory owned by root", file_get_contents($this->dir . '/stopper.log'));
        $this->assertStringContainsString('refusing to signal through it as root', file_get_contents($this->dir . '/stopper.log'));
        usleep(200000);
        $this->assertTrue($this->alive($pid), 'root sent no signal');
        $this->signal($pid, 'KILL', false);
    }

    public function testRootsStopRunningFollowsNoLinkTheDaemonUserCanChange(): void
    {
        // appPidLocation passes through a link in the daemon user's directory: whatever
        // it points at now, the user can point elsewhere. Here it leads to the directory
        // of another root daemon, whose pid file has the same name; root's stop of this
        // daemon must not TERM that one.
        $victimDir = $this->dir . '/victim';
        mkdir($victimDir, 0755);
        $victim = $this->script('v.php', "System_Daemon::start();\nwhile (!System_Daemon::isDying()) usleep(20000);\n",
            ['appPidLocation' => "$victimDir/daemon.pid", 'logLocation' => $this->dir . '/victim.log', 'appName' => 'victim']);
        [$code, , $err] = $this->sh($this->php($victim));
        $this->assertSame(0, $code, $err);
        $pid = $this->pidOf("$victimDir/daemon.pid");
        $this->assertGreaterThan(1, $pid);

        $data = $this->dir . '/data';
        mkdir($data);
        chmod($data, 0777);
        $nobody = 'setpriv --reuid=65534 --regid=65534 --clear-groups ';
        [$code, , $err] = $this->sh($nobody . 'mkdir -m 755 ' . escapeshellarg("$data/home") . ' && ' . $nobody
            . 'ln -s ' . escapeshellarg($victimDir) . ' ' . escapeshellarg("$data/home/run"));
        $this->assertSame(0, $code, $err);
        chmod($data, 0755);

        $stopper = $this->script('s.php', "var_export(System_Daemon::stopRunning());\n",
            ['appRunAsUID' => 65534, 'appRunAsGID' => 65534, 'appPidLocation' => "$data/home/run/daemon.pid",
             'logLocation' => $this->dir . '/stopper.log']);
        [$code, $out, $err] = $this->sh($this->php($stopper));
        usleep(200000);
        $alive = $this->alive($pid);
        if ($alive) $this->signal($pid, 'KILL', false);
        $this->assertTrue($alive, 'root signalled the daemon the link led to');
        $this->assertStringEndsWith('false', $out, $err);
        $this->assertStringContainsString("$data/home is not a directory owned by root", file_get_contents($this->dir . '/stopper.log'));
    }
}
