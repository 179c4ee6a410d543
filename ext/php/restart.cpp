/* restart(): the new process is this PHP binary with its ini and the script's
 * arguments as they were, executed once the whole request has shut down. */
#include "php/restart.h"

#include "php/events.h"
#include "php/log.h"
#include "php/state.h"

#include "core/owner.h"
#include "core/reexec.h"
#include "core/sdnotify.h"

#include "SAPI.h"

#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

/* A script started by a relative path (php sub/d.php) is found again by restart()
 * although the daemon now works in appDir: its path is made absolute against the
 * launch's directory. at = the script's index in restart_argv. */
void absolutise_script_path(size_t at)
{
    std::vector<std::string> &restart_argv = sd_daemon().restart_argv;
    const std::string &launch_cwd = sd_daemon().launch_cwd;
    if (at >= restart_argv.size() || SG(request_info).argc < 1) return;
    std::string &script = restart_argv[at];
    if (script.empty() || script[0] == '/' || script == "-" || launch_cwd.empty()) return;
    script = launch_cwd + "/" + script;
}

/* argv for restart(): this PHP binary, its ini (-n, -c, every -d), then the script
 * and its arguments, exactly as they were; no shell ever sees them. */
void prepare_restart_argv()
{
    std::vector<std::string> &restart_argv = sd_daemon().restart_argv;
    restart_argv.clear();
    const char *bin = PG(php_binary) ? PG(php_binary) : "php";
    restart_argv.emplace_back(bin);
    if (sapi_module.php_ini_ignore) restart_argv.emplace_back("-n");
    if (sapi_module.php_ini_path_override) {
        restart_argv.emplace_back("-c");
        restart_argv.emplace_back(sapi_module.php_ini_path_override);
    }
    if (sapi_module.ini_entries) {
        const char *p = sapi_module.ini_entries;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = nl ? static_cast<size_t>(nl - p) : strlen(p);
            if (len > 0) {
                restart_argv.emplace_back("-d");
                restart_argv.emplace_back(p, len);
            }
            p += len + (nl ? 1 : 0);
        }
    }
    for (int i = 0; i < SG(request_info).argc; ++i) restart_argv.emplace_back(SG(request_info).argv[i]);
    absolutise_script_path(restart_argv.size() - static_cast<size_t>(std::max(SG(request_info).argc, 0)));
}

/* The descriptors a service manager passed to this very process (socket activation:
 * LISTEN_FDS from 3 on, for LISTEN_PID) are the new image's too: the same parser as
 * listenSockets(). */
int listen_fds_end()
{
    return 3 + static_cast<int>(sd::listen_fds_for_me().size());
}

}  // namespace

void sd_restart_prepare()
{
    prepare_restart_argv();
}

void sd_restart_run_if_requested()
{
    SdDaemon &d = sd_daemon();
    if (!d.restart_requested) return;
    d.restart_requested = false;
    d.service.restore();
    std::string err = sd::reexec(d.restart_argv, listen_fds_end(), d.launch_cwd);
    /* The request is over (no log handler, no options): syslog is what is left. */
    syslog(LOG_DAEMON | LOG_CRIT, "System_Daemon restart: %s", err.c_str());
}

void sd_restart_request_end()
{
    SdDaemon &d = sd_daemon();
    if (getpid() != d.pid || d.restart_argv.empty()) d.restart_requested = false;
}

ZEND_METHOD(System_Daemon, restart)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value; /* never returns to the script */
    sd_logf(SD_LOG_INFO, "Restarting {appName}");
    /* The new process is started from RSHUTDOWN, after shutdown functions and
     * destructors ran and the pid file was released. */
    sd_daemon().restart_requested = sd_daemon_in_background() && sd::owner::is_mine();
    sd_halt(0);
}
