// What the startup-file renderers share: placeholder substitution, quoting for the
// shell and for systemd, and the checks a value passes before it goes into a file that
// root runs or systemd reads. Plain C++ with no Zend types.
#ifndef SD_CORE_RENDER_TEXT_H
#define SD_CORE_RENDER_TEXT_H

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

// Called for each @key@ of a template whose key is in vars, with the key, its value
// and the position of the opening '@'; appends to the output itself. False aborts.
using PlaceholderFn = std::function<bool(const std::string &key, const std::string &value, std::size_t at)>;

// Copies tpl to out, handing every @key@ whose key is in vars (keys without the @s) to
// subst, in a single left-to-right pass: a value is never scanned again, so values may
// hold '@' or even placeholder text. An @x@ whose x is not a key is left as it is.
// False when subst aborted.
bool substitute_placeholders(std::string_view tpl, const std::map<std::string, std::string> &vars, std::string &out,
                             const PlaceholderFn &subst);

// One POSIX shell word that the shell turns back into exactly s. Strings made only of
// characters no shell treats specially come back unchanged, so paths stay readable;
// anything else is single-quoted ('\'' for a quote). Works for any byte but NUL.
std::string shell_quote(std::string_view s);

// shell_quote() of each word, joined by single spaces: a list that `eval "set -- $X"`
// turns back into exactly these words.
std::string shell_words(const std::vector<std::string> &words);

// One ExecStart= argument as systemd reads it back: bare when plain, otherwise
// double-quoted with \ and " escaped; '%' doubled (specifiers) and '$' doubled
// (environment expansion) in both cases.
std::string systemd_quote_arg(std::string_view arg);

// A path in a space-separated list setting (ReadWritePaths=): specifiers are expanded
// there, environment variables are not.
std::string systemd_quote_path(const std::string &p);

// Specifier-expanded settings (Description=, ListenStream=, ...) read '%' as a specifier.
std::string systemd_escape_percent(std::string_view s);

// A byte below 0x20 or DEL.
bool has_control(std::string_view s);
bool valid_utf8(std::string_view s);
// Starts with '/', and no empty (but a trailing), "." or ".." component.
bool normalized_absolute(std::string_view p);

}  // namespace sd

#endif
