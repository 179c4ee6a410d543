<?php
/* Stands in for the PEAR package's System/Daemon/Options.php (see ../Daemon.php). */
echo "PEAR System/Daemon/Options.php was compiled\n";
class System_Daemon_Options
{
}
