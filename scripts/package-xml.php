<?php
/* Keeps package.xml in step with the tree: rewrites its <contents> from `git ls-files`
 * and its version from PHP_SYSTEM_DAEMON_VERSION in ext/php_system_daemon.h.
 *
 *   php scripts/package-xml.php          rewrite package.xml in place
 *   php scripts/package-xml.php --check  exit 1 (naming what differs) when it is stale
 *
 * `pecl package` silently drops files that package.xml does not list, so a file added
 * without running this would be missing from the release tarball: --check (run by the
 * phpt suite, tests/package_xml_complete.phpt) makes that a test failure. */

$root = dirname(__DIR__);
chdir($root);

/* Tracked files that are not part of the release: CI wiring and git's own. */
function sd_pkg_shipped(string $f): bool
{
    return !preg_match('~^(\.ci/|\.git|package\.xml$)~', $f);
}

/* PEAR roles: "src" files build the extension, "test" files are the test suite,
 * "doc" files are installed to pecl's doc_dir (the README, the licence, examples, and
 * the stub, which is published for IDEs and static analysers). */
function sd_pkg_role(string $f): string
{
    if (str_starts_with($f, 'tests/')) return 'test';
    if (str_starts_with($f, 'examples/') || str_starts_with($f, 'stubs/')
        || in_array($f, ['README.md', 'LICENSE'], true)) return 'doc';
    return 'src';
}

function sd_pkg_version(): string
{
    $h = file_get_contents('ext/php_system_daemon.h');
    if (!preg_match('/#define\s+PHP_SYSTEM_DAEMON_VERSION\s+"([^"]+)"/', $h, $m)) {
        fwrite(STDERR, "PHP_SYSTEM_DAEMON_VERSION not found in ext/php_system_daemon.h\n");
        exit(2);
    }
    return $m[1];
}

function sd_pkg_files(): array
{
    exec('git ls-files -z 2>/dev/null', $out, $rc);
    if ($rc !== 0) {
        fwrite(STDERR, "not a git checkout: git ls-files failed\n");
        exit(2);
    }
    $files = array_values(array_filter(explode("\0", implode("\n", $out)), fn($f) => $f !== '' && sd_pkg_shipped($f)));
    sort($files, SORT_STRING);
    return $files;
}

/* Nested <dir>s with plain file names, the layout pecl itself writes: tools that read
 * package.xml (and people) look files up by their base name within a directory. */
function sd_pkg_contents(array $files): string
{
    $tree = [];
    foreach ($files as $f) {
        $parts = explode('/', $f);
        $node = &$tree;
        foreach (array_slice($parts, 0, -1) as $d) {
            $node = &$node['dirs'][$d];
        }
        $node['files'][] = end($parts);
        unset($node);
    }
    return "  <dir name=\"/\">\n" . sd_pkg_render($tree, '', 3) . "  </dir>\n";
}

function sd_pkg_render(array $node, string $prefix, int $indent): string
{
    $pad = str_repeat(' ', $indent);
    $x = '';
    $dirs = $node['dirs'] ?? [];
    ksort($dirs, SORT_STRING);
    foreach ($dirs as $d => $sub) {
        $x .= sprintf("%s<dir name=\"%s\">\n", $pad, htmlspecialchars($d, ENT_XML1));
        $x .= sd_pkg_render($sub, "$prefix$d/", $indent + 1);
        $x .= "$pad</dir>\n";
    }
    $files = $node['files'] ?? [];
    sort($files, SORT_STRING);
    foreach ($files as $f) {
        $x .= sprintf("%s<file name=\"%s\" role=\"%s\"/>\n", $pad, htmlspecialchars($f, ENT_XML1), sd_pkg_role("$prefix$f"));
    }
    return $x;
}

/** The full paths package.xml lists, walking its nested <dir>s. */
function sd_pkg_listed(string $xml): array
{
    if (!preg_match('~<contents>(.*)</contents>~s', $xml, $c)) {
        return [];
    }
    preg_match_all('~<dir name="([^"]*)">|</dir>|<file name="([^"]+)"~', $c[1], $tokens, PREG_SET_ORDER);
    $stack = [];
    $out = [];
    foreach ($tokens as $t) {
        if ($t[0] === '</dir>') {
            array_pop($stack);
        } elseif (strncmp($t[0], '<dir', 4) === 0) {
            $stack[] = $t[1] === '/' ? '' : $t[1];
        } else {
            $out[] = ltrim(implode('/', $stack) . '/' . $t[2], '/');
        }
    }
    return $out;
}

$xml = file_get_contents('package.xml');
$version = sd_pkg_version();
$new = preg_replace('~(<contents>\n).*?(\s*</contents>)~s', '$1' . addcslashes(sd_pkg_contents(sd_pkg_files()), '\\$') . ' </contents>', $xml, 1);
$new = preg_replace('~<version>\s*<release>[^<]*</release>\s*<api>[^<]*</api>\s*</version>~',
                    "<version>\n  <release>$version</release>\n  <api>$version</api>\n </version>", $new, 1);

if (($argv[1] ?? '') === '--check') {
    if ($new === $xml) {
        echo "package.xml lists every shipped file; version $version\n";
        exit(0);
    }
    $listed = sd_pkg_listed($xml);
    $want = sd_pkg_files();
    foreach (array_diff($want, $listed) as $f) echo "missing from package.xml: $f\n";
    foreach (array_diff($listed, $want) as $f) echo "listed in package.xml but not tracked: $f\n";
    if (!str_contains($xml, "<release>$version</release>")) echo "package.xml's version is not $version (ext/php_system_daemon.h)\n";
    echo "package.xml is stale: run php scripts/package-xml.php\n";
    exit(1);
}
file_put_contents('package.xml', $new);
echo "package.xml: ", count(sd_pkg_files()), " files, version $version\n";
