--TEST--
The committed arginfo header was generated from the current stub (stub hash matches)
--FILE--
<?php
$root = dirname(__DIR__);
$stub = "$root/stubs/system_daemon.stub.php";
$arginfo = "$root/ext/system_daemon_arginfo.h";
var_dump(is_file($stub), is_file($arginfo));
preg_match('/Stub hash: ([0-9a-f]{40})/', file_get_contents($arginfo), $m);
var_dump(isset($m[1]));
// gen_stub.php hashes the stub's bytes with sha1
if ($m[1] !== sha1_file($stub)) {
    echo "stale arginfo: header has $m[1], stub is ", sha1_file($stub), "; run scripts/gen-arginfo.sh\n";
} else {
    echo "in sync\n";
}
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
in sync
