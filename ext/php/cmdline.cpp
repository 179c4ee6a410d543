#include "php/cmdline.h"

#include "php/module.h"

#include "SAPI.h"

sd::PhpInvocation sd_php_invocation()
{
    sd::PhpInvocation php;
    if (PG(php_binary)) php.binary = PG(php_binary);
    php.no_ini = sapi_module.php_ini_ignore != 0;
    if (sapi_module.php_ini_path_override) php.ini_path = sapi_module.php_ini_path_override;
    if (sapi_module.ini_entries) php.ini_entries = sapi_module.ini_entries;
    php.cli_ini = SD_COMPAT_CLI_INI;
    for (int i = 0; i < SG(request_info).argc; ++i) php.argv.emplace_back(SG(request_info).argv[i]);
    return php;
}

std::vector<std::string> sd_php_restart_argv(const std::string &launch_cwd)
{
    return sd::php_command_line(sd_php_invocation(), sd::CliDefaults::Keep, launch_cwd, "php");
}

std::string sd_php_binary_for_startup()
{
    return PG(php_binary) ? PG(php_binary) : "/usr/bin/php";
}

std::vector<std::string> sd_php_ini_args_for_startup()
{
    return sd::php_ini_args(sd_php_invocation(), sd::CliDefaults::Drop);
}
