/* The options table (ext/php/options.cpp): the bottom of the glue, it calls no other
 * glue unit. What a change of an option causes (the log's settings, PHP error
 * forwarding) is read from here by the units above when they need it. */
#ifndef SD_PHP_OPTIONS_H
#define SD_PHP_OPTIONS_H

#include "php/module.h"

#include <string>

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
/* The gid the daemon runs as. appRunAsGID when the script set it (0 included), or
 * when appRunAsUID is not set either; otherwise appRunAsUID's primary group from the
 * passwd database, with *note saying so. False, with *err naming appRunAsGID, for a
 * uid without a passwd entry (unless it is this process's uid: nothing changes). */
bool sd_option_run_as_gid(gid_t *gid, std::string *err, std::string *note);
void sd_options_rinit();
void sd_options_rshutdown();
/* This thread's option bookkeeping, for the module globals (GINIT/GSHUTDOWN). */
sd_options_globals *sd_options_globals_new();
void sd_options_globals_free(sd_options_globals *g);

#endif
