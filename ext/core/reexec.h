// Replacing this process with a new image of itself (restart()).
#ifndef SD_CORE_REEXEC_H
#define SD_CORE_REEXEC_H

#include <string>
#include <vector>

namespace sd {

// Executes argv[0] with argv and the current environment. Every descriptor from
// keep_end on is marked close-on-exec first (a listening socket of the old image
// would make the new one's bind() fail; 3 + LISTEN_FDS keeps socket activation's),
// and cwd is entered when given (best effort). Returns only when the exec failed,
// with the reason; the process is then as it was, but for the close-on-exec marks.
// The descriptors in also_keep stay open across the exec too: the pid file, a pool's
// listening sockets.
std::string reexec(std::vector<std::string> argv, int keep_end, const std::string &cwd,
                   const std::vector<int> &also_keep = {});

// Runs argv (a check, such as php -l) to its end, at most timeout_ms, with its
// stdout and stderr in `output` (the first 4 KiB). Its exit status, or -1 when it could
// not run, was killed or took too long (output says which). Waits for that child only.
int run_check(const std::vector<std::string> &argv, long timeout_ms, std::string &output);

// The process's environment (what getenv() and setenv() work on). Not the `environ`
// an extension links against: PHP loads extensions with RTLD_DEEPBIND where it can,
// which binds that name to libc's own variable, and setenv() updates the executable's
// copy of it instead (seen with a PHP built from source: restart() executed the new
// image with no environment at all).
char **process_environ();

// The process's environment as "NAME=value" strings. restart() takes it when called:
// PHP undoes the script's putenv() changes at request shutdown, before the exec.
std::vector<std::string> environment_now();
// Makes env the process's whole environment (entries without '=' are skipped).
void environment_replace(const std::vector<std::string> &env);

}  // namespace sd

#endif
