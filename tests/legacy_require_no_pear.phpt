--TEST--
Legacy requires: require_once 'System/Daemon.php' (and the package's other files) succeeds and does nothing when no PEAR copy exists
--EXTENSIONS--
system_daemon
--INI--
include_path=/nonexistent/sd_no_pear
--FILE--
<?php
foreach (['System/Daemon.php', 'System/Daemon/OS.php', 'System/Daemon/Options.php',
          'System/Daemon/Exception.php', 'System/Daemon/OS/Exception.php', 'System/Daemon/OS/Debian.php'] as $f) {
    echo $f, ': ', var_export(require_once $f, true), "\n";
}
// again: require_once skips, require and include compile the empty script again
var_dump(require_once 'System/Daemon.php');
var_dump(require 'System/Daemon.php');
var_dump(include 'System/Daemon.php');
var_dump(include_once './System/Daemon.php');
$r = new ReflectionClass('System_Daemon');
echo 'internal: ', var_export($r->isInternal(), true), ', extension: ', $r->getExtensionName(), "\n";
System_Daemon::setOption('appName', 'legacy');
echo System_Daemon::getOption('appName'), "\n";
// a file that is not the package's still fails as always
echo 'other: ', var_export(@include 'System/NotDaemon.php', true), "\n";
echo 'similar name: ', var_export(@include 'MySystem/Daemon.php', true), "\n";
?>
--EXPECT--
System/Daemon.php: 1
System/Daemon/OS.php: 1
System/Daemon/Options.php: 1
System/Daemon/Exception.php: 1
System/Daemon/OS/Exception.php: 1
System/Daemon/OS/Debian.php: 1
bool(true)
int(1)
int(1)
int(1)
internal: true, extension: system_daemon
legacy
other: false
similar name: false
