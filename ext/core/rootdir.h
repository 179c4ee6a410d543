// Whether a directory is root's alone: what root's scripts require of the pid file's
// directory before they believe the file (see pidfile_check_sh()), checked in C++ so
// that start() can warn about it. Plain C++.
#ifndef SD_CORE_ROOTDIR_H
#define SD_CORE_ROOTDIR_H

#include <string>

namespace sd {

// Empty when every directory in which file's name is looked up is owned by root and
// writable by root alone (a sticky directory may be writable by others: they cannot
// rename its root-owned entries), or when file's directory does not exist. That is
// each directory on file's path and on the target of every symbolic link met on the
// way, a link counting only where root alone could have put it. Otherwise the reason,
// naming the first place that fails. On success `resolved` (when given and the
// directory exists) gets file's name under its directory without any link: the name
// to open, which no one but root can change; else it is left empty.
std::string dir_not_roots_alone(const std::string &file, std::string *resolved = nullptr);

// The same for a file root is to run or read as its own (the script a startup file
// runs as root): empty when its directory passes dir_not_roots_alone() and the file is
// a regular file owned by root and writable by root alone; else why not (a missing
// file included).
std::string file_not_roots_alone(const std::string &file);

}  // namespace sd

#endif
