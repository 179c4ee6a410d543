// The file-system questions writeAutoRun() and System_Daemon_OS ask (does it exist, is
// this directory writable, does the script run itself), asked without PHP. Writing is
// sd::write_file_atomic() (core/fd.h).
#ifndef SD_CORE_STARTUP_FILES_H
#define SD_CORE_STARTUP_FILES_H

#include <string>

namespace sd {

// stat() succeeds; false for "".
bool path_exists(const std::string &path);
bool is_directory(const std::string &path);

// Whether this process can create a file in the directory path (a trailing '/' or an
// existing directory), or open or create the file path for writing. Really creating a
// file is the only test that tells (ACLs, read-only mounts, root squash); what it
// creates to find out is removed.
bool can_write(const std::string &path);

// A script a startup file runs itself: a regular executable file whose first two bytes
// are "#!" (a wrapper that sets the environment, "#!/usr/bin/php -d ..."). Anything
// else is PHP's to run.
bool runs_directly(const std::string &script);

// An absolute, symlink-free directory (realpath), or the path made absolute against
// the working directory when it does not exist.
std::string absolute_dir(const std::string &dir);

// Whether the file at path starts with prefix (Arch Linux's /etc/issue).
bool file_starts_with(const std::string &path, const std::string &prefix);

}  // namespace sd

#endif
