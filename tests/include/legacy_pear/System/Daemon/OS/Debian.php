<?php
/* Stands in for the PEAR package's System/Daemon/OS/Debian.php (see ../../Daemon.php). */
echo "PEAR System/Daemon/OS/Debian.php was compiled\n";
class System_Daemon_OS_Debian
{
}
