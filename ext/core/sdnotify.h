// systemd's readiness protocol (sd_notify(3)) without libsystemd: one datagram of
// newline-separated KEY=VALUE assignments to the AF_UNIX socket in NOTIFY_SOCKET.
#ifndef SD_CORE_SDNOTIFY_H
#define SD_CORE_SDNOTIFY_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sd {

// Sends msg as one datagram to addr: a filesystem path ("/run/systemd/notify") or an
// abstract socket name written with a leading '@'. Returns false with the reason in err
// for an unusable address or a failed send.
bool sd_notify_to(const std::string &addr, const std::string &msg, std::string &err);

// WATCHDOG_USEC when the service manager expects WATCHDOG=1 pings from this process,
// else 0: unset, not a positive number, or WATCHDOG_PID set to another pid (the
// variables were inherited by a child that is not the main process).
// The rule is applied to values the caller read (serviceenv takes them out of the
// environment at start(); nullptr = unset).
std::uint64_t watchdog_usec_from(const char *usec, const char *pid, long self_pid);

// CLOCK_MONOTONIC in microseconds, as MONOTONIC_USEC= (sent with RELOADING=1) wants.
std::uint64_t monotonic_usec();

// "RELOADING=1\nMONOTONIC_USEC=<now>": systemd (Type=notify-reload and newer
// managers) needs the timestamp to tell this reload from an older one.
std::string sd_reloading_message();

// Whether fd is the stream systemd connected to the journal: JOURNAL_STREAM holds its
// "<device>:<inode>" (decimal), compared with fstat(fd). False for anything else, so
// an inherited variable whose stream was replaced (a daemon's /dev/null) does not count.
bool journal_stream_is(const char *journal_stream, int fd);

// Socket activation (sd_listen_fds(3)): the descriptors systemd passed from fd 3 on,
// each with a key: its name from LISTEN_FDNAMES ("unknown" for all when the variable is
// missing), a second and later descriptor of the same name keyed "name:1", "name:2",
// ... (a colon never appears in a name). Empty unless LISTEN_PID is self_pid and
// LISTEN_FDS a count from 1 to 4096: variables inherited by another process are not for
// it. As sd_listen_fds_with_names() does, a LISTEN_FDNAMES that does not name every
// descriptor gives none: the variables do not describe what was passed. A descriptor
// whose name is not a valid one (a control character, a byte over 126, more than 255
// bytes) is left out. Each refusal adds a line to *warnings when given. These are only
// what the variables claim: the caller checks that each descriptor is an inherited
// socket (fdscan.h's still_inherited()).
std::vector<std::pair<std::string, int>> listen_fds_from(const char *fds, const char *pid, const char *names,
                                                         long self_pid, std::vector<std::string> *warnings = nullptr);
// The same from the environment, for this process.
std::vector<std::pair<std::string, int>> listen_fds_for_me(std::vector<std::string> *warnings = nullptr);

}  // namespace sd

#endif
