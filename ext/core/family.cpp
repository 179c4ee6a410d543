#include "core/family.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace sd {
namespace family {

namespace {

// "/proc/<pid>/<tail>" without snprintf (not async-signal-safe).
void proc_path(char *buf, size_t len, pid_t pid, const char *tail, bool task)
{
    char digits[24];
    int n = 0;
    unsigned long v = static_cast<unsigned long>(pid);
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v && n < static_cast<int>(sizeof digits));
    size_t i = 0;
    auto put = [&](char c) {
        if (i + 1 < len) buf[i++] = c;
    };
    for (const char *p = "/proc/"; *p; ++p) put(*p);
    for (int k = n - 1; k >= 0; --k) put(digits[k]);
    if (task) {
        for (const char *p = "/task/"; *p; ++p) put(*p);
        for (int k = n - 1; k >= 0; --k) put(digits[k]);
    }
    put('/');
    for (const char *p = tail; *p; ++p) put(*p);
    buf[i] = '\0';
}

ssize_t read_small(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t got = 0;
    while (got + 1 < len) {
        ssize_t r = read(fd, buf + got, len - 1 - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += static_cast<size_t>(r);
    }
    close(fd);
    buf[got] = '\0';
    return static_cast<ssize_t>(got);
}

}  // namespace

size_t list(pid_t root, pid_t *out, size_t max)
{
    size_t n = 0;
    // out doubles as the queue: entries before `next` have had their children read.
    for (size_t next = 0;; ++next) {
        pid_t parent = next == 0 ? root : (next - 1 < n ? out[next - 1] : 0);
        if (parent == 0 || n >= max) break;
        char path[64];
        proc_path(path, sizeof path, parent, "children", true);
        char buf[4096];
        if (read_small(path, buf, sizeof buf) <= 0) continue;
        const char *p = buf;
        while (*p && n < max) {
            while (*p == ' ' || *p == '\n') ++p;
            long v = 0;
            bool digits = false;
            while (*p >= '0' && *p <= '9') {
                v = v * 10 + (*p++ - '0');
                digits = true;
            }
            if (!digits) break;
            bool seen = static_cast<pid_t>(v) == root;
            for (size_t k = 0; k < n && !seen; ++k) seen = out[k] == static_cast<pid_t>(v);
            if (!seen && v > 1) out[n++] = static_cast<pid_t>(v);
        }
    }
    return n;
}

bool is_live(pid_t pid)
{
    char path[64], buf[512];
    proc_path(path, sizeof path, pid, "stat", false);
    ssize_t len = read_small(path, buf, sizeof buf);
    if (len <= 0) return false;
    // "pid (comm) S ...": the state follows the last ')'.
    const char *close_paren = nullptr;
    for (const char *p = buf; *p; ++p)
        if (*p == ')') close_paren = p;
    if (!close_paren || !close_paren[1] || !close_paren[2]) return false;
    char state = close_paren[2];
    return state != 'Z' && state != 'X' && state != 'x';
}

size_t live(pid_t root, pid_t *out, size_t max)
{
    size_t n = list(root, out, max), k = 0;
    for (size_t i = 0; i < n; ++i)
        if (is_live(out[i])) out[k++] = out[i];
    return k;
}

size_t signal_all(pid_t root, int signo)
{
    pid_t pids[1024];
    size_t n = live(root, pids, sizeof pids / sizeof pids[0]), sent = 0;
    for (size_t i = 0; i < n; ++i)
        if (kill(pids[i], signo) == 0) ++sent;
    return sent;
}

bool become_subreaper()
{
#if defined(__linux__) && defined(PR_SET_CHILD_SUBREAPER)
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
#else
    return false;
#endif
}

}  // namespace family
}  // namespace sd
