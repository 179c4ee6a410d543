<?php
/**
 * Test fixture: a project's own, unrelated class that happens to be called
 * System_Daemon. Not the PEAR package: it must still get PHP's redeclaration error.
 *
 * @package MyProject
 */
class System_Daemon
{
    public function run()
    {
    }
}
