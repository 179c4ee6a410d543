/* Methods whose implementation has not landed yet: each throws, so nothing pretends
 * to work. Entries leave this file as they are implemented. */
#include "php/sd_php.h"

#include "zend_exceptions.h"

/* The (void)s keep -Wextra quiet about the two parameters every method receives. */
#define SD_PENDING(cls, m) \
    ZEND_METHOD(cls, m) { (void)execute_data; (void)return_value; \
        zend_throw_exception(sd_ce_exception, #cls "::" #m "() is not implemented yet", 0); }

