<?php
/* Stands in for the PEAR package's System/Daemon/Exception.php (see ../Daemon.php). */
echo "PEAR System/Daemon/Exception.php was compiled\n";
class System_Daemon_Exception
{
}
