<?php
use PHPUnit\Framework\TestCase;

/**
 * Base for tests that start real daemons: each test gets its own temporary
 * directory, and tearDown kills whatever a test left behind (found through the
 * pid files and the processes whose command line names the directory).
 */
abstract class DaemonTestCase extends TestCase
{
    /** @var string */
    protected $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/sdtest_' . getmypid() . '_' . bin2hex(random_bytes(4));
        mkdir($this->dir, 0755);
    }

    /** @var resource|null the process a test started with proc_open() and waits for */
    protected $proc;

    protected function tearDown(): void
    {
        if ($this->proc) {
            if (proc_get_status($this->proc)['running']) {
                proc_terminate($this->proc, 9);
            }
            proc_close($this->proc);
            $this->proc = null;
        }
        // Anything still running with our directory on its command line goes.
        foreach ($this->processesMentioning($this->dir) as $pid) {
            $this->signal($pid, 'KILL', false);
        }
        exec('rm -rf ' . escapeshellarg($this->dir));
    }

    /** @return int[] */
    protected function processesMentioning(string $needle): array
    {
        $pids = [];
        foreach (glob('/proc/[0-9]*/cmdline') as $f) {
            $cmd = @file_get_contents($f);
            if ($cmd !== false && strpos($cmd, $needle) !== false) {
                $pid = (int)basename(dirname($f));
                if ($pid > 1 && $pid !== getmypid()) {
                    $pids[] = $pid;
                }
            }
        }
        return $pids;
    }

    /**
     * Writes a daemon script into the test directory. The body runs after the
     * options below are set; {DIR} is replaced by the test directory.
     */
    protected function script(string $name, string $body, array $options = []): string
    {
        $options += [
            'appName' => 'sdtest',
            'appDir' => $this->dir,
            'logLocation' => $this->dir . '/daemon.log',
            'appPidLocation' => $this->dir . '/run/daemon.pid',
        ];
        $php = "<?php\nSystem_Daemon::setOptions(" . var_export($options, true) . ") or exit(90);\n"
            . str_replace('{DIR}', $this->dir, $body) . "\n";
        $path = $this->dir . '/' . $name;
        file_put_contents($path, $php);
        return $path;
    }

    /**
     * Runs a command to completion with stdin closed and stdout/stderr captured
     * into files (never a pipe a daemon could keep open), bounded in time.
     * @return array{0:int,1:string,2:string} exit code, stdout, stderr
     */
    protected function sh(string $cmd, int $timeoutSec = 20): array
    {
        $out = $this->dir . '/.out.' . uniqid();
        $err = $this->dir . '/.err.' . uniqid();
        $p = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $err, 'w']], $pipes);
        $deadline = microtime(true) + $timeoutSec;
        do {
            $st = proc_get_status($p);
            if (!$st['running']) {
                break;
            }
            usleep(5000);
        } while (microtime(true) < $deadline);
        if ($st['running']) {
            proc_terminate($p, 9);
            $this->fail("command did not finish within {$timeoutSec}s: $cmd");
        }
        proc_close($p);
        $r = [$st['exitcode'], (string)@file_get_contents($out), (string)@file_get_contents($err)];
        @unlink($out);
        @unlink($err);
        return $r;
    }

    /**
     * Skips unless this PHP enforces memory_limit: without its own allocator
     * (USE_ZEND_ALLOC=0, as under the sanitizers and valgrind) nothing runs out of memory,
     * and a test that fills it would take the machine's memory instead.
     */
    protected function requireMemoryLimit(): void
    {
        [$code] = $this->sh(escapeshellarg(PHP_BINARY) . " -n -d memory_limit=4M -r 'str_repeat(\"x\", 8 << 20);' 2>&1");
        if ($code !== 255) {
            $this->markTestSkipped('this PHP does not enforce memory_limit (USE_ZEND_ALLOC=0?)');
        }
    }

    protected function php(string $script, string $args = ''): string
    {
        return escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($script) . ($args !== '' ? ' ' . $args : '');
    }

    /** Waits until $cond() is true; fails with $what after $timeoutSec. */
    protected function waitFor(callable $cond, string $what, float $timeoutSec = 10.0): void
    {
        $deadline = microtime(true) + $timeoutSec;
        while (!$cond()) {
            if (microtime(true) > $deadline) {
                $this->fail("timed out waiting for: $what");
            }
            usleep(2000);
        }
    }

    /**
     * Sends SIG$sig to one daemon. A pid <= 1 is a test failure, never a kill: 0 is our
     * own process group (PHPUnit, the suite's shell), -1 every process we may signal.
     * $mustExist: a failed kill(1) fails the test too.
     */
    protected function signal(int $pid, string $sig = 'TERM', bool $mustExist = true): void
    {
        if ($pid <= 1 || $pid === getmypid()) {
            $this->fail("refusing to send SIG$sig to pid $pid (no daemon pid)");
        }
        if (!preg_match('/^[A-Z0-9]+$/', $sig)) {
            $this->fail("not a signal name: $sig");
        }
        exec("kill -$sig $pid 2>&1", $o, $rc);
        if ($rc !== 0 && $mustExist) {
            $this->fail("kill -$sig $pid failed: " . implode("\n", $o));
        }
    }

    /** The pid in $pidFile, failing the test unless it names a process other than init. */
    protected function daemonPid(string $pidFile): int
    {
        $pid = $this->pidOf($pidFile);
        if ($pid <= 1) {
            $this->fail("no daemon pid in $pidFile: " . var_export(@file_get_contents($pidFile), true));
        }
        return $pid;
    }

    protected function pidOf(string $pidFile): int
    {
        clearstatcache();
        return is_file($pidFile) ? (int)trim((string)file_get_contents($pidFile)) : 0;
    }

    protected function alive(int $pid): bool
    {
        // A zombie counts as gone: the daemon's parent is init, which reaps it.
        $stat = @file_get_contents("/proc/$pid/stat");
        if ($stat === false) {
            return false;
        }
        $state = substr($stat, strrpos($stat, ')') + 2, 1);
        return $state !== 'Z' && $state !== 'X';
    }

    /** /proc/<pid>/status as field => value. */
    protected function procStatus(int $pid): array
    {
        $r = [];
        foreach (file("/proc/$pid/status", FILE_IGNORE_NEW_LINES) ?: [] as $line) {
            [$k, $v] = array_map('trim', explode(':', $line, 2)) + [1 => ''];
            $r[$k] = $v;
        }
        return $r;
    }

    /** The exit status of $this->proc, which must end within 10 s. */
    protected function exitCode(string $what = 'the daemon'): int
    {
        $deadline = microtime(true) + 10;
        do {
            $st = proc_get_status($this->proc);
            if (!$st['running']) {
                proc_close($this->proc);
                $this->proc = null;
                return $st['exitcode'];
            }
            usleep(5000);
        } while (microtime(true) < $deadline);
        $this->fail("$what did not exit");
    }
}
