#include "core/owner.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

namespace sd {
namespace owner {

namespace {

// 0: nobody; 1: a thread is claiming (writing `who`); 2: `who` owns. `who` is atomic
// too: a thread that saw 2 may still be reading it when the owner releases and claims
// again (pthread_t is an integer on the Linux C libraries this builds for).
enum : int { kFree = 0, kClaiming = 1, kOwned = 2 };
std::atomic<int> state{kFree};
std::atomic<pthread_t> who;
// Taken when the code is loaded (static initialisation, on the loading thread).
const pthread_t loader = pthread_self();

long thread_id()
{
#if defined(SYS_gettid)
    return static_cast<long>(syscall(SYS_gettid));
#else
    return static_cast<long>(getpid());
#endif
}

}  // namespace

bool on_main_thread()
{
    return thread_id() == static_cast<long>(getpid());
}

bool is_mine()
{
    return state.load(std::memory_order_acquire) == kOwned &&
           pthread_equal(who.load(std::memory_order_relaxed), pthread_self());
}

bool is_daemon_thread()
{
    return state.load(std::memory_order_acquire) == kFree ? pthread_equal(loader, pthread_self()) != 0 : is_mine();
}

bool claimed()
{
    return state.load(std::memory_order_acquire) != kFree;
}

std::string claim()
{
    if (is_mine()) return std::string();
    if (!on_main_thread()) {
        return "this thread (" + std::to_string(thread_id()) + ") is not the main thread of process " +
               std::to_string(static_cast<long>(getpid())) +
               ": signal handlers, forking into a daemon and the pid file belong to the whole process, "
               "so only its main thread may take them";
    }
    int expected = kFree;
    if (!state.compare_exchange_strong(expected, kClaiming, std::memory_order_acq_rel)) {
        return "another thread of process " + std::to_string(static_cast<long>(getpid())) +
               " already owns the signal handlers and the daemon";
    }
    who.store(pthread_self(), std::memory_order_relaxed);
    state.store(kOwned, std::memory_order_release);
    return std::string();
}

void release()
{
    if (!is_mine()) return;
    state.store(kFree, std::memory_order_release);
}

}  // namespace owner
}  // namespace sd
