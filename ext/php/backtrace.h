/* The PHP stack as log text (ext/php/backtrace.cpp), shared by the slow-iteration watch
 * and the fatal-error trace. Writes into the caller's buffer and allocates nothing: a
 * fatal error may come from the allocator itself, and nothing here may bail out. */
#ifndef SD_PHP_BACKTRACE_H
#define SD_PHP_BACKTRACE_H

#include "php/module.h"

#include <cstddef>

/* Room for the stack of a deep call chain; a longer one ends in "...". */
constexpr std::size_t SD_STACK_TEXT_MAX = 8192;

/* "\n  #0 Worker::handle() at /srv/app/worker.php:42" per frame, innermost first, no
 * argument values (they may hold secrets, and reading them could run user code).
 * Returns the text's length; an empty text when there is no frame. */
std::size_t sd_stack_text(zend_execute_data *top, char *buf, std::size_t cap);

/* The stack of the fatal error being raised, in the same form: the frames running
 * now; none when PHP 8.5's fatal_error_backtraces is off. */
std::size_t sd_fatal_stack_text(char *buf, std::size_t cap);

#endif
