/* LD_PRELOAD shim for tests: runs the program's main() on a second thread, the first
 * one only waiting for it. PHP then runs as it would in a threaded SAPI's worker
 * thread: its thread id is not the process id. Built by the tests that need it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*main_fn)(int, char **, char **);
typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);

static main_fn real_main;
static int saved_argc;
static char **saved_argv;
static char **saved_envp;
static int status;

static void *run_main(void *unused)
{
    (void)unused;
    status = real_main(saved_argc, saved_argv, saved_envp);
    return NULL;
}

static int main_on_a_thread(int argc, char **argv, char **envp)
{
    pthread_attr_t attr;
    pthread_t t;
    saved_argc = argc;
    saved_argv = argv;
    saved_envp = envp;
    pthread_attr_init(&attr);
    /* as much stack as a main thread usually gets */
    pthread_attr_setstacksize(&attr, 8u << 20);
    if (pthread_create(&t, &attr, run_main, NULL) != 0) {
        fputs("off_main_thread: pthread_create failed\n", stderr);
        return 99;
    }
    pthread_join(t, NULL);
    return status;
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    real_main = main;
    return real(main_on_a_thread, argc, argv, init, fini, rtld_fini, stack_end);
}
