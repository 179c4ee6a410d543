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
    private function runDropped(string $body, array $options, string $env = ''): array
    {
        $out = $this->outDir();
        $script = $this->script('d.php', "System_Daemon::start();\n" . $body
            . "\nfile_put_contents('$out/done', '1');\nSystem_Daemon::stop();\n", $options);
        [$code, $stdout, $err] = $this->sh($env . $this->php($script));
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
}
