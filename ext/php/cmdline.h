/* This PHP process's command line, read from the SAPI, for restart() and the startup
 * files. The building itself is ext/core/cmdline.h. */
#ifndef SD_PHP_CMDLINE_H
#define SD_PHP_CMDLINE_H

#include "core/cmdline.h"

#include <string>
#include <vector>

/* PG(php_binary), sapi_module's -n, -c and ini entries, SG(request_info).argv. */
sd::PhpInvocation sd_php_invocation();

/* argv for re-executing this process (restart()): this PHP binary ("php" when it is
 * unknown), every ini flag it got (the CLI's defaults included), the script made
 * absolute against launch_cwd, its arguments. */
std::vector<std::string> sd_php_restart_argv(const std::string &launch_cwd);

/* The PHP binary a startup file names: PHP_BINARY, else /usr/bin/php. */
std::string sd_php_binary_for_startup();

/* PHP's flags for a startup file: -n, -c, every -d but the CLI's own defaults. */
std::vector<std::string> sd_php_ini_args_for_startup();

#endif
