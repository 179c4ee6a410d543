<?php
/**
 * Test fixture: a small stand-in for PEAR's Log, found only through the autoloader
 * that the PEAR System/Daemon.php registered (Log -> Log.php on include_path).
 */
class Log
{
    public static function singleton($handler, $name = '', $ident = '', $conf = array(), $level = 7)
    {
        static $instances = array();
        $key = $handler . '|' . $name . '|' . $ident;
        if (!isset($instances[$key])) {
            $class = 'Log_' . $handler;  // autoloaded too: Log/file.php
            $instances[$key] = new $class($name, $ident, $conf, $level);
        }
        return $instances[$key];
    }
}
