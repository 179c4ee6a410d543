<?php

/**
 * The PHP API of the system_daemon extension.
 *
 * This file is the single source of the API: ext/system_daemon_arginfo.h is
 * generated from it (scripts/gen-arginfo.sh), and the same file serves IDEs
 * and static analysers as a stub. It is valid PHP (php -l) but is never
 * included at run time. The generated header also compiles against the oldest
 * supported PHP (8.1) whichever PHP generated it.
 *
 * @generate-class-entries
 * @generate-legacy-arginfo 80100
 */

/**
 * Turns a PHP CLI script into a Unix daemon (successor of PEAR System_Daemon 1.0).
 */
class System_Daemon
{
    /** @var int */
    public const LOG_EMERG = 0;
    /** @var int */
    public const LOG_ALERT = 1;
    /** @var int */
    public const LOG_CRIT = 2;
    /** @var int */
    public const LOG_ERR = 3;
    /** @var int */
    public const LOG_WARNING = 4;
    /** @var int */
    public const LOG_NOTICE = 5;
    /** @var int */
    public const LOG_INFO = 6;
    /** @var int */
    public const LOG_DEBUG = 7;

    protected function __construct() {}

    /** Loads the legacy classes' files; kept for scripts that register it. */
    public static function autoload(mixed $className): bool {}

    /** Daemonizes the running script; returns true in the daemon. */
    public static function start(): bool {}

    /** Tells the waiting launcher (or systemd) that the daemon is ready, when appDeferReady is on. */
    public static function ready(mixed $status = null): bool {}

    /**
     * The sockets systemd passed (socket activation: LISTEN_FDS, LISTEN_PID,
     * LISTEN_FDNAMES) as streams, keyed by name; [] when there are none for this process.
     * @return array<string, resource>
     */
    public static function listenSockets(): array {}

    /**
     * In a pool's worker (appWorkers): its id, 0..appWorkers-1, kept by the worker that
     * replaces it; 0 in a daemon without a pool.
     */
    public static function workerId(): int {}

    /** Whether this process is a pool's master: never true where PHP code runs, as the master runs none. */
    public static function isMaster(): bool {}

    /** The pool's size (appWorkers) in its workers; 0 without a pool. */
    public static function workerCount(): int {}

    /** Sleeps interruptibly, dispatches pending signals, clears the stat cache and collects cycles. */
    public static function iterate(int|float $sleepSeconds = 0): bool {}

    /** Stops the daemon through PHP's normal shutdown; exits 0. */
    public static function stop(): never {}

    /** Stops, then executes the same PHP binary with the same arguments again. */
    public static function restart(): never {}

    /** @param callable|int $handler */
    public static function setSigHandler(mixed $signal = null, mixed $handler = null): ?bool {}

    public static function defaultSigHandler(int $signo, mixed $siginfo = null): void {}

    public static function setOption(mixed $name, mixed $value): bool {}

    public static function setOptions(mixed $use_options): bool {}

    public static function getOption(mixed $name): mixed {}

    public static function getOptions(): array {}

    /** opt($name) reads an option, opt($name, $value) sets it. */
    public static function opt(mixed $name, mixed ...$value): mixed {}

    public static function phpErrors(mixed $errno, mixed $errstr, mixed $errfile = null, mixed $errline = null): bool {}

    public static function abbr(mixed $str, int $cutAt = 30, string $suffix = '...'): string {}

    public static function semantify(mixed $arguments): mixed {}

    public static function log(mixed $level, mixed $str, mixed $file = false, mixed $class = false, mixed $function = false, mixed $line = false): bool {}

    public static function emerg(mixed $format = '', mixed ...$arguments): bool {}

    public static function alert(mixed $format = '', mixed ...$arguments): bool {}

    public static function crit(mixed $format = '', mixed ...$arguments): bool {}

    public static function err(mixed $format = '', mixed ...$arguments): bool {}

    public static function warning(mixed $format = '', mixed ...$arguments): bool {}

    public static function notice(mixed $format = '', mixed ...$arguments): bool {}

    public static function info(mixed $format = '', mixed ...$arguments): bool {}

    public static function debug(mixed $format = '', mixed ...$arguments): bool {}

    /** @return string|bool the path written, true when it existed already, false on failure */
    public static function writeAutoRun(bool $overwrite = false): string|bool {}

    public static function isInBackground(): bool {}

    public static function isDying(): bool {}

    public static function isRunning(): bool {}

    public static function stopRunning(): bool {}

    public static function fileread(mixed $filepath): string|false {}

    /**
     * What the daemon knows of itself: pid, uptime (s), iterations, rss and rssPeak
     * (bytes), sinceIteration and slowestIteration (s, recent), recycles, lastRecycle
     * (the limit's option name, or null).
     * @return array<string, int|float|string|null>
     */
    public static function stats(): array {}
}

class System_Daemon_Exception extends Exception
{
}

class System_Daemon_OS_Exception extends System_Daemon_Exception
{
}

/**
 * Operating-system driver: picks the startup-file format and where it goes.
 */
class System_Daemon_OS
{
    public array $errors = [];
    protected string $_autoRunTemplatePath = "";
    protected array $_autoRunTemplateReplace = [];
    protected ?string $_autoRunDir = null;
    protected array $_osDetails = [];
    protected string $_osVersionFile = "";

    public function __construct() {}

    public static function factory(mixed $force_os = false, bool $retried = false): System_Daemon_OS|false {}

    public function isInstalled(): bool {}

    public function getDetails(): array {}

    public function getAutoRunTemplatePath(mixed $properties = []): string|false {}

    public function getAutoRunPath(mixed $appName, mixed $properties = []): string|false {}

    public static function isWritable(mixed $path): bool {}

    public function getAutoRunTemplate(mixed $properties): string|false {}

    public function getAutoRunScript(mixed $properties): string|false {}

    public function writeAutoRun(mixed $properties, bool $overwrite = false): string|bool {}
}

class System_Daemon_OS_Linux extends System_Daemon_OS
{
}

class System_Daemon_OS_Debian extends System_Daemon_OS_Linux
{
}

class System_Daemon_OS_Ubuntu extends System_Daemon_OS_Debian
{
}

class System_Daemon_OS_Arch extends System_Daemon_OS_Ubuntu
{
}

class System_Daemon_OS_RedHat extends System_Daemon_OS_Linux
{
}

class System_Daemon_OS_Fedora extends System_Daemon_OS_RedHat
{
}

class System_Daemon_OS_BSD extends System_Daemon_OS
{
}

class System_Daemon_OS_Windows extends System_Daemon_OS
{
}
