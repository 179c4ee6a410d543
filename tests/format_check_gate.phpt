--TEST--
Build gate: scripts/format-check.sh passes ext/ as it is and fails, naming the file, on a source laid out otherwise than .clang-format says
--SKIPIF--
<?php
exec('clang-format --version 2>/dev/null', $v, $rc);
if ($rc !== 0 || !preg_match('/clang-format version 14\./', implode("\n", $v))) die('skip needs clang-format 14 (the version .clang-format is made for)');
?>
--FILE--
<?php
$root = dirname(__DIR__);
exec(escapeshellarg("$root/scripts/format-check.sh") . ' 2>&1', $out, $rc);
echo implode("\n", $out), "\nrc=$rc\n";
// A copy of the gate and the config over a tree with one badly laid out file.
$tmp = sys_get_temp_dir() . '/sd-format-' . getmypid();
mkdir("$tmp/scripts", 0700, true);
mkdir("$tmp/ext/core", 0700, true);
copy("$root/scripts/format-check.sh", "$tmp/scripts/format-check.sh");
chmod("$tmp/scripts/format-check.sh", 0755);
copy("$root/.clang-format", "$tmp/.clang-format");
file_put_contents("$tmp/ext/core/good.cpp", "int good()\n{\n    return 1;\n}\n");
file_put_contents("$tmp/ext/core/bad.cpp", "int bad() {  return 1; }\n");
$out = [];
exec(escapeshellarg("$tmp/scripts/format-check.sh") . ' 2>&1', $out, $rc);
echo implode("\n", $out), "\nrc=$rc\n";
foreach (['scripts/format-check.sh', '.clang-format', 'ext/core/good.cpp', 'ext/core/bad.cpp'] as $f) unlink("$tmp/$f");
rmdir("$tmp/ext/core"); rmdir("$tmp/ext"); rmdir("$tmp/scripts"); rmdir($tmp);
?>
--EXPECTF--
format-check: ext/ matches .clang-format
rc=0
format-check: ext/core/bad.cpp differs from .clang-format (%d lines would change)
rc=1
