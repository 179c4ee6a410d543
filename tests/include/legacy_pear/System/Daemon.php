<?php
/* Stands in for the PEAR package's System/Daemon.php on include_path: it declares the
 * class as the original does, so compiling it next to the extension is the fatal
 * "Cannot declare class System_Daemon" that the legacy-require hook must prevent. */
echo "PEAR System/Daemon.php was compiled\n";
spl_autoload_register(array('System_Daemon', 'autoload'));
class System_Daemon
{
    public static function autoload($className)
    {
        return false;
    }
}
