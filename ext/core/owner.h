// Which thread may change what belongs to the whole process: signal dispositions,
// forking into a daemon, the pid file. Plain C++ with no Zend types.
//
// In a threaded SAPI every thread runs its own request, but there is one signal table,
// one pid and one pid file per process. The thread that claims them (the one that
// calls start(), or installs a signal handler) is their owner until it releases them;
// every other thread leaves them alone. Only the process's main thread can claim: a
// fork() copies the calling thread alone, so a daemon forked from any other thread
// would lose the rest of the program under its feet.
#ifndef SD_CORE_OWNER_H
#define SD_CORE_OWNER_H

#include <string>

namespace sd {
namespace owner {

// The process's main thread: the one whose thread id is the process id (in a child
// made by fork(), its only thread).
bool on_main_thread();

// Makes the calling thread the owner. Empty when it owns them now (claimed now or
// before); otherwise why it cannot, in words for an error message.
std::string claim();

// The calling thread is the owner. In a child made by fork() from the owner, its one
// thread still is (pthread_self() is copied).
bool is_mine();

// The thread the daemon's own figures belong to: the owner once one has claimed, else
// the thread that loaded this code (the main one, in every SAPI that loads extensions
// at startup). No system call: iterate() asks it every time.
bool is_daemon_thread();

// Some thread owns them.
bool claimed();

// The owner gives them up (its request ended); a no-op in any other thread.
void release();

}  // namespace owner
}  // namespace sd

#endif
