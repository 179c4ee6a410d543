<?php

/**
 * bench/soak.php with a smaller count: iterate(0) + info() cycles while USR1, WINCH
 * and HUP arrive and the log is renamed away; RSS, memory_get_usage() and the fd
 * count stay flat and no line is lost (the bench exits 1 otherwise).
 */
final class SoakTest extends DaemonTestCase
{
    public function testIterateAndLogUnderSignalsStayFlat(): void
    {
        if (getenv('USE_ZEND_ALLOC') === '0' || strpos((string)getenv('LD_PRELOAD'), 'asan') !== false) {
            // memory_get_usage() reads 0 without Zend's allocator, and ASan's
            // quarantine holds freed memory back on purpose: no figure means anything.
            $this->markTestSkipped('memory figures are meaningless under a sanitizer');
        }
        $bench = dirname(__DIR__, 2) . '/bench/soak.php';
        [$code, $out, $err] = $this->sh(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($bench) . ' 300000', 120);
        $this->assertSame(0, $code, $out . $err);
        $this->assertMatchesRegularExpression('/fds \+0; lines missing: 0/', $out);
        $this->assertMatchesRegularExpression('/handled USR1 [1-9]\d*, WINCH [1-9]\d*/', $out, 'signals did arrive');
    }
}
