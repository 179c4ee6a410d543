/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 74198c64453deb8ec5069742f76c38c465618e2f */

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_System_Daemon___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_autoload, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, className, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_start, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_ready, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, status, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_listenSockets, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_workerId, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_isMaster arginfo_class_System_Daemon_start

#define arginfo_class_System_Daemon_workerCount arginfo_class_System_Daemon_workerId

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_iterate, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_MASK(0, sleepSeconds, MAY_BE_LONG|MAY_BE_DOUBLE, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_stop, 0, 0, IS_NEVER, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_restart arginfo_class_System_Daemon_stop

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_setSigHandler, 0, 0, _IS_BOOL, 1)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, signal, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, handler, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_defaultSigHandler, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, signo, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, siginfo, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_setOption, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_setOptions, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, use_options, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_getOption, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_getOptions arginfo_class_System_Daemon_listenSockets

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_opt, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, name, IS_MIXED, 0)
	ZEND_ARG_VARIADIC_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_phpErrors, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, errno, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, errstr, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, errfile, IS_MIXED, 0, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, errline, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_abbr, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, str, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, cutAt, IS_LONG, 0, "30")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, suffix, IS_STRING, 0, "\'...\'")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_semantify, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, arguments, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_log, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, level, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, str, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, file, IS_MIXED, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, class, IS_MIXED, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, function, IS_MIXED, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, line, IS_MIXED, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_emerg, 0, 0, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, format, IS_MIXED, 0, "\'\'")
	ZEND_ARG_VARIADIC_TYPE_INFO(0, arguments, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_alert arginfo_class_System_Daemon_emerg

#define arginfo_class_System_Daemon_crit arginfo_class_System_Daemon_emerg

#define arginfo_class_System_Daemon_err arginfo_class_System_Daemon_emerg

#define arginfo_class_System_Daemon_warning arginfo_class_System_Daemon_emerg

#define arginfo_class_System_Daemon_notice arginfo_class_System_Daemon_emerg

#define arginfo_class_System_Daemon_info arginfo_class_System_Daemon_emerg

#define arginfo_class_System_Daemon_debug arginfo_class_System_Daemon_emerg

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_System_Daemon_writeAutoRun, 0, 0, MAY_BE_STRING|MAY_BE_BOOL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, overwrite, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_isInBackground arginfo_class_System_Daemon_start

#define arginfo_class_System_Daemon_isDying arginfo_class_System_Daemon_start

#define arginfo_class_System_Daemon_isRunning arginfo_class_System_Daemon_start

#define arginfo_class_System_Daemon_stopRunning arginfo_class_System_Daemon_start

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_System_Daemon_fileread, 0, 1, MAY_BE_STRING|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, filepath, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_stats arginfo_class_System_Daemon_listenSockets

#define arginfo_class_System_Daemon_OS___construct arginfo_class_System_Daemon___construct

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_class_System_Daemon_OS_factory, 0, 0, System_Daemon_OS, MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, force_os, IS_MIXED, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, retried, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_OS_isInstalled arginfo_class_System_Daemon_start

#define arginfo_class_System_Daemon_OS_getDetails arginfo_class_System_Daemon_listenSockets

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_System_Daemon_OS_getAutoRunTemplatePath, 0, 0, MAY_BE_STRING|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, properties, IS_MIXED, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_System_Daemon_OS_getAutoRunPath, 0, 1, MAY_BE_STRING|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, appName, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, properties, IS_MIXED, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_System_Daemon_OS_isWritable, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_System_Daemon_OS_getAutoRunTemplate, 0, 1, MAY_BE_STRING|MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, properties, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_System_Daemon_OS_getAutoRunScript arginfo_class_System_Daemon_OS_getAutoRunTemplate

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_System_Daemon_OS_writeAutoRun, 0, 1, MAY_BE_STRING|MAY_BE_BOOL)
	ZEND_ARG_TYPE_INFO(0, properties, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, overwrite, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()


ZEND_METHOD(System_Daemon, __construct);
ZEND_METHOD(System_Daemon, autoload);
ZEND_METHOD(System_Daemon, start);
ZEND_METHOD(System_Daemon, ready);
ZEND_METHOD(System_Daemon, listenSockets);
ZEND_METHOD(System_Daemon, workerId);
ZEND_METHOD(System_Daemon, isMaster);
ZEND_METHOD(System_Daemon, workerCount);
ZEND_METHOD(System_Daemon, iterate);
ZEND_METHOD(System_Daemon, stop);
ZEND_METHOD(System_Daemon, restart);
ZEND_METHOD(System_Daemon, setSigHandler);
ZEND_METHOD(System_Daemon, defaultSigHandler);
ZEND_METHOD(System_Daemon, setOption);
ZEND_METHOD(System_Daemon, setOptions);
ZEND_METHOD(System_Daemon, getOption);
ZEND_METHOD(System_Daemon, getOptions);
ZEND_METHOD(System_Daemon, opt);
ZEND_METHOD(System_Daemon, phpErrors);
ZEND_METHOD(System_Daemon, abbr);
ZEND_METHOD(System_Daemon, semantify);
ZEND_METHOD(System_Daemon, log);
ZEND_METHOD(System_Daemon, emerg);
ZEND_METHOD(System_Daemon, alert);
ZEND_METHOD(System_Daemon, crit);
ZEND_METHOD(System_Daemon, err);
ZEND_METHOD(System_Daemon, warning);
ZEND_METHOD(System_Daemon, notice);
ZEND_METHOD(System_Daemon, info);
ZEND_METHOD(System_Daemon, debug);
ZEND_METHOD(System_Daemon, writeAutoRun);
ZEND_METHOD(System_Daemon, isInBackground);
ZEND_METHOD(System_Daemon, isDying);
ZEND_METHOD(System_Daemon, isRunning);
ZEND_METHOD(System_Daemon, stopRunning);
ZEND_METHOD(System_Daemon, fileread);
ZEND_METHOD(System_Daemon, stats);
ZEND_METHOD(System_Daemon_OS, __construct);
ZEND_METHOD(System_Daemon_OS, factory);
ZEND_METHOD(System_Daemon_OS, isInstalled);
ZEND_METHOD(System_Daemon_OS, getDetails);
ZEND_METHOD(System_Daemon_OS, getAutoRunTemplatePath);
ZEND_METHOD(System_Daemon_OS, getAutoRunPath);
ZEND_METHOD(System_Daemon_OS, isWritable);
ZEND_METHOD(System_Daemon_OS, getAutoRunTemplate);
ZEND_METHOD(System_Daemon_OS, getAutoRunScript);
ZEND_METHOD(System_Daemon_OS, writeAutoRun);


static const zend_function_entry class_System_Daemon_methods[] = {
	ZEND_ME(System_Daemon, __construct, arginfo_class_System_Daemon___construct, ZEND_ACC_PROTECTED)
	ZEND_ME(System_Daemon, autoload, arginfo_class_System_Daemon_autoload, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, start, arginfo_class_System_Daemon_start, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, ready, arginfo_class_System_Daemon_ready, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, listenSockets, arginfo_class_System_Daemon_listenSockets, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, workerId, arginfo_class_System_Daemon_workerId, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, isMaster, arginfo_class_System_Daemon_isMaster, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, workerCount, arginfo_class_System_Daemon_workerCount, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, iterate, arginfo_class_System_Daemon_iterate, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, stop, arginfo_class_System_Daemon_stop, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, restart, arginfo_class_System_Daemon_restart, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, setSigHandler, arginfo_class_System_Daemon_setSigHandler, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, defaultSigHandler, arginfo_class_System_Daemon_defaultSigHandler, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, setOption, arginfo_class_System_Daemon_setOption, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, setOptions, arginfo_class_System_Daemon_setOptions, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, getOption, arginfo_class_System_Daemon_getOption, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, getOptions, arginfo_class_System_Daemon_getOptions, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, opt, arginfo_class_System_Daemon_opt, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, phpErrors, arginfo_class_System_Daemon_phpErrors, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, abbr, arginfo_class_System_Daemon_abbr, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, semantify, arginfo_class_System_Daemon_semantify, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, log, arginfo_class_System_Daemon_log, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, emerg, arginfo_class_System_Daemon_emerg, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, alert, arginfo_class_System_Daemon_alert, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, crit, arginfo_class_System_Daemon_crit, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, err, arginfo_class_System_Daemon_err, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, warning, arginfo_class_System_Daemon_warning, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, notice, arginfo_class_System_Daemon_notice, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, info, arginfo_class_System_Daemon_info, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, debug, arginfo_class_System_Daemon_debug, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, writeAutoRun, arginfo_class_System_Daemon_writeAutoRun, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, isInBackground, arginfo_class_System_Daemon_isInBackground, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, isDying, arginfo_class_System_Daemon_isDying, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, isRunning, arginfo_class_System_Daemon_isRunning, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, stopRunning, arginfo_class_System_Daemon_stopRunning, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, fileread, arginfo_class_System_Daemon_fileread, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon, stats, arginfo_class_System_Daemon_stats, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_methods[] = {
	ZEND_ME(System_Daemon_OS, __construct, arginfo_class_System_Daemon_OS___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, factory, arginfo_class_System_Daemon_OS_factory, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon_OS, isInstalled, arginfo_class_System_Daemon_OS_isInstalled, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, getDetails, arginfo_class_System_Daemon_OS_getDetails, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, getAutoRunTemplatePath, arginfo_class_System_Daemon_OS_getAutoRunTemplatePath, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, getAutoRunPath, arginfo_class_System_Daemon_OS_getAutoRunPath, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, isWritable, arginfo_class_System_Daemon_OS_isWritable, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(System_Daemon_OS, getAutoRunTemplate, arginfo_class_System_Daemon_OS_getAutoRunTemplate, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, getAutoRunScript, arginfo_class_System_Daemon_OS_getAutoRunScript, ZEND_ACC_PUBLIC)
	ZEND_ME(System_Daemon_OS, writeAutoRun, arginfo_class_System_Daemon_OS_writeAutoRun, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Linux_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Debian_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Ubuntu_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Arch_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_RedHat_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Fedora_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_BSD_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_System_Daemon_OS_Windows_methods[] = {
	ZEND_FE_END
};

static zend_class_entry *register_class_System_Daemon(void)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon", class_System_Daemon_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);

	zval const_LOG_EMERG_value;
	ZVAL_LONG(&const_LOG_EMERG_value, 0);
	zend_string *const_LOG_EMERG_name = zend_string_init_interned("LOG_EMERG", sizeof("LOG_EMERG") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_EMERG_name, &const_LOG_EMERG_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_EMERG_name);

	zval const_LOG_ALERT_value;
	ZVAL_LONG(&const_LOG_ALERT_value, 1);
	zend_string *const_LOG_ALERT_name = zend_string_init_interned("LOG_ALERT", sizeof("LOG_ALERT") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_ALERT_name, &const_LOG_ALERT_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_ALERT_name);

	zval const_LOG_CRIT_value;
	ZVAL_LONG(&const_LOG_CRIT_value, 2);
	zend_string *const_LOG_CRIT_name = zend_string_init_interned("LOG_CRIT", sizeof("LOG_CRIT") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_CRIT_name, &const_LOG_CRIT_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_CRIT_name);

	zval const_LOG_ERR_value;
	ZVAL_LONG(&const_LOG_ERR_value, 3);
	zend_string *const_LOG_ERR_name = zend_string_init_interned("LOG_ERR", sizeof("LOG_ERR") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_ERR_name, &const_LOG_ERR_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_ERR_name);

	zval const_LOG_WARNING_value;
	ZVAL_LONG(&const_LOG_WARNING_value, 4);
	zend_string *const_LOG_WARNING_name = zend_string_init_interned("LOG_WARNING", sizeof("LOG_WARNING") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_WARNING_name, &const_LOG_WARNING_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_WARNING_name);

	zval const_LOG_NOTICE_value;
	ZVAL_LONG(&const_LOG_NOTICE_value, 5);
	zend_string *const_LOG_NOTICE_name = zend_string_init_interned("LOG_NOTICE", sizeof("LOG_NOTICE") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_NOTICE_name, &const_LOG_NOTICE_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_NOTICE_name);

	zval const_LOG_INFO_value;
	ZVAL_LONG(&const_LOG_INFO_value, 6);
	zend_string *const_LOG_INFO_name = zend_string_init_interned("LOG_INFO", sizeof("LOG_INFO") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_INFO_name, &const_LOG_INFO_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_INFO_name);

	zval const_LOG_DEBUG_value;
	ZVAL_LONG(&const_LOG_DEBUG_value, 7);
	zend_string *const_LOG_DEBUG_name = zend_string_init_interned("LOG_DEBUG", sizeof("LOG_DEBUG") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_LOG_DEBUG_name, &const_LOG_DEBUG_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_LOG_DEBUG_name);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_Exception(zend_class_entry *class_entry_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_Exception", class_System_Daemon_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Exception);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Exception(zend_class_entry *class_entry_System_Daemon_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Exception", class_System_Daemon_OS_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_Exception);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS(void)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS", class_System_Daemon_OS_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);

	zval property_errors_default_value;
	ZVAL_EMPTY_ARRAY(&property_errors_default_value);
	zend_string *property_errors_name = zend_string_init("errors", sizeof("errors") - 1, 1);
	zend_declare_typed_property(class_entry, property_errors_name, &property_errors_default_value, ZEND_ACC_PUBLIC, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_errors_name);

	zval property__autoRunTemplatePath_default_value;
	ZVAL_EMPTY_STRING(&property__autoRunTemplatePath_default_value);
	zend_string *property__autoRunTemplatePath_name = zend_string_init("_autoRunTemplatePath", sizeof("_autoRunTemplatePath") - 1, 1);
	zend_declare_typed_property(class_entry, property__autoRunTemplatePath_name, &property__autoRunTemplatePath_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property__autoRunTemplatePath_name);

	zval property__autoRunTemplateReplace_default_value;
	ZVAL_EMPTY_ARRAY(&property__autoRunTemplateReplace_default_value);
	zend_string *property__autoRunTemplateReplace_name = zend_string_init("_autoRunTemplateReplace", sizeof("_autoRunTemplateReplace") - 1, 1);
	zend_declare_typed_property(class_entry, property__autoRunTemplateReplace_name, &property__autoRunTemplateReplace_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property__autoRunTemplateReplace_name);

	zval property__autoRunDir_default_value;
	ZVAL_NULL(&property__autoRunDir_default_value);
	zend_string *property__autoRunDir_name = zend_string_init("_autoRunDir", sizeof("_autoRunDir") - 1, 1);
	zend_declare_typed_property(class_entry, property__autoRunDir_name, &property__autoRunDir_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING|MAY_BE_NULL));
	zend_string_release(property__autoRunDir_name);

	zval property__osDetails_default_value;
	ZVAL_EMPTY_ARRAY(&property__osDetails_default_value);
	zend_string *property__osDetails_name = zend_string_init("_osDetails", sizeof("_osDetails") - 1, 1);
	zend_declare_typed_property(class_entry, property__osDetails_name, &property__osDetails_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property__osDetails_name);

	zval property__osVersionFile_default_value;
	ZVAL_EMPTY_STRING(&property__osVersionFile_default_value);
	zend_string *property__osVersionFile_name = zend_string_init("_osVersionFile", sizeof("_osVersionFile") - 1, 1);
	zend_declare_typed_property(class_entry, property__osVersionFile_name, &property__osVersionFile_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property__osVersionFile_name);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Linux(zend_class_entry *class_entry_System_Daemon_OS)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Linux", class_System_Daemon_OS_Linux_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Debian(zend_class_entry *class_entry_System_Daemon_OS_Linux)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Debian", class_System_Daemon_OS_Debian_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS_Linux);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Ubuntu(zend_class_entry *class_entry_System_Daemon_OS_Debian)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Ubuntu", class_System_Daemon_OS_Ubuntu_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS_Debian);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Arch(zend_class_entry *class_entry_System_Daemon_OS_Ubuntu)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Arch", class_System_Daemon_OS_Arch_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS_Ubuntu);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_RedHat(zend_class_entry *class_entry_System_Daemon_OS_Linux)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_RedHat", class_System_Daemon_OS_RedHat_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS_Linux);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Fedora(zend_class_entry *class_entry_System_Daemon_OS_RedHat)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Fedora", class_System_Daemon_OS_Fedora_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS_RedHat);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_BSD(zend_class_entry *class_entry_System_Daemon_OS)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_BSD", class_System_Daemon_OS_BSD_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS);

	return class_entry;
}

static zend_class_entry *register_class_System_Daemon_OS_Windows(zend_class_entry *class_entry_System_Daemon_OS)
{
	zend_class_entry ce, *class_entry;

	INIT_CLASS_ENTRY(ce, "System_Daemon_OS_Windows", class_System_Daemon_OS_Windows_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_System_Daemon_OS);

	return class_entry;
}
