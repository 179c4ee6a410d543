--TEST--
Structure: no glue unit calls one that calls back into it, no source file over 700 lines, every ext/ file named in the README's Architecture section
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
// The checker itself finds a circle: a copy of the glue where the log engine calls up
// into the lifecycle again (the knot this check exists to keep out).
$tmp = sys_get_temp_dir() . '/sd-glue-' . getmypid();
mkdir("$tmp/ext/php", 0700, true);
mkdir("$tmp/scripts");
copy("$root/scripts/glue-graph.php", "$tmp/scripts/glue-graph.php");
file_put_contents("$tmp/README.md", "## Architecture\nlog lifecycle\n## End\n");
file_put_contents("$tmp/ext/php/log.h", "void sd_log_line();\n");
file_put_contents("$tmp/ext/php/lifecycle.h", "void sd_lifecycle_stop();\n");
file_put_contents("$tmp/ext/php/log.cpp", "#include \"php/lifecycle.h\"\nvoid sd_log_line() { sd_lifecycle_stop(); }\n");
file_put_contents("$tmp/ext/php/lifecycle.cpp", "#include \"php/log.h\"\nvoid sd_lifecycle_stop() { sd_log_line(); }\n");
file_put_contents("$tmp/ext/system_daemon.cpp", "\n");
exec(PHP_BINARY . ' -n -d pcre.jit=' . (int)ini_get('pcre.jit') . ' ' . escapeshellarg("$tmp/scripts/glue-graph.php") . ' --check 2>&1', $out, $rc2);
echo implode("\n", preg_grep('~circle~', $out)), "\nrc=$rc2\n";
array_map('unlink', glob("$tmp/ext/php/*"));
foreach (["$tmp/scripts/glue-graph.php", "$tmp/README.md", "$tmp/ext/system_daemon.cpp"] as $f) unlink($f);
rmdir("$tmp/ext/php"); rmdir("$tmp/ext"); rmdir("$tmp/scripts"); rmdir($tmp);
?>
--EXPECTF--
glue graph: %d units, no circle
rc=0
circle: %s -> %s -> %s
rc=1
