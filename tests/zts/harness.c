/* Requests on several threads of one ZTS PHP at once, through the embed SAPI.
 *
 *   harness ORDER DIR LINES
 *
 * ORDER is main-first (the main thread's request sets a SIGUSR1 handler, then the
 * workers start) or workers-first (the workers' requests run, and log with format
 * arguments, before the main thread's starts). Worker i (0..3) runs i + 1 requests of
 * worker.php, so threads end, and free their interpreter, while others still log;
 * main.php sends itself SIGUSR1 until every worker is done. Each thread has its own
 * appName and log file, checked line by line once all threads are done. Exit status 0
 * when every request exited 0 and every log is as expected. */
#include <sapi/embed/php_embed.h>

#include <errno.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 4

static const char *dir;
static long lines;
static int workers_first;
static char worker_script[4096], main_script[4096];

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int started;    /* workers whose first request has started */
static int running = WORKERS;
static int failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("harness: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    pthread_mutex_lock(&lock);
    failures++;
    pthread_mutex_unlock(&lock);
}

/* The scripts' output (the log lines echoed while not daemonized) is not checked here. */
static size_t discard(const char *str, size_t len)
{
    (void)str;
    return len;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* One request on the calling thread; its exit status, or -1 when it could not start. */
static int run_request(const char *script, int argc, char **argv, int is_worker)
{
    SG(options) |= SAPI_OPTION_NO_CHDIR;
    SG(request_info).argc = argc;
    SG(request_info).argv = argv;
    if (php_request_startup() == FAILURE) return -1;
    SG(headers_sent) = 1;
    SG(request_info).no_headers = 1;
    if (is_worker) {
        pthread_mutex_lock(&lock);
        started++;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    zend_file_handle fh;
    zend_stream_init_filename(&fh, script);
    php_execute_script(&fh);
    zend_destroy_file_handle(&fh);
    int status = EG(exit_status);
    php_request_shutdown(NULL);
    return status;
}

static char *file_in_dir(const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    char ids[16], lines_s[32], logname[32];
    snprintf(ids, sizeof ids, "%d", id);
    snprintf(lines_s, sizeof lines_s, "%ld", lines);
    snprintf(logname, sizeof logname, "zts%d.log", id);
    char *log = file_in_dir(logname), *go = file_in_dir("go");
    char *argv[] = {worker_script, ids, log, lines_s, (char *)dir, NULL};

    if (!workers_first) {
        while (access(go, F_OK) != 0) sleep_ms(1);
    }
    (void)ts_resource(0);
    for (int r = 0; r <= id; r++) {
        int st = run_request(worker_script, 5, argv, 1);
        if (st != 0) fail("worker %d request %d: exit status %d", id, r, st);
    }
    ts_free_thread();

    pthread_mutex_lock(&lock);
    if (--running == 0) {
        char *done = file_in_dir("workers.done");
        FILE *f = fopen(done, "w");
        if (f) fclose(f);
        free(done);
    }
    pthread_mutex_unlock(&lock);
    free(log);
    free(go);
    return NULL;
}

/* The log line after its "[date] " stamp; NULL when there is no stamp. */
static const char *body(const char *line)
{
    if (line[0] != '[') return NULL;
    const char *p = strstr(line, "] ");
    return p ? p + 2 : NULL;
}

static int starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* Per request: the refused start(), the refused setSigHandler(), then the lines with
 * a forwarded warning every 50. Returns the lines checked. */
static long check_worker_log(int id)
{
    char logname[32], line[1024], want[256];
    snprintf(logname, sizeof logname, "zts%d.log", id);
    char *path = file_in_dir(logname);
    FILE *f = fopen(path, "r");
    long n = 0;
    if (!f) {
        fail("%s: %s", path, strerror(errno));
        free(path);
        return 0;
    }
    for (int r = 0; r <= id; r++) {
        for (long i = -1; i <= lines; i++) {
            for (int warn = 0; warn <= (i > 0 && i % 50 == 0); warn++) {
                if (i == -1) {
                    snprintf(want, sizeof want, "     err: Cannot daemonize from this thread: this thread (");
                } else if (i == 0) {
                    snprintf(want, sizeof want,
                             " warning: [PHP Warning] System_Daemon::setSigHandler(): setSigHandler() changes the "
                             "signal handlers of the whole process: this thread (");
                } else if (!warn) {
                    snprintf(want, sizeof want, "    info: zts%d line %ld sum %ld\n", id, i, id * i);
                } else {
                    snprintf(want, sizeof want, " warning: [PHP User Warning] t%d warn %ld [l:", id, i);
                }
                const char *b = fgets(line, sizeof line, f) ? body(line) : NULL;
                ++n;
                if (!b || !starts_with(b, want)) {
                    fail("%s line %ld: expected \"%.*s\", found \"%s\"", path, n, (int)strcspn(want, "\n"), want,
                         b ? b : "(end of file or no date)");
                    fclose(f);
                    free(path);
                    return n;
                }
            }
        }
    }
    if (fgets(line, sizeof line, f)) fail("%s: more lines than expected: \"%s\"", path, line);
    fclose(f);
    free(path);
    return n;
}

/* Ticks 1, 2, ... with as many handled signals as sent, then the total. */
static long check_main_log(long *signals)
{
    char line[1024], *path = file_in_dir("main.log");
    FILE *f = fopen(path, "r");
    long n = 0, sent = 0, got = 0;
    *signals = 0;
    if (!f) {
        fail("%s: %s", path, strerror(errno));
        free(path);
        return 0;
    }
    while (fgets(line, sizeof line, f)) {
        const char *b = body(line);
        long a, c;
        ++n;
        if (b && sscanf(b, "    info: main tick %ld handled %ld", &a, &c) == 2 && a == sent + 1) {
            sent = a;
            continue;
        }
        if (b && sscanf(b, "  notice: main sent %ld got %ld", &a, &c) == 2 && a == sent && c == sent && sent >= 20) {
            got = c;
            continue;
        }
        fail("%s line %ld: unexpected \"%s\" after tick %ld", path, n, line, sent);
        break;
    }
    if (!got) fail("%s: no final count of %ld signals sent and handled", path, sent);
    fclose(f);
    free(path);
    *signals = got;
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "main-first") != 0 && strcmp(argv[1], "workers-first") != 0)) {
        fprintf(stderr, "usage: %s main-first|workers-first DIR LINES\n", argv[0]);
        return 2;
    }
    workers_first = strcmp(argv[1], "workers-first") == 0;
    dir = argv[2];
    lines = strtol(argv[3], NULL, 10);
    const char *here = getenv("ZTS_SCRIPTS");
    if (!here) here = ".";
    snprintf(worker_script, sizeof worker_script, "%s/worker.php", here);
    snprintf(main_script, sizeof main_script, "%s/main.php", here);

    php_embed_module.ub_write = discard;
    /* Named as the CLI: start() refuses any other SAPI before it looks at the thread,
     * and the thread check is what a worker's start() is here to meet. No script of
     * the harness calls start() where it could succeed. */
    php_embed_module.name = "cli";
    if (php_embed_init(0, NULL) == FAILURE) {
        fprintf(stderr, "harness: php_embed_init failed\n");
        return 1;
    }
    /* php_embed_init() started a request on this thread; the main thread's request
     * is main.php's, in the order asked for. */
    php_request_shutdown(NULL);

    pthread_t t[WORKERS];
    for (long i = 0; i < WORKERS; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
            fprintf(stderr, "harness: pthread_create failed\n");
            return 1;
        }
    }
    if (workers_first) {
        pthread_mutex_lock(&lock);
        while (started < WORKERS) pthread_cond_wait(&cond, &lock);
        pthread_mutex_unlock(&lock);
    }
    char *main_log = file_in_dir("main.log");
    char *margv[] = {main_script, main_log, (char *)dir, NULL};
    int st = run_request(main_script, 3, margv, 0);
    if (st != 0) fail("main thread: exit status %d", st);
    for (int i = 0; i < WORKERS; i++) pthread_join(t[i], NULL);
    free(main_log);

    long checked = 0, signals = 0;
    for (int i = 0; i < WORKERS; i++) checked += check_worker_log(i);
    checked += check_main_log(&signals);

    /* php_embed_shutdown() ends a request before the module shutdown. */
    SG(request_info).argc = 0;
    SG(request_info).argv = NULL;
    php_request_startup();
    php_embed_shutdown();

    printf("%s: %d worker threads, %d requests, %ld log lines checked, %ld SIGUSR1 handled on the main thread: %s\n",
           argv[1], WORKERS, WORKERS * (WORKERS + 1) / 2 + 1, checked, signals, failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
