/* Module entry: MINIT/MSHUTDOWN/RINIT/RSHUTDOWN/MINFO, INI and globals. The classes'
 * methods live in ext/php/, one file per concern. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php/errors.h"
#include "php/interrupt.h"
#include "php/legacy.h"
#include "php/lifecycle.h"
#include "php/log.h"
#include "php/module.h"
#include "php/options.h"
#include "php/signals.h"
#include "php/state.h"
#include "php/stats.h"
#include "php/upgrade.h"

#include "ext/standard/info.h"
#include "zend_exceptions.h"

#include "system_daemon_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(system_daemon)

zend_class_entry *sd_ce_daemon;
zend_class_entry *sd_ce_exception;
zend_class_entry *sd_ce_os;
zend_class_entry *sd_ce_os_exception;

PHP_INI_BEGIN()
STD_PHP_INI_BOOLEAN("system_daemon.legacy_require", "1", PHP_INI_SYSTEM | PHP_INI_PERDIR, OnUpdateBool, legacy_require,
                    zend_system_daemon_globals, system_daemon_globals)
/* Read once, by start(): see sd::DaemonizeOptions::stderr_path. */
PHP_INI_ENTRY("system_daemon.daemon_stderr", "", PHP_INI_SYSTEM, NULL)
PHP_INI_END()

static PHP_GINIT_FUNCTION(system_daemon)
{
#if defined(COMPILE_DL_SYSTEM_DAEMON) && defined(ZTS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    memset(system_daemon_globals, 0, sizeof(*system_daemon_globals));
    system_daemon_globals->options_state = sd_options_globals_new();
    system_daemon_globals->log = sd_log_globals_new();
    system_daemon_globals->errors = sd_errors_globals_new();
    system_daemon_globals->state = sd_state_globals_new();
    system_daemon_globals->signals = sd_signals_globals_new();
}

static PHP_GSHUTDOWN_FUNCTION(system_daemon)
{
    sd_options_globals_free(system_daemon_globals->options_state);
    system_daemon_globals->options_state = nullptr;
    sd_log_globals_free(system_daemon_globals->log);
    system_daemon_globals->log = nullptr;
    sd_errors_globals_free(system_daemon_globals->errors);
    system_daemon_globals->errors = nullptr;
    sd_state_globals_free(system_daemon_globals->state);
    system_daemon_globals->state = nullptr;
    sd_signals_globals_free(system_daemon_globals->signals);
    system_daemon_globals->signals = nullptr;
}

static PHP_MINIT_FUNCTION(system_daemon)
{
    REGISTER_INI_ENTRIES();

    sd_ce_daemon = register_class_System_Daemon();
    sd_ce_exception = register_class_System_Daemon_Exception(zend_ce_exception);
    sd_ce_os_exception = register_class_System_Daemon_OS_Exception(sd_ce_exception);
    sd_ce_os = register_class_System_Daemon_OS();
    zend_class_entry *linux_ce = register_class_System_Daemon_OS_Linux(sd_ce_os);
    zend_class_entry *debian_ce = register_class_System_Daemon_OS_Debian(linux_ce);
    zend_class_entry *ubuntu_ce = register_class_System_Daemon_OS_Ubuntu(debian_ce);
    register_class_System_Daemon_OS_Arch(ubuntu_ce);
    zend_class_entry *redhat_ce = register_class_System_Daemon_OS_RedHat(linux_ce);
    register_class_System_Daemon_OS_Fedora(redhat_ce);
    register_class_System_Daemon_OS_BSD(sd_ce_os);
    register_class_System_Daemon_OS_Windows(sd_ce_os);

    sd_lifecycle_minit();
    sd_upgrade_minit();
    sd_stats_minit();
    sd_errors_minit();
    sd_signals_minit(module_number);
    sd_interrupt_minit();
    sd_legacy_minit();
    sd_log_minit();
    return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(system_daemon)
{
    sd_log_mshutdown();
    sd_upgrade_mshutdown();
    sd_interrupt_mshutdown();
    sd_signals_mshutdown();
    sd_legacy_mshutdown();
    sd_errors_mshutdown();
    UNREGISTER_INI_ENTRIES();
    return SUCCESS;
}

static PHP_RINIT_FUNCTION(system_daemon)
{
    (void)type;
    (void)module_number;
#if defined(COMPILE_DL_SYSTEM_DAEMON) && defined(ZTS)
    ZEND_TSRMLS_CACHE_UPDATE();
#endif
    sd_options_rinit();
    sd_errors_rinit();
    sd_signals_rinit();
    return SUCCESS;
}

static PHP_RSHUTDOWN_FUNCTION(system_daemon)
{
    (void)type;
    (void)module_number;
    sd_errors_rshutdown();
    /* Before the pid file goes: no PHP handler may run past here. */
    sd_signals_rshutdown();
    sd_lifecycle_rshutdown();
    sd_log_rshutdown();
    sd_options_rshutdown();
    return SUCCESS;
}

/* After every module's RSHUTDOWN and the executor's shutdown: the request's streams
 * are flushed and closed (a gzip file finished, a listening socket closed). */
static ZEND_MODULE_POST_ZEND_DEACTIVATE_D(system_daemon)
{
    sd_lifecycle_post_deactivate();
    return SUCCESS;
}

static PHP_MINFO_FUNCTION(system_daemon)
{
    php_info_print_table_start();
    php_info_print_table_header(2, "system_daemon support", "enabled");
    php_info_print_table_row(2, "Version", PHP_SYSTEM_DAEMON_VERSION);
    php_info_print_table_row(2, "Built against PHP", PHP_VERSION);
    php_info_print_table_row(2, "Zend API", ZEND_TOSTR(ZEND_MODULE_API_NO));
    php_info_print_table_row(2, "Needs pcntl / posix", "no");
    php_info_print_table_end();
    DISPLAY_INI_ENTRIES();
}

static const zend_module_dep system_daemon_deps[] = {
    /* Loaded after pcntl when both are present, so SIG* constants are pcntl's own; after
     * openssl, whose tcp transport a USR2's new image wraps (php/upgrade.h). */
    ZEND_MOD_OPTIONAL("pcntl") ZEND_MOD_OPTIONAL("date") ZEND_MOD_OPTIONAL("openssl") ZEND_MOD_END};

zend_module_entry system_daemon_module_entry = {STANDARD_MODULE_HEADER_EX,
                                                NULL,
                                                system_daemon_deps,
                                                "system_daemon",
                                                NULL,
                                                PHP_MINIT(system_daemon),
                                                PHP_MSHUTDOWN(system_daemon),
                                                PHP_RINIT(system_daemon),
                                                PHP_RSHUTDOWN(system_daemon),
                                                PHP_MINFO(system_daemon),
                                                PHP_SYSTEM_DAEMON_VERSION,
                                                PHP_MODULE_GLOBALS(system_daemon),
                                                PHP_GINIT(system_daemon),
                                                PHP_GSHUTDOWN(system_daemon),
                                                ZEND_MODULE_POST_ZEND_DEACTIVATE_N(system_daemon),
                                                STANDARD_MODULE_PROPERTIES_EX};

#ifdef COMPILE_DL_SYSTEM_DAEMON
#ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
#endif
ZEND_GET_MODULE(system_daemon)
#endif
