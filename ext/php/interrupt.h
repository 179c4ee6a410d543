/* The one VM interrupt hook of the extension (ext/php/interrupt.cpp). */
#ifndef SD_PHP_INTERRUPT_H
#define SD_PHP_INTERRUPT_H

void sd_interrupt_minit();
void sd_interrupt_mshutdown();

#endif
