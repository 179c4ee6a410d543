/* start(), stop(), ready(), isRunning(), stopRunning(), isDying() (ext/php/lifecycle.cpp):
 * the top of the glue, what the module file calls around a request. */
#ifndef SD_PHP_LIFECYCLE_H
#define SD_PHP_LIFECYCLE_H

/* Notes the descriptors inherited from the parent, before PHP opens its own. */
void sd_lifecycle_minit();
/* Releases the pid file in the daemon (its owning thread only). */
void sd_lifecycle_rshutdown();
/* After the whole request shutdown (streams closed, destructors run): executes the
 * new image a restart() asked for. */
void sd_lifecycle_post_deactivate();

#endif
