<?php
/* Stands in for the PEAR package's System/Daemon/OS.php (see ../Daemon.php). */
echo "PEAR System/Daemon/OS.php was compiled\n";
class System_Daemon_OS
{
}
