/* PHP error forwarding (ext/php/errors.cpp): warnings, notices and deprecations to the
 * daemon's log. Whether it is on is computed from logPhpErrors and the daemon's state
 * when an error comes, in one place (forwarding() there). */
#ifndef SD_PHP_ERRORS_H
#define SD_PHP_ERRORS_H

#include "php/module.h"

void sd_errors_minit();
void sd_errors_mshutdown();
void sd_errors_rinit();
/* Hands over the diagnostics queued during compilation, then stops forwarding. */
void sd_errors_rshutdown();
/* The VM interrupt's part for errors: hands the queued diagnostics to the handler. */
void sd_errors_on_interrupt();
/* This thread's forwarding state, for the module globals (GINIT/GSHUTDOWN). */
sd_errors_globals *sd_errors_globals_new();
void sd_errors_globals_free(sd_errors_globals *g);

#endif
