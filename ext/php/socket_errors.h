/* ext/sockets' own errors after a call a signal cut short (ext/php/socket_errors.cpp). */
#ifndef SD_PHP_SOCKET_ERRORS_H
#define SD_PHP_SOCKET_ERRORS_H

/* socket_accept() keeps the error of a failed accept() on the Socket it never returns,
 * so socket_last_error($listener) says 0 ("Success") after a TERM cut the accept
 * short: from now on the listener carries it too (EINTR), as socket_read() and the
 * others do for theirs. Process-wide, once; nothing when ext/sockets is not loaded. */
void sd_socket_errors_install();

#endif
