--TEST--
Packaging: package.xml lists every tracked source and test file, with the version of ext/php_system_daemon.h
--SKIPIF--
<?php
$root = dirname(__DIR__);
exec('git -C ' . escapeshellarg($root) . ' rev-parse --is-inside-work-tree 2>/dev/null', $o, $rc);
if ($rc !== 0) die('skip not a git checkout (a release tarball has no git ls-files to compare with)');
?>
--FILE--
<?php
$root = dirname(__DIR__);
// the same check CI runs; it names every missing or extra file
passthru(PHP_BINARY . ' -n ' . escapeshellarg("$root/scripts/package-xml.php") . ' --check 2>&1', $rc);
echo "rc=$rc\n";

// and independently of the generator: every tracked file under the shipped trees is listed
exec('git -C ' . escapeshellarg($root) . ' ls-files', $tracked);
// read with preg: the suite runs with -n, where Debian's simplexml is not loaded
$xml = file_get_contents("$root/package.xml");
// package.xml nests <dir>s; walk them to get each file's full path
preg_match('~<contents>(.*)</contents>~s', $xml, $c);
preg_match_all('~<dir name="([^"]*)">|</dir>|<file name="([^"]+)" role="([^"]+)"~', $c[1], $tokens, PREG_SET_ORDER);
$stack = [];
$fm = [1 => [], 2 => []];
foreach ($tokens as $t) {
    if ($t[0] === '</dir>') {
        array_pop($stack);
    } elseif (strncmp($t[0], '<dir', 4) === 0) {
        $stack[] = $t[1] === '/' ? '' : $t[1];
    } else {
        $fm[1][] = ltrim(implode('/', $stack) . '/' . $t[2], '/');
        $fm[2][] = $t[3];
    }
}
$listed = $fm[1];
$missing = array_filter($tracked, fn($f) => preg_match('~^(ext|php-src-compat|stubs|tests|examples|bench|scripts)/|^(config\.m4|README\.md|LICENSE|composer\.json)$~', $f)
                                          && !in_array($f, $listed, true));
echo 'missing: ', json_encode(array_values($missing)), "\n";
$roles = array_combine($fm[1], $fm[2]);
echo 'roles: ', $roles['ext/system_daemon.cpp'], ' ', $roles['tests/legacy_autoload.phpt'], ' ', $roles['README.md'], "\n";

preg_match('/PHP_SYSTEM_DAEMON_VERSION\s+"([^"]+)"/', file_get_contents("$root/ext/php_system_daemon.h"), $m);
preg_match('~<version>\s*<release>([^<]+)</release>\s*<api>([^<]+)</api>~', $xml, $v);
echo 'version: ', $m[1] === $v[1] && $m[1] === $v[2] ? 'same' : "header {$m[1]} != package.xml {$v[1]}/{$v[2]}", "\n";
preg_match('~<providesextension>([^<]+)<~', $xml, $pe);
echo 'providesextension: ', $pe[1], "\n";
?>
--EXPECTF--
package.xml lists every shipped file; version %d.%d.%d
rc=0
missing: []
roles: src test doc
version: same
providesextension: system_daemon
