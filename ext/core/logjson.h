// JSON log records (logFormat => 'json'): one object per line, for log shippers that
// parse lines without a regex. Plain C++, no Zend type: the glue hands in the fields.
//
// Whatever the bytes of a message, a record is one line of valid JSON: line breaks and
// every control character (C0, DEL, C1) are escaped, and a byte that is not part of
// valid UTF-8 becomes U+FFFD, so a shipper that rejects invalid UTF-8 drops no record
// and no text around the bad byte is lost.
#ifndef SD_CORE_LOGJSON_H
#define SD_CORE_LOGJSON_H

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace sd {

// Appends s as a JSON string, quotes included.
void json_append_string(std::string &out, std::string_view s);
// Appends a JSON number; NaN and infinities (no JSON number) as null.
void json_append_double(std::string &out, double d);
void json_append_int(std::string &out, long long v);

struct JsonLogRecord {
    time_t sec = 0;
    long usec = 0;
    int priority = 6;  // syslog number, 0 (emerg) .. 7 (debug)
    std::string_view app;
    long pid = 0;
    long worker = -1;  // the worker's number in a pool; -1: not pooled, no key
    std::string_view msg;
    std::string_view file;  // empty: no file/line keys (the position is unknown)
    long line = 0;
    std::string_view context;  // an encoded JSON object, or empty for none
};

// Formats records, keeping the date part of the timestamp of the last second it
// formatted (one gmtime_r() a second, not one a line).
class JsonLogFormatter {
public:
    // The record and its '\n', in a buffer of the formatter's own: valid until the next
    // call. The buffers only grow, so a line costs no allocation and no fill.
    std::string_view format(const JsonLogRecord &r);
    // Appends the record and its '\n' to out (which it does not clear).
    void format(std::string &out, const JsonLogRecord &r) { out.append(format(r)); }

private:
    // A record is assembled from blocks that change rarely: a daemon logs from one
    // process under one name, mostly from one place.
    time_t cached_sec_ = -1;
    char ts_[80] = {};  // {"ts":"2026-12-07T05:42:10 (UTC), the microseconds follow
    // One buffer a priority, each holding its record up to the message's text in place:
    // the date part of rec_sec_ (copied from ts_ when the second moved on), the
    // microseconds of its last line, then the keys from Z","level": to "msg":" that
    // were built for the app, pid and worker below. A line writes only what changes,
    // not those keys again. msg_at_ is where the text starts; 0: not built yet.
    std::string recs_[8];
    time_t rec_sec_[8] = {};
    size_t msg_at_[8] = {};
    std::string head_app_;
    long head_pid_ = -1;
    long head_worker_ = -2;
    // What follows the message's text: its closing quote and, with a file, the file
    // and line keys; for the file and line it was built for.
    std::string tail_ = "\"";
    std::string tail_file_;
    long tail_line_ = 0;
};

// The level names of the records ("emerg" .. "debug"), by syslog priority.
const char *json_level_name(int priority);

}  // namespace sd

#endif
