--TEST--
Legacy requires: the old PEAR files on include_path are not compiled (no "Cannot declare class System_Daemon")
--EXTENSIONS--
system_daemon
--INI--
include_path=.:{PWD}/include/legacy_pear
--FILE--
<?php
echo 'resolves to the PEAR copy: ', var_export(stream_resolve_include_path('System/Daemon.php') !== false, true), "\n";
var_dump(require_once 'System/Daemon.php');
var_dump(require_once 'System/Daemon/OS.php');
var_dump(require_once 'System/Daemon/Options.php');
var_dump(require_once 'System/Daemon/Exception.php');
var_dump(require_once 'System/Daemon/OS/Debian.php');
var_dump(require_once 'System/Daemon.php');
// by absolute path too (a PEAR copy bundled with an application)
var_dump(require __DIR__ . '/include/legacy_pear/System/Daemon.php');
var_dump(require_once __DIR__ . '/include/legacy_pear/System/Daemon/OS.php');
// other files of the same directory are left alone
var_dump(require 'System/Other.php');
echo 'internal: ', var_export((new ReflectionClass('System_Daemon'))->isInternal(), true), "\n";
echo 'internal: ', var_export((new ReflectionClass('System_Daemon_OS_Debian'))->isInternal(), true), "\n";
echo 'PEAR-only class: ', var_export(class_exists('System_Daemon_Options', false), true), "\n";
echo 'included: ', count(array_filter(get_included_files(), fn($f) => str_contains($f, 'legacy_pear/System/Daemon'))), "\n";
?>
--EXPECT--
resolves to the PEAR copy: true
int(1)
int(1)
int(1)
int(1)
int(1)
bool(true)
int(1)
bool(true)
System/Other.php was compiled
string(5) "other"
internal: true
internal: true
PEAR-only class: false
included: 5
