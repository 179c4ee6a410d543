<?php
/**
 * Test fixture: a bundled copy of one of the package's other files (the OS class).
 *
 * @category  System
 * @package   System_Daemon
 */

echo "the bundled OS copy was compiled\n";

class System_Daemon_OS
{
}
