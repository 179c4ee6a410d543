// Whether a directory is root's alone: what root's scripts require of the pid file's
// directory before they believe the file (see pidfile_check_sh()), checked in C++ so
// that start() can warn about it. Plain C++.
#ifndef SD_CORE_ROOTDIR_H
#define SD_CORE_ROOTDIR_H

#include <string>

namespace sd {

// Empty when file's directory, resolved, and every directory above it are owned by
// root and writable by root alone (a sticky directory may be writable by others: they
// cannot rename its root-owned entries), or when that directory does not exist.
// Otherwise the reason, naming the first directory that fails.
std::string dir_not_roots_alone(const std::string &file);

}  // namespace sd

#endif
