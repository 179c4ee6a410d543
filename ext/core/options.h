// Option definitions and the string rules behind them. Plain C++: the Zend glue
// (ext/php/options.cpp) decides the PHP type of a value and asks here for the rest.
#ifndef SD_CORE_OPTIONS_H
#define SD_CORE_OPTIONS_H

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sd {

enum class OptKind {
    Boolean,      // true/false only
    Number,       // int, float or numeric string; optional [min, max]; whole
    Real,         // the same, fractions allowed (seconds, a share)
    String,       // any scalar except bool/null; optional length range and a rule
    LogInstance,  // false, or an object with log($message, $priority)
    LogCallable,  // false, or any callable
    PsrLogger,    // false, or a Psr\Log\LoggerInterface
};

enum class StrRule {
    Any,
    Email,
    AppName,       // [A-Za-z0-9_.-]+, not starting with '.' or '-': a safe file, pid
                   // file, init script and unit name
    UnixFilepath,  // no spaces or shell specials; absolute
    ExistingDir,
    ExistingFile,   // relative paths resolve against appDir
    CreatableFile,  // its directory exists and is writable
    MemoryLimit,    // PHP quantity: -1, 0, digits with K/M/G
    Enum,           // one of OptionDef::choices ("a|b|c")
    ByteSize,       // a positive count of bytes: digits, optionally K, M or G
};

struct OptionDef {
    const char *name;
    OptKind kind;
    StrRule rule;
    double min;  // Number range, or String length range when max > 0
    double max;
    const char *type;  // the original's type string, shown in messages
    const char *def;   // default, with {OPTIONS.x} / @fn() substitution; nullptr = none
    const char *choices;
};

// Defaults that are not strings are spelled as "true", "false" or a number.
const OptionDef *find_option(std::string_view name);
const OptionDef *option_table(std::size_t &count);

// Checks a string value against a String option's rule. Returns an empty string when
// it passes, else what was expected ("an existing directory", ...). app_dir resolves
// relative file names.
std::string check_string(const OptionDef &def, std::string_view value, std::string_view app_dir);

// Replaces {OPTIONS.name}, {name} and {SERVER.SCRIPT_NAME} (through lookup, which
// returns nullopt for what it does not know), then @basename(...) and @dirname(...).
// Unknown variables are reported in `error` and left in place; any other @function
// is an error, because the original silently wrote FORBIDDEN_FUNCTION_x into paths.
struct SubstResult {
    std::string value;
    std::string error;
};
using VarLookup = std::function<std::optional<std::string>(std::string_view source, std::string_view var)>;
SubstResult substitute(std::string_view in, const VarLookup &lookup);
// Pass one of substitute() alone: the {...} variables, for log messages (where an '@'
// is text, not a function call).
SubstResult substitute_vars(std::string_view in, const VarLookup &lookup);

std::string path_basename(std::string_view path);
// A relative path made absolute against cwd, with "." segments and repeated slashes
// dropped ("././example/x.pid" in /srv/app: "/srv/app/example/x.pid"). ".." stays: it
// means something else than dropping a segment when that segment is a symlink.
// An absolute path comes back as it is.
std::string absolute_path(std::string_view cwd, std::string_view path);
std::string path_dirname(std::string_view path);

// A ByteSize ("256M", "1G", "1048576") in bytes; 0 when it is not one or is 0.
unsigned long long parse_byte_size(std::string_view s);

// PHP's quantity syntax for memory_limit ("128M", "-1", "1G", "512").
bool is_memory_limit(std::string_view s);

}  // namespace sd

#endif
