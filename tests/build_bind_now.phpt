--TEST--
Build: the module is linked with -z now (every symbol bound at load time), so a PHP lacking one refuses to load it
--EXTENSIONS--
system_daemon
--FILE--
<?php
// The loaded module's path, from this process's own mappings.
$so = null;
foreach (file('/proc/self/maps', FILE_IGNORE_NEW_LINES) as $l) {
    if (preg_match('~\s(/\S*system_daemon\.so)$~', $l, $m)) { $so = $m[1]; break; }
}
var_dump($so !== null);
$elf = file_get_contents($so);
// ELF64 little-endian: program headers, then the PT_DYNAMIC segment's entries.
var_dump(substr($elf, 0, 6) === "\x7fELF\x02\x01");
$phoff = unpack('P', $elf, 32)[1];
$phentsize = unpack('v', $elf, 54)[1];
$phnum = unpack('v', $elf, 56)[1];
$now = false;
for ($i = 0; $i < $phnum; $i++) {
    $ph = $phoff + $i * $phentsize;
    if (unpack('V', $elf, $ph)[1] !== 2) continue;        // PT_DYNAMIC
    $off = unpack('P', $elf, $ph + 8)[1];
    $size = unpack('P', $elf, $ph + 32)[1];
    for ($e = $off; $e + 16 <= $off + $size; $e += 16) {
        [, $tag, $val] = unpack('P2', $elf, $e);
        if ($tag === 0) break;                             // DT_NULL
        if ($tag === 24) $now = true;                      // DT_BIND_NOW
        if ($tag === 30 && ($val & 0x8)) $now = true;      // DT_FLAGS & DF_BIND_NOW
        if ($tag === 0x6ffffffb && ($val & 0x1)) $now = true; // DT_FLAGS_1 & DF_1_NOW
    }
}
var_dump($now);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
