/* Runs shell commands, one per line on stdin, and prints each one's exit status on a
 * line of its own, as a child subreaper: a daemon that an init script started (and
 * that its launcher left behind) is re-parented here rather than to the container's
 * pid 1, which may never reap it. A dead daemon then really disappears, instead of
 * lingering as a zombie that start-stop-daemon would still find with kill(pid, 0).
 * Commands run with stdio on /dev/null: they redirect what they want to keep, and
 * nothing they leave behind holds the pipe to the test. */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    char line[16384];
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) {
        perror("PR_SET_CHILD_SUBREAPER");
        return 2;
    }
    for (;;) {
        /* While idle, reap every 20 ms, so that a daemon that died between two
         * commands is gone before the next command looks for it. The test sends one
         * command at a time, so no line waits in stdio's buffer while poll() sleeps. */
        struct pollfd pfd = {0, POLLIN, 0};
        int st0;
        while (poll(&pfd, 1, 20) == 0) {
            while (waitpid(-1, &st0, WNOHANG) > 0) {
            }
        }
        if (!fgets(line, sizeof line, stdin)) break;
        line[strcspn(line, "\n")] = '\0';
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0) {
            int fd = open("/dev/null", O_RDWR);
            dup2(fd, 0);
            dup2(fd, 1);
            dup2(fd, 2);
            if (fd > 2) close(fd);
            execl("/bin/sh", "sh", "-c", line, (char *)NULL);
            _exit(127);
        }
        /* Orphans that die meanwhile are reaped here too: start-stop-daemon --stop
         * waits for its daemon to vanish while this loop runs. */
        int st = 0;
        pid_t w;
        while ((w = waitpid(-1, &st, 0)) > 0 && w != pid) {
        }
        printf("%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
        fflush(stdout);
        while (waitpid(-1, &st, WNOHANG) > 0) {
        }
    }
    /* stdin closed: reap whatever is already dead, leave the rest to the test. */
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0) {
    }
    return 0;
}
