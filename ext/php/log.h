/* The log engine (ext/php/log.cpp): a line to the log file, the console, the journal
 * or the script's handler. It calls nothing above the options and the state: what a
 * line causes beyond being written (LOG_EMERG halting the script) is the PHP API's
 * business (log_api.cpp). */
#ifndef SD_PHP_LOG_H
#define SD_PHP_LOG_H

#include "php/module.h"

#include <sys/types.h>

#include <string_view>

/* Logs one message (already formatted) at level; file/line are the call site or NULL/0.
 * Returns what log() returns. */
bool sd_log_message(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line);
/* The same with a PSR-3 context already encoded as a JSON object (or empty): written
 * by the json format (logFormat), ignored by the others. */
bool sd_log_message_ctx(int level, const char *msg, size_t len, const char *file, size_t file_len, zend_long line,
                        std::string_view context);
/* Whether a line at level is written at all (appName set, within logVerbosity). */
bool sd_log_enabled(int level);
/* What a line at level needs, from one look at the settings: 0 when it is not written
 * (as sd_log_enabled()), else SD_LOG_WRITTEN, with SD_LOG_POSITION when it carries its
 * call site ([f:] or [l:] tags, or the json format's file and line). */
enum { SD_LOG_WRITTEN = 1, SD_LOG_POSITION = 2 };
int sd_log_wants(int level);
/* The user's code that called into us: the nearest frame of user code. */
void sd_log_call_site(const char **file, size_t *file_len, zend_long *line);
/* For the extension's own lines. Safe to call with C++ objects alive: a bailout from
 * a user's log handler is deferred to the next VM interrupt. */
bool sd_logf(int level, const char *fmt, ...) ZEND_ATTRIBUTE_FORMAT(printf, 2, 3);
/* True (once) when a log handler called from sd_logf() bailed out and the bailout is
 * still waiting for the next VM interrupt; the caller then owns it: start() turns it
 * into a failed start instead of a daemon that dies at once. */
bool sd_log_take_bailout();
/* The VM interrupt's part for the log: raises a bailout sd_logf() deferred. */
void sd_log_on_interrupt();
/* True when lines go to user code (a handler, a PEAR or PSR logger), not a file. */
bool sd_log_runs_user_code();
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
/* Counts changes of the zone the date prefix is in (wraps date_default_timezone_set()
 * and the date.timezone INI entry's handler); MSHUTDOWN puts them back. */
void sd_log_minit();
void sd_log_mshutdown();
/* Lines go to the journal (with or without a log file too). */
bool sd_log_reaches_journal();
void sd_log_rshutdown();
/* This thread's logging state, for the module globals (GINIT/GSHUTDOWN). */
sd_log_globals *sd_log_globals_new();
void sd_log_globals_free(sd_log_globals *g);

#endif
