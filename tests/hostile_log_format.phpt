--TEST--
Hostile input: format strings that do not match their arguments, odd arguments, semantify() and abbr() with weird input
--EXTENSIONS--
system_daemon
--FILE--
<?php
require __DIR__ . '/include/sd.inc';
$dir = sd_dir('hostile_log_format');
System_Daemon::setOptions(['appName' => 'hostile', 'logLocation' => "$dir/h.log", 'logVerbosity' => 7]);
ob_start(); // the foreground echo of each line; the log file is what we check
$fp = fopen('php://memory', 'r');
$a = [1]; $a[] = &$a;
$o = new stdClass; $o->self = $o;
$calls = [
    'too few' => fn() => System_Daemon::info('%s and %s', 'x'),
    'positional past the end' => fn() => System_Daemon::warning('%3$s', 'x', 'y'),
    'lone %' => fn() => System_Daemon::err('100%', 1),
    'unknown specifier' => fn() => System_Daemon::notice('%y', 1),
    'huge width' => fn() => System_Daemon::debug('%2147483648s', 1),
    'log() too few' => fn() => System_Daemon::log(System_Daemon::LOG_INFO, sprintf('%s', 'ok') . ' %s %s'),
    'too many' => fn() => System_Daemon::info('%s', 'x', 'y', 'z'),
    'no specifier' => fn() => System_Daemon::info('plain', 1, 2),
    'array arg' => fn() => System_Daemon::info('%s', ['k' => str_repeat('v', 100)]),
    'recursive array' => fn() => System_Daemon::info('%s', $a),
    'recursive object' => fn() => System_Daemon::info('%s', $o),
    'resource' => fn() => System_Daemon::info('%s', $fp),
    'closure as number' => fn() => System_Daemon::info('%d', function () {}),
    'NUL bytes' => fn() => System_Daemon::info("a\0b %s", "c\0d"),
    '10000 args' => fn() => System_Daemon::info(str_repeat('%s', 10000), ...array_fill(0, 10000, 'x')),
    'object message' => fn() => System_Daemon::info(new stdClass),
    'level 99' => fn() => System_Daemon::log(99, 'x'),
    'level "abc"' => fn() => System_Daemon::log('abc', 'x'),
];
$results = [];
foreach ($calls as $label => $c) {
    try {
        $r = @$c();
        $out = var_export($r, true);
    } catch (Throwable $e) {
        $out = get_class($e) . ': ' . $e->getMessage()
            . ($e->getPrevious() ? ' (previous: ' . get_class($e->getPrevious()) . ')' : '');
    }
    $results[] = str_pad($label, 24) . $out . "\n";
}
ob_end_clean();
echo implode('', $results);
$log = file_get_contents("$dir/h.log");
echo substr_count($log, "\n"), " lines\n";
// Escaped like every control character: nothing but text reaches the file.
echo strpos($log, "info: a\\x00b 'c\\x00d'") !== false ? "NUL bytes escaped\n" : "NUL bytes lost\n";
echo strpos($log, str_repeat("'x'", 10000)) !== false ? "10000 args logged\n" : "10000 args missing\n";

echo "== semantify\n";
foreach ([null, true, 0, -1.5, NAN, "", "a\0b", "12", $fp, function () {}, $o, [], ['a' => "x\0y", 'b' => [1, [2]]], $a] as $v) {
    $r = System_Daemon::semantify($v);
    echo is_string($r) ? json_encode($r, JSON_PARTIAL_OUTPUT_ON_ERROR) : var_export($r, true), "\n";
}
echo "== abbr\n";
foreach ([[str_repeat('x', 40), PHP_INT_MIN], [str_repeat('x', 40), PHP_INT_MIN + 1], [str_repeat('x', 40), -39],
          [str_repeat('x', 40), -37], [str_repeat('x', 40), PHP_INT_MAX], ['hello', 2, str_repeat('.', 1000)],
          ['', -5, ''], ["\xff\xfe\xfd", 2, ''], ["a\0bcdef", 5]] as $args) {
    echo bin2hex(System_Daemon::abbr(...$args)), "\n";
}
var_dump(@System_Daemon::abbr([1], 1));
try { System_Daemon::abbr('x', 'y'); } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
// The reference cycles go before the end of the request: under valgrind
// (USE_ZEND_ALLOC=0) a cycle left for shutdown shows as a leak of PHP's.
$o->self = null; $a[1] = null; unset($calls, $c);
?>
--CLEAN--
<?php
require __DIR__ . '/include/sd.inc';
sd_clean('hostile_log_format');
?>
--EXPECTF--
too few                 ValueError: System_Daemon::info(): the format "%s and %s" does not fit its 1 argument: The arguments array must contain 2 items, 1 given (previous: ValueError)
positional past the end ValueError: System_Daemon::warning(): the format "%3$s" does not fit its 2 arguments: The arguments array must contain 3 items, 2 given (previous: ValueError)
lone %                  ValueError: System_Daemon::err(): the format "100%" does not fit its 1 argument: Missing format specifier at end of string (previous: ValueError)
unknown specifier       ValueError: System_Daemon::notice(): the format "%y" does not fit its 1 argument: Unknown format specifier "y" (previous: ValueError)
huge width              ValueError: System_Daemon::debug(): the format "%2147483648s" does not fit its 1 argument: %s (previous: ValueError)
log() too few           true
too many                true
no specifier            true
array arg               true
recursive array         true
recursive object        true
resource                true
closure as number       true
NUL bytes               true
10000 args              true
object message          Error: Object of class stdClass could not be converted to string
level 99                false
level "abc"             false
10 lines
NUL bytes escaped
10000 args logged
== semantify
"''"
true
0
-1.5
NAN
"''"
"'a\u0000b'"
"12"
"Resource id #%d"
"Closure"
"stdClass"
""
"a: 'x\u0000y', b: [1,[2]]"
"0: 1, 1: %s"
== abbr
2e2e2e
2e2e2e
2e2e2e
2e2e2e
78787878787878787878787878787878787878787878787878787878787878787878787878787878
%r(2e){1000}%r

fffe
61002e2e2e
string(6) "Arr..."
TypeError: System_Daemon::abbr(): Argument #2 ($cutAt) must be of type int, string given
