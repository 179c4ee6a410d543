// The daemon's family: the processes it started (pcntl_fork() workers, proc_open()
// children) and theirs, which a stop reaches as a service manager's control-group stop
// would. Every function here is async-signal-safe (open, read, close, kill: no
// allocation), so the signal handler can use them when the script cannot.
#ifndef SD_CORE_FAMILY_H
#define SD_CORE_FAMILY_H

#include <sys/types.h>

#include <cstddef>

namespace sd {
namespace family {

// The descendants of root, breadth first, up to max, from the kernel's
// /proc/<pid>/task/<pid>/children lists (children a process made from another thread
// than its main one are not seen). Zombies included. Returns how many were written.
size_t list(pid_t root, pid_t *out, size_t max);
// Whether pid runs (exists and is not a zombie).
bool is_live(pid_t pid);
// The live descendants of root.
size_t live(pid_t root, pid_t *out, size_t max);
// Sends signo to every live descendant of root; returns how many it reached.
size_t signal_all(pid_t root, int signo);
// Orphaned descendants are re-parented to this process instead of init, so they stay
// in the family (and are reaped here). False where the kernel has no such thing.
bool become_subreaper();

}  // namespace family
}  // namespace sd

#endif
