#include "php/upgrade.h"

#include "php/events.h"
#include "php/log.h"
#include "php/restart.h"
#include "php/state.h"

#include "core/cmdline.h"
#include "core/listeners.h"
#include "core/reexec.h"

#include "main/php_network.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <mutex>

namespace {

constexpr const char *kAdoptEnv = "SYSTEM_DAEMON_POOL_WORKERS";
constexpr const char *kListenEnv = "SYSTEM_DAEMON_POOL_LISTEN";
/* A syntax check that hangs must not keep the master from its workers for long. */
constexpr long kLintTimeoutMs = 10000;

/* This image was executed by a USR2: it has the pid file handed over, or workers. */
bool g_upgraded = false;
std::vector<sd::pool::Adopted> g_adopted;

/* The sockets handed over and not yet asked for, and those asked for (for the log).
 * One process-wide list: a threaded PHP has one master at most, but its requests may
 * all open servers. */
std::mutex g_mu;
std::vector<int> g_kept;
std::vector<std::string> g_taken;

php_stream_transport_factory g_tcp_factory = nullptr;

/* The tcp factory may be another extension's (ext/openssl registers its own, for
 * streams that turn on TLS later): each kind of stream operations it hands out gets a
 * copy that answers the bind. Only PHP's and ext/openssl's, whose data starts with
 * PHP's socket data (what the bind's answer writes): another extension's stream is
 * left alone, and binds as it would. */
bool known_socket_ops(const php_stream_ops *ops)
{
    return ops->label && (strcmp(ops->label, "tcp_socket") == 0 || strcmp(ops->label, "tcp_socket/ssl") == 0);
}

struct Ops {
    const php_stream_ops *php;
    php_stream_ops ours;
};
Ops g_ops[4];
int g_nops = 0;

int take_kept(const char *name, size_t len)
{
    std::lock_guard<std::mutex> lock(g_mu);
    int fd = sd::listeners::take(g_kept, name, len);
    if (fd >= 0) g_taken.push_back(sd::listeners::describe(fd));
    return fd;
}

/* The server stream's first operation is its bind (inside stream_socket_server(),
 * before the script can see the stream): the stream gets PHP's own operations back
 * at once, and the bind is answered with the old socket when it is the address. */
int kept_set_option(php_stream *stream, int option, int value, void *ptrparam)
{
    const php_stream_ops *php = nullptr;
    {
        std::lock_guard<std::mutex> lock(g_mu);
        for (int i = 0; i < g_nops; ++i)
            if (stream->ops == &g_ops[i].ours) php = g_ops[i].php;
    }
    if (!php) return PHP_STREAM_OPTION_RETURN_ERR;
    stream->ops = php;
    if (option == PHP_STREAM_OPTION_XPORT_API) {
        auto *x = static_cast<php_stream_xport_param *>(ptrparam);
        if (x->op == php_stream_xport_param::STREAM_XPORT_OP_BIND) {
            int fd = take_kept(x->inputs.name, x->inputs.namelen);
            if (fd >= 0) {
                /* The old workers share the socket's blocking mode (its open file's
                 * flag): it stays as the old code set it, and the stream says which. */
                int fl = fcntl(fd, F_GETFL);
                auto *sock = static_cast<php_netstream_data_t *>(stream->abstract);
                sock->socket = fd;
                sock->is_blocked = fl < 0 || !(fl & O_NONBLOCK);
                x->outputs.returncode = 0;
                return PHP_STREAM_OPTION_RETURN_OK;
            }
        }
    }
    return php->set_option(stream, option, value, ptrparam);
}

php_stream *kept_factory(const char *proto, size_t protolen, const char *resourcename, size_t resourcenamelen,
                         const char *persistent_id, int options, int flags, struct timeval *timeout,
                         php_stream_context *context STREAMS_DC)
{
    php_stream *s = g_tcp_factory(proto, protolen, resourcename, resourcenamelen, persistent_id, options, flags,
                                  timeout, context STREAMS_REL_CC);
    if (!s || !(flags & STREAM_XPORT_SERVER) || !known_socket_ops(s->ops)) return s;
    std::lock_guard<std::mutex> lock(g_mu);
    if (g_kept.empty()) return s;
    for (int i = 0; i < g_nops; ++i) {
        if (g_ops[i].php == s->ops) {
            s->ops = &g_ops[i].ours;
            return s;
        }
    }
    if (g_nops == static_cast<int>(sizeof g_ops / sizeof g_ops[0])) return s;
    Ops &o = g_ops[g_nops++];
    o.php = s->ops;
    o.ours = *s->ops;
    o.ours.set_option = kept_set_option;
    s->ops = &o.ours;
    return s;
}

void restore_tcp()
{
    if (!g_tcp_factory) return;
    php_stream_xport_register("tcp", g_tcp_factory);
    g_tcp_factory = nullptr;
}

void unblock_wait_set()
{
    sigset_t set;
    sd::pool::wait_set(&set);
    sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace

void sd_upgrade_minit()
{
    const char *workers = getenv(kAdoptEnv);
    const char *listen = getenv(kListenEnv);
    if (workers) g_adopted = sd::pool::parse_adopted(workers);
    if (listen) g_kept = sd::listeners::parse(listen);
    /* After sd_restart_minit(), which took the pid file's descriptor. */
    g_upgraded = workers && (!g_adopted.empty() || sd_daemon().adopt_pid_fd >= 0);
    unsetenv(kAdoptEnv);
    unsetenv(kListenEnv);
    if (g_kept.empty()) return;
    g_tcp_factory = reinterpret_cast<php_stream_transport_factory>(
        zend_hash_str_find_ptr(php_stream_xport_get_hash(), ZEND_STRL("tcp")));
    if (!g_tcp_factory) return;
    php_stream_xport_register("tcp", kept_factory);
}

void sd_upgrade_mshutdown()
{
    restore_tcp();
}

bool sd_upgrade_is_new_image()
{
    return g_upgraded;
}

std::vector<sd::pool::Adopted> sd_upgrade_take_over()
{
    std::vector<int> unclaimed;
    std::vector<std::string> taken;
    {
        std::lock_guard<std::mutex> lock(g_mu);
        unclaimed.swap(g_kept);
        taken.swap(g_taken);
    }
    for (const std::string &t : taken)
        sd_logf(SD_LOG_INFO, "Listening on %s: the socket of the code before", t.c_str());
    for (int fd : unclaimed) {
        sd_logf(SD_LOG_NOTICE, "%s: not listened on by the new code; closed once the old workers end",
                sd::listeners::describe(fd).c_str());
        close(fd);
    }
    std::vector<sd::pool::Adopted> out;
    out.swap(g_adopted);
    return out;
}

void sd_upgrade_abandon()
{
    if (!g_upgraded) return;
    std::vector<sd::pool::Adopted> workers = sd_upgrade_take_over();
    unblock_wait_set();
    if (workers.empty()) return;
    sd_logf(SD_LOG_WARNING, "The new code has no appWorkers: the %zu workers of the code before are told to stop",
            workers.size());
    for (const auto &w : workers) kill(w.pid, SIGTERM);
}

std::string sd_upgrade_check()
{
    std::string why = sd_restart_cannot_execute();
    if (!why.empty()) return why;
    /* The commonest broken deploy, caught while the old code still serves. */
    std::vector<std::string> lint = sd::lint_command_line(sd_daemon().restart_argv);
    if (!lint.empty()) {
        /* The master feeds no watchdog while it waits: the check gets half an interval. */
        long timeout_ms = kLintTimeoutMs;
        std::uint64_t wd = sd_daemon().service.watchdog_usec(getpid());
        if (wd > 0 && static_cast<long>(wd / 2000) < timeout_ms) timeout_ms = static_cast<long>(wd / 2000);
        sd_notify_watchdog_tick();
        std::string out;
        int rc = sd::run_check(lint, timeout_ms, out);
        if (rc != 0) {
            /* Its first line says why; the rest repeats it ("Errors parsing ..."). */
            std::string::size_type start = out.find_first_not_of("\n ");
            out = start == std::string::npos ? "exit status " + std::to_string(rc) : out.substr(start);
            out = out.substr(0, out.find('\n'));
            return "the script does not compile (php -l): " + out;
        }
    }
    return "";
}

std::string sd_upgrade_exec(const std::vector<sd::pool::Adopted> &workers)
{
    /* Socket activation's descriptors are kept by number already (listenSockets()). */
    std::vector<int> keep = sd::listeners::listening_tcp(sd_restart_listen_fds_end());
    setenv(kAdoptEnv, sd::pool::format_adopted(workers).c_str(), 1);
    setenv(kListenEnv, sd::listeners::format(keep).c_str(), 1);
    sd_notify_reloading();
    /* The signals the master waits for stay blocked: one that comes during the exec
     * waits for the new master instead of ending the process under its workers. */
    std::string why = sd_restart_exec(0, keep);
    unsetenv(kAdoptEnv);
    unsetenv(kListenEnv);
    sd_notify_reloaded();
    return why;
}
