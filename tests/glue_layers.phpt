--TEST--
Structure: no glue unit calls one that calls back into it, no source file over 700 lines, every ext/ file named in the README's Architecture section, every function a glue header declares defined in its own unit
--SKIPIF--
<?php
exec('git -C ' . escapeshellarg(dirname(__DIR__)) . ' rev-parse --is-inside-work-tree 2>/dev/null', $o, $rc);
if ($rc !== 0) die('skip not a git checkout (the check lists the tracked files)');
?>
--FILE--
<?php
$root = dirname(__DIR__);
// (The children run with this PHP's pcre.jit: the memory check turns the JIT off, whose
// reads past a subject's end valgrind would report.)
passthru(PHP_BINARY . ' -n -d pcre.jit=' . (int)ini_get('pcre.jit') . ' ' . escapeshellarg("$root/scripts/glue-graph.php") . ' --check 2>&1', $rc);
echo "rc=$rc\n";
// The checker on a copy of the glue made of the given files ($files: path => text).
$mutant = function (array $files) use ($root): array {
    $tmp = sys_get_temp_dir() . '/sd-glue-' . getmypid();
    mkdir("$tmp/ext/php", 0700, true);
    mkdir("$tmp/scripts");
    copy("$root/scripts/glue-graph.php", "$tmp/scripts/glue-graph.php");
    file_put_contents("$tmp/ext/system_daemon.cpp", "\n");
    foreach ($files as $f => $text) file_put_contents("$tmp/$f", $text);
    exec(PHP_BINARY . ' -n -d pcre.jit=' . (int)ini_get('pcre.jit') . ' ' . escapeshellarg("$tmp/scripts/glue-graph.php") . ' --check 2>&1', $out, $rc);
    array_map('unlink', glob("$tmp/ext/php/*"));
    foreach (["$tmp/scripts/glue-graph.php", "$tmp/README.md", "$tmp/ext/system_daemon.cpp"] as $f) unlink($f);
    rmdir("$tmp/ext/php"); rmdir("$tmp/ext"); rmdir("$tmp/scripts"); rmdir($tmp);
    return [$out, $rc];
};
// It finds a circle: the log engine calls up into the lifecycle again (the knot this
// check exists to keep out).
[$out, $rc2] = $mutant([
    'README.md' => "## Architecture\nlog lifecycle\n## End\n",
    'ext/php/log.h' => "void sd_log_line();\n",
    'ext/php/lifecycle.h' => "void sd_lifecycle_stop();\n",
    'ext/php/log.cpp' => "#include \"php/lifecycle.h\"\nvoid sd_log_line() { sd_lifecycle_stop(); }\n",
    'ext/php/lifecycle.cpp' => "#include \"php/log.h\"\nvoid sd_lifecycle_stop() { sd_log_line(); }\n",
]);
echo implode("\n", preg_grep('~circle~', $out)), "\nrc=$rc2\n";
// And a header that declares another file's functions (they were the startup files'
// and the driver classes' once: each called the other, and no edge showed it).
[$out, $rc3] = $mutant([
    'README.md' => "## Architecture\nautorun os\n## End\n",
    'ext/php/autorun.h' => "namespace sd_os {\nvoid add_error(int obj);\nbool check_type(int obj);\n}\n",
    'ext/php/autorun.cpp' => "#include \"php/autorun.h\"\nbool sd_os::check_type(int obj)\n{\n    add_error(obj);\n    return false;\n}\n",
    'ext/php/os.cpp' => "#include \"php/autorun.h\"\nvoid sd_os::add_error(int obj)\n{\n    check_type(obj);\n}\n",
]);
echo implode("\n", preg_grep('~declares~', $out)), "\nrc=$rc3\n";
?>
--EXPECTF--
glue graph: %d units, no circle
rc=0
circle: %s -> %s -> %s
rc=1
ext/php/autorun.h declares add_error(), which ext/php/autorun.cpp does not define
rc=1
