<?php
// The suite drives real daemons as separate processes; every one of them must load
// the extension the same way (PHP_INI_SCAN_DIR, set by scripts/test.sh).
if (!extension_loaded('system_daemon')) {
    fwrite(STDERR, "system_daemon is not loaded: run the suite through scripts/test.sh\n");
    exit(1);
}
require __DIR__ . '/DaemonTestCase.php';
