/* One hook on zend_interrupt_function for everything the extension defers to "between
 * two opcodes", in one order written down here (three hooks chained in MINIT order
 * made the order an accident of the module file). */
#include "php/interrupt.h"

#include "php/errors.h"
#include "php/log.h"
#include "php/signals.h"
#include "php/watch.h"

namespace {

void (*prev_interrupt)(zend_execute_data *) = nullptr;

void interrupt_hook(zend_execute_data *ex)
{
    /* The order the three chained hooks had, kept:
     * 1. signals: the script's handlers and a stop (isDying()) as soon as possible;
     * 2. the diagnostics the compiler raised while a log handler could not run, in
     *    the order they came, before 3 could drop them;
     * 3. last, the fatal error a log handler had inside sd_logf(), deferred until no
     *    C++ frame held objects: it ends the script, so nothing may come after it.
     * A bailout in 1 or 2 (a handler's fatal error) leaves the rest to the next
     * interrupt, or to the request's end. */
    sd_signals_on_interrupt();
    /* 1b. a slow iteration's stack, before anything else runs PHP code */
    sd_watch_on_interrupt(ex);
    sd_errors_on_interrupt();
    sd_log_on_interrupt();
    /* pcntl's own (async signals), or whoever hooked before us. */
    if (prev_interrupt) prev_interrupt(ex);
}

}  // namespace

void sd_interrupt_minit()
{
    prev_interrupt = zend_interrupt_function;
    zend_interrupt_function = interrupt_hook;
}

void sd_interrupt_mshutdown()
{
    if (zend_interrupt_function == interrupt_hook) zend_interrupt_function = prev_interrupt;
}
