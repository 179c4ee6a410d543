/* Legacy requires (ext/php/legacy.cpp): require_once 'System/Daemon.php' and the PEAR
 * package's other files succeed and do nothing (INI system_daemon.legacy_require). */
#ifndef SD_PHP_LEGACY_H
#define SD_PHP_LEGACY_H

void sd_legacy_minit();
void sd_legacy_mshutdown();

#endif
