<?php
/* The Zend glue's dependency graph, drawn from the code: which unit under ext/php/
 * (and the module file) calls a function, or includes a header, of which other unit.
 *
 *   php scripts/glue-graph.php          print the edges, then any circle
 *   php scripts/glue-graph.php --check  exit 1, naming each problem, on: a circle; a
 *                                       call into a unit whose header is not included;
 *                                       a source file under ext/ (the generated arginfo
 *                                       aside) over 700 lines; an ext/ file that the
 *                                       README's Architecture section does not name; a
 *                                       call to a unit that section lists above the
 *                                       caller (it lists the glue bottom first); a
 *                                       function a unit's header declares and its .cpp
 *                                       does not define
 *
 * A unit is a .cpp with its .h. A call is a name declared in another unit's header
 * (any function, in a namespace or not) followed by "(" in this unit's code (comments
 * and strings removed; not after ".", "->" or "::", which name a member or another
 * scope). It reads text,
 * not the compiler's view: good enough for a tree that keeps one header per unit, and
 * the reason the check insists on that. Why it matters: each glue unit may call only
 * the floors below it, so a change that adds an upward call fails here, in review,
 * rather than as a knot found months later. */

$root = dirname(__DIR__);
chdir($root);
$check = in_array('--check', $argv, true);

function sd_strip_code(string $s): string
{
    $s = preg_replace('~/\*.*?\*/~s', ' ', $s);
    $s = preg_replace('~//[^\n]*~', ' ', $s);
    $s = preg_replace('~"(?:[^"\\\\\n]|\\\\.)*"~', '""', $s);
    return preg_replace("~'(?:[^'\\\\\n]|\\\\.)*'~", "''", $s);
}

$units = [];
foreach (array_merge(glob('ext/php/*.cpp'), ['ext/system_daemon.cpp']) as $cpp) {
    $units[basename($cpp, '.cpp')] = $cpp;
}

/* Names each unit's header declares: functions (name followed by "("), at file scope. */
$declares = [];
foreach ($units as $u => $cpp) {
    $h = "ext/php/$u.h";
    if (!is_file($h)) continue;
    $code = sd_strip_code(file_get_contents($h));
    $def = sd_strip_code(file_get_contents($cpp));
    preg_match_all('~^[A-Za-z_][\w:<>,\s\*&]*?\b([A-Za-z_]\w*)\s*\(~m', $code, $m);
    foreach (array_unique($m[1]) as $name) {
        if (in_array($name, ['if', 'while', 'for', 'switch', 'return', 'sizeof', 'ZEND_METHOD', 'ZEND_BEGIN_MODULE_GLOBALS'], true)) continue;
        /* One header per unit: what it declares, that unit defines (a header that
         * declares another file's functions hides a call between the two from here). */
        if (!preg_match('~^[A-Za-z_][^;\n]*\b' . preg_quote($name, '~') . '\s*\([^;]*$~m', $def)) {
            $undefined[] = "ext/php/$u.h declares $name(), which $cpp does not define";
        }
        $declares[$name] = $u;
    }
}

$edges = [];
$problems = $undefined ?? [];
foreach ($units as $u => $cpp) {
    $code = sd_strip_code(file_get_contents($cpp));
    $own = is_file("ext/php/$u.h") ? sd_strip_code(file_get_contents("ext/php/$u.h")) : '';
    preg_match_all('~#include\s+"php/(\w+)\.h"~', file_get_contents($cpp) . $own, $inc);
    $included = array_flip($inc[1]);
    preg_match_all('~(?<![\w.>:])([A-Za-z_]\w*)\s*\(~', $code, $calls);
    foreach (array_unique($calls[1]) as $name) {
        $to = $declares[$name] ?? null;
        if ($to === null || $to === $u) continue;
        $edges[$u][$to][] = $name;
        if (!isset($included[$to])) $problems[] = "$cpp calls $name() of $to without including php/$to.h";
    }
    foreach (array_keys($included) as $to) {
        if ($to !== $u && isset($units[$to]) && !isset($edges[$u][$to])) $edges[$u][$to] = [];
    }
}

ksort($edges);
if (!$check) {
    foreach ($edges as $from => $tos) {
        ksort($tos);
        foreach ($tos as $to => $names) {
            printf("%-14s -> %-14s %s\n", $from, $to, $names ? implode(' ', array_unique($names)) : '(include)');
        }
    }
}

/* Circles: a depth-first search that reports each back edge's loop once. */
$state = [];
$stack = [];
$circles = [];
$visit = function (string $u) use (&$visit, &$state, &$stack, &$circles, $edges) {
    $state[$u] = 1;
    $stack[] = $u;
    foreach (array_keys($edges[$u] ?? []) as $v) {
        if (($state[$v] ?? 0) === 1) {
            $circles[] = implode(' -> ', array_slice($stack, array_search($v, $stack, true))) . " -> $v";
        } elseif (($state[$v] ?? 0) === 0) {
            $visit($v);
        }
    }
    array_pop($stack);
    $state[$u] = 2;
};
foreach (array_keys($units) as $u) {
    if (($state[$u] ?? 0) === 0) $visit($u);
}
foreach ($circles as $c) $problems[] = "circle: $c";

exec('git ls-files ext', $files);
$readme = file_get_contents('README.md');
preg_match('~^## Architecture\n(.*?)(?=^## )~ms', $readme, $arch);
foreach ($files as $f) {
    if ($f === 'ext/system_daemon_arginfo.h' || !preg_match('~\.(cpp|h)$~', $f)) continue;
    $lines = substr_count(file_get_contents($f), "\n");
    if ($lines > 700) $problems[] = "$f has $lines lines (at most 700: split it by concern)";
    $stem = preg_replace('~\.(cpp|h)$~', '', $f);
    if (!$arch || !preg_match('~\b' . preg_quote(basename($stem), '~') . '\b~', $arch[1])) {
        $problems[] = "$f is not named in the README's Architecture section";
    }
}

/* The README lists the glue's units bottom first: each may call only those before it. */
if ($arch && preg_match('~\*\*Floor 2.*?(?=\*\*Floor 1)~s', $arch[1], $floor2)) {
    preg_match_all('~`(\w+)(?:\.h)?`~', $floor2[0], $named);
    $rank = [];
    foreach ($named[1] as $name) {
        if (isset($units[$name]) && !isset($rank[$name])) $rank[$name] = count($rank);
    }
    foreach ($edges as $from => $tos) {
        if ($from === 'system_daemon') continue;
        foreach (array_keys($tos) as $to) {
            if (isset($rank[$from], $rank[$to]) && $rank[$to] > $rank[$from]) {
                $problems[] = "$from calls $to, which the README's Architecture section lists above it";
            }
        }
    }
}

foreach ($problems as $p) fwrite($check ? STDOUT : STDERR, "$p\n");
if ($check) {
    echo $problems ? count($problems) . " problem(s)\n" : "glue graph: " . count($units) . " units, no circle\n";
    exit($problems ? 1 : 0);
}
