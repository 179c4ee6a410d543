// The pid file: created without following symlinks, locked for the daemon's whole
// life, and judged by its lock rather than by kill(pid, 0) (a pid can be reused, and
// EPERM from kill() means "alive", which the original mistook for "dead").
//
// The lock is an open-file-description lock (F_OFD_SETLK, Linux >= 3.15), with flock()
// where that does not exist. Both belong to the open file description, not to the
// process, so PHP code that opens and closes the pid file (file_get_contents) does not
// drop it, as it would a classic POSIX fcntl() lock. Children forked after acquiring
// share the description and therefore the lock; the fd is O_CLOEXEC, so exec() does not.
#ifndef SD_CORE_PIDFILE_H
#define SD_CORE_PIDFILE_H

#include <sys/types.h>

#include <string>

namespace sd {

// Takes the pid file at `path` for `pid` and returns its descriptor, to be kept open
// for as long as the daemon runs (closing it releases the lock).
//
// Missing parent directories are created 0755 and stay the caller's (never the daemon
// user's: whoever can write the directory can replace the pid file). The file is
// always created anew with O_EXCL, written as "<pid>\n", mode 0644 whatever the umask,
// owned by the caller (root when started as root, which start-stop-daemon requires).
// A file left by a dead daemon (no lock held) is unlinked under its lock and replaced;
// a file owned by anyone but root or the caller's euid is refused, never adopted.
//
// On failure returns -1 with `err` set. When another process holds the lock, err is
// "already running as pid N" and `holder` is N (0 when the holder never wrote a pid).
int pidfile_acquire(const std::string &path, pid_t pid, std::string &err, pid_t &holder);

// restart() after a privilege drop: the new image may not create the pid file in
// root's directory again, so it adopts the descriptor (and lock) the old one left open
// across the exec. The number comes from the environment, which whoever starts the
// process controls: it is used only when it names, by device and inode, the regular,
// single-link file now at `path`, owned by root or this euid, and its lock can be held.
// Then "<pid>\n" is written through it, it is made close-on-exec again, and returned;
// else -1 with `err` (the descriptor is left alone: it may be anything).
int pidfile_adopt(int fd, const std::string &path, pid_t pid, std::string &err);

enum class PidState {
    Absent,   // no file at path
    Stale,    // a file nobody holds the lock on (pid: what it says, 0 if unreadable)
    Running,  // the lock is held, or the file exists but cannot be inspected
};

// Looks at the pid file without taking it. `pid` is set from the file's content (0
// when it holds none). When the file exists but cannot be opened (EACCES for an
// unprivileged caller, a symlink, ...), the answer is Running with pid 0: "cannot tell"
// must never lead a caller to believe it may start a second instance or delete the
// file; a real start decides by taking the lock anyway.
PidState pidfile_probe(const std::string &path, pid_t &pid);

// Unlinks the pid file (only when the path still names the file behind `fd`, so a
// successor's file is never removed) and closes `fd`. When the unlink is refused
// (privileges dropped in a directory the daemon does not own), the file is emptied
// instead, so no pid that the system may reuse is left behind for a stopper to kill.
void pidfile_release(int fd, const std::string &path);

// For the launcher of a start that failed: removes the pid file at `path` when it is
// what the failed daemon left because it could not unlink it (after a privilege drop
// in a directory it no longer may write): a regular, single-link, empty file owned by
// the caller's euid, unlocked, still at the path. Removed under its lock, so a live
// daemon's file never goes. True if removed.
bool pidfile_remove_emptied(const std::string &path);

// Stops the daemon holding the pid file: SIGTERM, then waits (at most timeout_ms)
// until its lock is released. Returns true only when a running daemon was stopped;
// `msg` says what happened in every case: "stopped pid N", "pid N did not stop within
// X ms", "no daemon running (stale pid file)", "no daemon running (no pid file)",
// "not allowed to signal pid N", ... A pid file owned by neither root nor the caller's
// euid, or holding anything but one positive pid, is never acted on; as root, neither
// is a pid file whose directory anyone but root can write (rootdir.h).
bool pidfile_stop(const std::string &path, int timeout_ms, std::string &msg);

}  // namespace sd

#endif
