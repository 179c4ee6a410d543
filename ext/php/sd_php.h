/* What the Zend glue files under ext/php/ share with each other and with the module
 * file. Zend types are fine here; nothing from here reaches ext/core/. */
#ifndef SD_PHP_H
#define SD_PHP_H

#include "php_system_daemon.h"

#include <cstdint>
#include <string>

extern zend_class_entry *sd_ce_daemon;
extern zend_class_entry *sd_ce_exception;
extern zend_class_entry *sd_ce_os;
extern zend_class_entry *sd_ce_os_exception;

/* Log levels, as System_Daemon::LOG_* */
enum { SD_LOG_EMERG = 0, SD_LOG_ALERT, SD_LOG_CRIT, SD_LOG_ERR, SD_LOG_WARNING, SD_LOG_NOTICE, SD_LOG_INFO, SD_LOG_DEBUG };

/* ---- options (ext/php/options.cpp) ---- */
/* The effective value: the one set, else the default computed now; NULL when neither
 * exists. Written into *tmp when computed (caller destroys tmp with zval_ptr_dtor). */
zval *sd_option_get(const char *name, zval *tmp);
/* Whether the script set this option (setOption/setOptions), rather than its default. */
bool sd_option_is_set(const char *name);
zend_long sd_option_long(const char *name);
bool sd_option_bool(const char *name);
/* The option as a string ("" when unset or not a string/number). */
std::string sd_option_string(const char *name);
/* Substitutes {OPTIONS.x}, {x} and {SERVER.SCRIPT_NAME} in a log message. */
zend_string *sd_option_substitute_message(zend_string *msg);
/* An identity option (appRunAsUID, appRunAsGID) whose last setOption() was refused:
 * start() must fail rather than run as the default (root). */
bool sd_option_identity_refused(const char **option, const char **reason);
void sd_options_rinit();
void sd_options_rshutdown();
/* This thread's option bookkeeping, for the module globals (GINIT/GSHUTDOWN). */
sd_options_globals *sd_options_globals_new();
void sd_options_globals_free(sd_options_globals *g);

/* ---- logging (ext/php/log.cpp) ---- */
/* Logs one message (already formatted) at level; file/line are the call site or NULL/0.
 * Returns what log() returns. May not return at all for LOG_EMERG (halts the script). */
bool sd_log_message(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line);
/* semantify(): strings quoted, numbers and booleans as they are, objects by class. */
void sd_semantify(zval *arg, zval *out);
/* While on, a LOG_EMERG line does not halt (the PHP error hook logs fatal errors,
 * and the engine is about to bail out on its own). Returns the previous setting. */
bool sd_log_set_no_halt(bool on);
bool sd_log_no_halt();
/* For the extension's own lines. Safe to call with C++ objects alive: a bailout from
 * a user's log handler is deferred to the next VM interrupt. */
bool sd_logf(int level, const char *fmt, ...) ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);
/* True (once) when a log handler called from sd_logf() bailed out and the bailout is
 * still waiting for the next VM interrupt; the caller then owns it: start() turns it
 * into a failed start instead of a daemon that dies at once. */
bool sd_log_take_bailout();
/* True when lines go to user code (a handler, a PEAR or PSR logger), not a file. */
bool sd_log_runs_user_code();
/* Re-reads the logging options after setOption(); closes or reopens the log file. */
void sd_log_options_changed();
/* Reopens the log file (SIGHUP, logrotate postrotate). */
void sd_log_reopen();
/* The fd of the open log file, or -1 (kept open across start()). */
int sd_log_fd();
/* True when the log file open now was created by this process. */
bool sd_log_created();
/* Hands the open log file to uid:gid (fchown), only when it is a regular single-link
 * file this process created or uid already owns; warns otherwise. */
void sd_log_hand_over(uid_t uid, gid_t gid);
/* Opens the log file when it is not open yet: nullptr when it is (or when lines go to
 * a handler, not a file), else why not. start() refuses to run a daemon without its log. */
const char *sd_log_open_error();
/* Lines go to the journal (logJournal, stderr is the journal) and to no file. */
bool sd_log_journal_only();
void sd_log_minit();
void sd_log_rshutdown();
/* This thread's logging state, for the module globals (GINIT/GSHUTDOWN). */
sd_log_globals *sd_log_globals_new();
void sd_log_globals_free(sd_log_globals *g);

/* ---- PHP error forwarding (ext/php/errors.cpp) ---- */
void sd_errors_minit();
void sd_errors_mshutdown();
/* Hands over the diagnostics queued during compilation, then turns forwarding off. */
void sd_errors_rshutdown();
/* Turns forwarding on (start(), or logPhpErrors set explicitly) or off. */
void sd_errors_enable(bool on);
/* This thread's forwarding state, for the module globals (GINIT/GSHUTDOWN). */
sd_errors_globals *sd_errors_globals_new();
void sd_errors_globals_free(sd_errors_globals *g);

