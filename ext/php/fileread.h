/* fileread() and the file reads of the glue (ext/php/fileread.cpp). */
#ifndef SD_PHP_FILEREAD_H
#define SD_PHP_FILEREAD_H

#include "php/module.h"

/* A whole file through PHP's streams (fileread(), templates); NULL when it cannot be
 * opened. options: REPORT_ERRORS or 0. */
zend_string *sd_read_file(const char *path, int options);

#endif
