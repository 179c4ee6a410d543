/* System_Daemon::listenSockets(): socket activation. The descriptors systemd passed
 * become PHP streams a script can stream_socket_accept() on; the unit's listening
 * socket belongs to systemd, so it survives a restart of the daemon. */
#include "php/module.h"
#include "php/state.h"

#include "core/fdscan.h"
#include "core/sdnotify.h"

#include "ext/standard/file.h"
#include "main/php_network.h"

#include <fcntl.h>
#include <sys/stat.h>

namespace {

/* The stream resource of this request that already owns fd, if any: a second call
 * must hand out the same stream, not a second one that would close the fd under it. */
zend_resource *stream_for_fd(int fd)
{
    zval *zv;
    ZEND_HASH_FOREACH_VAL (&EG(regular_list), zv) {
        if (Z_TYPE_P(zv) != IS_RESOURCE) continue;
        zend_resource *res = Z_RES_P(zv);
        if (res->type != php_file_le_stream()) continue;
        php_stream *s = static_cast<php_stream *>(res->ptr);
        int sfd = -1;
        if (s &&
            php_stream_cast(s, PHP_STREAM_AS_FD_FOR_SELECT | PHP_STREAM_CAST_INTERNAL, reinterpret_cast<void **>(&sfd),
                            0) == SUCCESS &&
            sfd == fd)
            return res;
    }
    ZEND_HASH_FOREACH_END();
    return nullptr;
}

/* A socket stream with the transport ops, so that stream_socket_accept(),
 * stream_socket_recvfrom() and stream_socket_get_name() work on it. */
php_stream *socket_stream(int fd)
{
    php_netstream_data_t *sock = static_cast<php_netstream_data_t *>(emalloc(sizeof(php_netstream_data_t)));
    memset(sock, 0, sizeof *sock);
    sock->socket = fd;
    int fl = fcntl(fd, F_GETFL);
    sock->is_blocked = fl < 0 || !(fl & O_NONBLOCK);
    sock->timeout.tv_sec = FG(default_socket_timeout);
    php_stream *s = php_stream_alloc(&php_stream_socket_ops, sock, nullptr, "r+");
    if (!s) efree(sock);
    return s;
}

}  // namespace

ZEND_METHOD(System_Daemon, listenSockets)
{
    ZEND_PARSE_PARAMETERS_NONE();
    array_init(return_value);
    std::vector<std::string> warnings;
    auto fds = sd::listen_fds_for_me(&warnings);
    for (const auto &w : warnings) php_error_docref(NULL, E_WARNING, "%s", w.c_str());
    for (const auto &kv : fds) {
        int fd = kv.second;
        struct stat st;
        if (fstat(fd, &st) != 0) continue; /* closed by the script (fclose()) */
        /* LISTEN_FDS is only a claim: a number past what was passed names the
         * daemon's own files (pid file, log), and a script closing such a "socket"
         * would drop the pid file's lock. Only what this process inherited before it
         * opened anything, and only sockets. */
        if (!sd::still_inherited(fd, sd_daemon().inherited)) {
            php_error_docref(NULL, E_WARNING,
                             "LISTEN_FDS: descriptor %d was not inherited from the service manager: ignored", fd);
            continue;
        }
        if (!S_ISSOCK(st.st_mode)) {
            php_error_docref(NULL, E_WARNING, "LISTEN_FDS: descriptor %d is not a socket: ignored", fd);
            continue;
        }
        zval zv;
        if (zend_resource *res = stream_for_fd(fd)) {
            GC_ADDREF(res);
            ZVAL_RES(&zv, res);
        } else {
            /* Not for programs this daemon executes (sd_listen_fds() does the same). */
            int fdfl = fcntl(fd, F_GETFD);
            if (fdfl >= 0) fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC);
            php_stream *s = socket_stream(fd);
            if (!s) continue;
            php_stream_to_zval(s, &zv);
        }
        add_assoc_zval_ex(return_value, kv.first.data(), kv.first.size(), &zv);
    }
}