/* ---- daemon state (ext/php/lifecycle.cpp) ---- */
/* start() succeeded in this process (a process-wide fact). */
bool sd_daemon_in_background();
/* This thread's request is stopping: stop(), TERM, emerg(). */
bool sd_daemon_dying();
/* This thread's request is leaving through sd_halt(): no second stop. */
bool sd_daemon_halted();
/* The calling thread owns what belongs to the whole process: signal dispositions,
 * forking into a daemon, the pid file (it called start() or setSigHandler()). Every
 * other thread's request leaves those alone. */
bool sd_process_is_mine();
/* Claims them for the calling thread: nullptr when it owns them now, else why it
 * cannot (the caller releases the string). Only the process's main thread can. The
 * claim ends with the owner's request (sd_lifecycle_post_deactivate()). */
zend_string *sd_process_claim();
/* This thread's request state, for the module globals (GINIT/GSHUTDOWN). */
sd_lifecycle_globals *sd_lifecycle_globals_new();
void sd_lifecycle_globals_free(sd_lifecycle_globals *g);
/* A graceful stop began (first TERM/INT/QUIT): isDying() turns true, the script's loop
 * ends on its own; systemd hears STOPPING=1. */
void sd_mark_dying();
/* appForeground, or SYSTEM_DAEMON_FOREGROUND=1 in the environment (so that an image can
 * ask for it without touching the script): start() keeps the process in the foreground
 * and log lines go to stdout/stderr instead of the log file. */
bool sd_foreground();
/* Ends the script as stop() does: marks dying, releases the pid file in a daemon, and
 * leaves through PHP's normal shutdown with exit_status. The caller returns at once. */
void sd_halt(int exit_status);
/* A whole file through PHP's streams (fileread(), templates); NULL when it cannot be
 * opened. options: REPORT_ERRORS or 0. */
zend_string *sd_read_file(const char *path, int options);
/* The script shows it runs (isDying(), iterate()): ends the launcher's wait after
 * start(). Cheap when there is nothing to do. */
void sd_daemon_running();
/* Tells the launcher (or systemd) that the daemon is ready; status is optional. */
bool sd_daemon_ready(const char *status);
/* sd_notify(3) for iterate() and the HUP path; each is a no-op without NOTIFY_SOCKET
 * (and the reload ones outside a started daemon), so callers need not check.
 * iterate(): WATCHDOG=1 when WATCHDOG_USEC is set for this process (WATCHDOG_PID
 * unset or ours), at most once per half interval. */
void sd_notify_watchdog_tick();
/* CLOCK_MONOTONIC microseconds at which sd_notify_watchdog_tick() will next ping (now
 * when none was sent yet); 0 when there is no watchdog to ping. iterate() wakes then. */
std::uint64_t sd_notify_watchdog_due();
/* HUP handling: RELOADING=1 + MONOTONIC_USEC= before reopening/reloading, READY=1
 * after. */
void sd_notify_reloading();
void sd_notify_reloaded();
/* Releases the pid file in the daemon (its owning thread only). */
void sd_lifecycle_rshutdown();
/* After the whole request shutdown (streams closed, destructors run): executes the
 * new image a restart() asked for. */
void sd_lifecycle_post_deactivate();
/* Notes the descriptors inherited from the parent, before PHP opens its own. */
void sd_lifecycle_minit();

/* ---- legacy requires (ext/php/legacy.cpp) ---- */
/* require_once 'System/Daemon.php' and the PEAR package's other files succeed and do
 * nothing (INI system_daemon.legacy_require). */
void sd_legacy_minit();
void sd_legacy_mshutdown();

/* ---- signals (ext/php/signals.cpp) ---- */
/* Installs the daemon's default signal handlers (end of start()). */
void sd_signals_daemon_started();
/* SIG* constants (when pcntl did not define them), the VM interrupt hook. */
void sd_signals_minit(int module_number);
void sd_signals_mshutdown();
void sd_signals_rinit();
/* Drops the script's handlers; in the thread that owns the process, restores every
 * disposition we changed. */
void sd_signals_rshutdown();
/* This thread's signal state, for the module globals (GINIT/GSHUTDOWN). */
sd_signals_globals *sd_signals_globals_new();
void sd_signals_globals_free(sd_signals_globals *g);
/* isDying() returned true: the script is ending its loop, no forced stop after the
 * grace period. */
void sd_signals_acknowledged();
/* Runs the PHP side of the signals recorded so far (no-op inside a handler). True when
 * a script handler ran or the daemon is now stopping; check EG(exception) after. */
bool sd_signals_dispatch();

#endif
