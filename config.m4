dnl config.m4 for the system_daemon extension (C++17).

dnl On by default: this file only ever builds standalone (phpize, pecl install, PIE),
dnl where a plain ./configure is expected to build the extension it was run for.
PHP_ARG_ENABLE([system_daemon],
  [whether to enable the System_Daemon class],
  [AS_HELP_STRING([--enable-system-daemon], [Enable the native System_Daemon class (default: yes)])],
  [yes])

if test "$PHP_SYSTEM_DAEMON" != "no"; then
  PHP_REQUIRE_CXX()
  PHP_CXX_COMPILE_STDCXX(17, mandatory, PHP_SYSTEM_DAEMON_STDCXX)

  dnl Every .cpp under ext/ is part of the module; listing them by glob keeps
  dnl this file out of every change that adds a source file.
  sd_sources="ext/system_daemon.cpp `cd "$srcdir" && echo ext/php/*.cpp ext/core/*.cpp`"

  SD_CXXFLAGS="$PHP_SYSTEM_DAEMON_STDCXX -Wall -Wextra -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1"
  PHP_NEW_EXTENSION(system_daemon, $sd_sources, $ext_shared, cli, $SD_CXXFLAGS, cxx)
  dnl PHP's own headers as system headers: -Wall -Wextra and the warning-free build are
  dnl for our code (8.5's zend_operators.h has an unused parameter, for one).
  INCLUDES=`echo "$INCLUDES" | sed -e 's/-I/-isystem /g'`
  PHP_ADD_INCLUDE([$ext_srcdir/php-src-compat])
  PHP_ADD_INCLUDE([$ext_srcdir/ext])
  PHP_ADD_BUILD_DIR([$ext_builddir/ext], 1)
  PHP_ADD_BUILD_DIR([$ext_builddir/ext/php], 1)
  PHP_ADD_BUILD_DIR([$ext_builddir/ext/core], 1)
  PHP_ADD_LIBRARY(stdc++, 1, SYSTEM_DAEMON_SHARED_LIBADD)
  dnl Every symbol resolved at load time: a module built against newer headers than the
  dnl PHP that loads it (one needing a function that PHP lacks) then fails to load with
  dnl the missing symbol named, not later inside a running daemon.
  SYSTEM_DAEMON_SHARED_LIBADD="$SYSTEM_DAEMON_SHARED_LIBADD -Wl,-z,now"
  PHP_SUBST(SYSTEM_DAEMON_SHARED_LIBADD)
fi
