// The log file: opened once (O_APPEND|O_CLOEXEC) and kept; a rename or delete by
// logrotate is noticed by one stat() per second at most, and the file reopened.
// Lines that went into a deleted file since the last check are copied into the new
// one: a line written in the second before a deletion may appear there although it
// was in the deleted file too; better twice than never.
#ifndef SD_CORE_LOGSINK_H
#define SD_CORE_LOGSINK_H

#include <sys/types.h>

#include <ctime>
#include <string>
#include <string_view>

namespace sd {

class LogSink {
public:
    // Switches to another path; the old file is closed, the new one opened lazily.
    void set_path(std::string_view path);
    const std::string &path() const { return path_; }

    // Appends one whole line (with its '\n'). `now` paces the rotation check.
    // False when the line could not be written; last_error() says why. A line is in
    // the file whole or not at all: what a full disk let through is truncated away.
    bool write(std::string_view line, time_t now);

    // Opens the configured path again (SIGHUP), saving lines from a deleted file.
    bool reopen();
    void close();
    int fd() const { return fd_; }
    // True when the file behind fd() was created by this process (O_EXCL), not found.
    bool created() const { return fd_ >= 0 && created_; }
    const std::string &last_error() const { return error_; }

    // A message to report once (stderr, syslog), else false: the path could not be
    // opened again after a rename, and lines go on into the previous file.
    bool take_warning(std::string &msg);

    // True once per failure streak: the caller reports the first failure and stays
    // quiet until a write succeeds again (a full disk must not flood stderr).
    bool should_report()
    {
        if (reported_) return false;
        reported_ = true;
        return true;
    }

private:
    bool open_file();
    bool replace_file();
    void recover_from(int old_fd, off_t from);
    void drop_tail(size_t len);
    std::string path_;
    std::string error_;
    int fd_ = -1;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    time_t checked_ = 0;
    off_t checked_size_ = 0;  // the file's size at the last check (or at open)
    bool reported_ = false;
    bool created_ = false;
    bool keeping_old_ = false;  // writing to the previous file: the path cannot be opened
    std::string warning_;
};

}  // namespace sd

#endif
