/* SIGCHLD's default action: reaping the children PHP does not wait for itself. */
#include "php/children.h"

#include "php/log.h"
#include "php/signal_names.h"

#include "core/signals.h"

/* These headers declare their functions without C linkage guards. */
BEGIN_EXTERN_C()
#include "ext/standard/proc_open.h"
END_EXTERN_C()

#include <sys/stat.h>
#include <sys/wait.h>

#include <vector>

namespace {

int le_process = -1;

/* The pids PHP will wait for itself (live proc_open() resources) and whether a popen()
 * stream is open. exec(), system(), shell_exec() and passthru() reap their own child
 * before they return, and we only ever run between opcodes, so they never race us. */
bool collect_kept_children(std::vector<pid_t> &keep)
{
    if (le_process < 0) le_process = zend_fetch_list_dtor_id("process");
    std::vector<zend_resource *> proc_pipes;
    zval *zv;
    ZEND_HASH_FOREACH_VAL (&EG(regular_list), zv) {
        if (Z_TYPE_P(zv) != IS_RESOURCE) continue;
        zend_resource *res = Z_RES_P(zv);
        if (res->type != le_process || le_process < 0 || !res->ptr) continue;
        auto *proc = static_cast<php_process_handle *>(res->ptr);
        keep.push_back(static_cast<pid_t>(proc->child));
        for (int i = 0; i < proc->npipes; ++i) proc_pipes.push_back(proc->pipes[i]);
    }
    ZEND_HASH_FOREACH_END();

    /* popen() streams are the stdio streams without a path whose fd is a pipe
     * (proc_open()'s pipes look the same, and are told apart by the loop above).
     * Their pid is not reachable, so while one is open nothing is reaped. */
    ZEND_HASH_FOREACH_VAL (&EG(regular_list), zv) {
        if (Z_TYPE_P(zv) != IS_RESOURCE) continue;
        zend_resource *res = Z_RES_P(zv);
        if (res->type != php_file_le_stream() || !res->ptr) continue;
        auto *s = static_cast<php_stream *>(res->ptr);
        if (!php_stream_is(s, PHP_STREAM_IS_STDIO) || s->orig_path) continue;
        bool is_proc_pipe = false;
        for (zend_resource *p : proc_pipes) is_proc_pipe = is_proc_pipe || p == res;
        if (is_proc_pipe) continue;
        int fd = -1;
        struct stat st;
        if (php_stream_cast(s, PHP_STREAM_AS_FD | PHP_STREAM_CAST_INTERNAL, reinterpret_cast<void **>(&fd), 0) ==
                SUCCESS &&
            fd >= 0 && fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) {
            return false;
        }
    }
    ZEND_HASH_FOREACH_END();
    return true;
}

/* Fills pids/statuses; no object with a destructor outlives this call, so the caller
 * may log (which can run user code) afterwards. */
size_t reap_some(pid_t *pids, int *statuses, size_t max, bool *deferred)
{
    std::vector<pid_t> keep;
    if (!collect_kept_children(keep)) {
        *deferred = true;
        return 0;
    }
    *deferred = false;
    return sd::sig::reap_children(keep.data(), keep.size(), pids, statuses, max);
}

}  // namespace

bool sd_children_reap()
{
    bool deferred = false;
    pid_t pids[64];
    int statuses[64];
    for (;;) {
        size_t n = reap_some(pids, statuses, 64, &deferred);
        for (size_t i = 0; i < n; ++i) {
            int st = statuses[i];
            if (WIFSIGNALED(st)) {
                sd_logf(SD_LOG_DEBUG, "Reaped child %d (killed by %s)", static_cast<int>(pids[i]),
                        sd_signal_name(WTERMSIG(st)));
            } else {
                sd_logf(SD_LOG_DEBUG, "Reaped child %d (exit status %d)", static_cast<int>(pids[i]), WEXITSTATUS(st));
            }
        }
        if (n < 64 || EG(exception)) break;
    }
    return deferred;
}
