<?php
/**
 * Test fixture: stands in for a project's own copy of the PEAR package's main file,
 * shipped under another name. It carries what identifies the package's files (the
 * PEAR docblock naming the package, the class declaration); compiled next to the
 * extension it would be the fatal "Cannot declare class System_Daemon".
 *
 * @category  System
 * @package   System_Daemon
 * @license   http://www.opensource.org/licenses/bsd-license.php New BSD Licence
 */

spl_autoload_register(array('System_Daemon', 'autoload'));

echo "the bundled copy was compiled\n";

/**
 * The daemon class, as the package declares it.
 *
 * @category  System
 * @package   System_Daemon
 */
class System_Daemon
{
    public static function autoload($className)
    {
        return false;
    }
}
