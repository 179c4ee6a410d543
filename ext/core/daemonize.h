// Turning the current process into a daemon, following the SysV steps of daemon(7),
// with a readiness channel so the command that started it learns whether it succeeded.
#ifndef SD_CORE_DAEMONIZE_H
#define SD_CORE_DAEMONIZE_H

#include <sys/types.h>

#include <csignal>
#include <string>
#include <vector>

namespace sd {

struct DaemonizeOptions {
    mode_t umask_value = 022;
    // "" leaves the working directory alone.
    std::string chdir_to = "/";
    // Descriptors >= 3 the daemon keeps (what PHP still uses, the log file). Every
    // other inherited descriptor is closed.
    std::vector<int> keep_fds;
    // Ignored signals that stay ignored; every other SIG_IGN becomes SIG_DFL. PHP's CLI
    // ignores SIGPIPE itself so that writes to a closed socket return EPIPE instead of
    // killing the script; a daemon must keep that behaviour.
    std::vector<int> keep_ignored = {SIGPIPE};
    // false under systemd (Type=notify): no fork, no setsid, no descriptor or stdio
    // changes; only the signal reset, the umask and the chdir.
    bool fork = true;
    // The signal mask stays as it is (else every signal is unblocked): a pool's master
    // executed by USR2 keeps what it waits for blocked until it waits again.
    bool keep_mask = false;
    // The pid file the daemon is to take. When the start fails, the launcher (still
    // of the original identity) removes it if the daemon could only empty it.
    std::string pid_file;
    // "" puts the daemon's stderr on /dev/null like stdin and stdout. A path appends it
    // to that file (opened before any privilege drop, never through a symlink): what
    // only ever goes to stderr, such as a debug PHP's memory leak report at exit or a
    // failed assertion, stays readable. Ignored with fork == false.
    std::string stderr_path;
};

// With fork == true the calling process (the launcher) forks; the child calls setsid()
// and forks again, so the daemon is in its own session without being its leader (it
// can never acquire a controlling terminal). The launcher never returns from this call:
// it waits for the daemon's report and leaves with _exit() (no atexit handlers, no
// destructors, no PHP shutdown): 0 on "ready"; the reported code, the reason written to
// its stderr, on failure; 1 with "daemon exited before it was ready" when the daemon
// vanished without a report. Flush any buffered output before calling.
//
// In the daemon this returns the report fd (>= 3, O_CLOEXEC) after: signal mask
// emptied, ignored signals reset (see keep_ignored), descriptors closed except
// keep_fds and the report fd, 0-2 on /dev/null, umask set, chdir done. A failure in
// those steps is reported to the launcher by the daemon itself, which then _exit()s.
// The caller goes on (pid file, privilege drop, ...) and then calls
// daemonize_report_ready() or daemonize_report_failure().
//
// Returns -1 with `err` set when nothing was forked (socketpair or fork failed): the
// caller is still the original process. With fork == false returns -1 and an empty
// `err` on success, or -1 and `err` when the chdir failed.
int daemonize(const DaemonizeOptions &opts, std::string &err);

// Tells the launcher the daemon is up and closes the report fd (sets it to -1). A
// report_fd of -1 (fork == false, or already reported) is a no-op, so callers need
// not tell the modes apart.
void daemonize_report_ready(int &report_fd);

// Tells the launcher that start() is done and the script runs on: the launcher then
// waits up to a second for daemonize_report_ready() or _failure() and exits 0 when
// neither came while the daemon kept the fd open (an exit without a report still
// fails the launcher). Keeps the report fd open.
void daemonize_report_started(int report_fd);

// Tells the launcher to exit with exit_code (1..255; anything else becomes 1) after
// printing `reason` on its stderr; closes the report fd (sets it to -1).
void daemonize_report_failure(int &report_fd, int exit_code, const std::string &reason);

}  // namespace sd

#endif
