<?php
use PHPUnit\Framework\AssertionFailedError;

/**
 * The base class's own guards: no helper may signal pid 0 (our process group: PHPUnit
 * and the shell running the suite), 1 or -1 (every process we may signal). Signal 0
 * only checks a pid exists, so a broken guard makes these tests fail, not the suite die.
 */
final class TestHelpersTest extends DaemonTestCase
{
    /** @return array<string,array{int}> */
    public static function noDaemonPids(): array
    {
        return ['process group' => [0], 'init' => [1], 'everyone' => [-1]];
    }

    /** @dataProvider noDaemonPids */
    #[\PHPUnit\Framework\Attributes\DataProvider('noDaemonPids')]
    public function testSignalRefusesPidsThatAreNoDaemon(int $pid): void
    {
        $this->expectException(AssertionFailedError::class);
        $this->expectExceptionMessage("refusing to send SIG0 to pid $pid");
        $this->signal($pid, '0');
    }

    public function testDaemonPidFailsOnAMissingOrEmptyPidFile(): void
    {
        file_put_contents($this->dir . '/empty.pid', '');
        foreach (['/empty.pid', '/missing.pid'] as $f) {
            try {
                $this->daemonPid($this->dir . $f);
                $this->fail("daemonPid() accepted $f");
            } catch (AssertionFailedError $e) {
                $this->assertStringContainsString("no daemon pid in {$this->dir}$f", $e->getMessage());
            }
        }
    }
}
