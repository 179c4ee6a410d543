// A log message as the physical lines a log file or the journal's stream gets. Plain C++.
#ifndef SD_CORE_LOGLINE_H
#define SD_CORE_LOGLINE_H

#include <string>
#include <string_view>

namespace sd {

// Appends msg then tail to out as lines that each start with head (a file's
// "[date]    level: ", the journal's "<N>"), so that a value a client chose can
// neither start a line of its own nor, on the journal, a record with its own
// priority. A line break ("\n", "\r\n") in msg continues the message on a new line,
// head then two spaces; any other control character, DEL included, becomes \xNN.
// Every line ends with '\n'.
void append_log_lines(std::string &out, std::string_view head, std::string_view msg, std::string_view tail);

// True when append_log_lines() would change msg beyond framing it: it holds a control
// character or DEL. The log engine's fast path copies a message that needs none.
bool log_text_needs_escape(std::string_view msg);

}  // namespace sd

#endif
