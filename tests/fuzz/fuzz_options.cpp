// libFuzzer target for the option rules and the {VAR} / @function() substitution of
// ext/core/options.h. Besides crashes and sanitizer reports it checks properties that
// must hold for every input (an abort() is a finding):
//  - text without '{' and '@' comes out of substitute() unchanged and without error;
//  - a value inserted for a variable is never scanned again (no loops, no growth
//    beyond input + values), even when it holds "{...}" or "@fn(...)";
//  - an error is reported exactly when something was left unresolved or refused;
//  - is_memory_limit() agrees with a plain statement of PHP's quantity syntax;
//  - path_basename()/path_dirname() never return something longer than the path.
// Build and run: scripts/fuzz.sh.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "core/options.h"

namespace {

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "property violated: %s\n", what);
        std::abort();
    }
}

bool memory_limit_oracle(const std::string &s) {
    if (s == "-1") return true;
    std::size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
    if (digits == 0) return false;
    std::string rest = s.substr(digits);
    return rest.empty() || rest == "K" || rest == "M" || rest == "G" || rest == "k" || rest == "m" || rest == "g";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    FuzzedDataProvider in(data, size);
    std::size_t count = 0;
    const sd::OptionDef *table = sd::option_table(count);

    // A few variables with fuzzed values, looked up by name.
    std::map<std::string, std::string> vars;
    std::size_t values_size = 0;
    for (int n = in.ConsumeIntegralInRange(0, 4); n > 0; --n) {
        std::string k = in.ConsumeRandomLengthString(16);
        std::string v = in.ConsumeRandomLengthString(64);
        values_size += v.size();
        vars[k] = v;
    }
    std::string script = in.ConsumeRandomLengthString(32);
    std::size_t lookups = 0;
    sd::VarLookup lookup = [&](std::string_view source, std::string_view var) -> std::optional<std::string> {
        ++lookups;
        if (source == "SERVER") return script;
        auto it = vars.find(std::string(var));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };

    const sd::OptionDef &def = table[in.ConsumeIntegralInRange<std::size_t>(0, count - 1)];
    std::string text = in.ConsumeRandomLengthString(512);
    std::string app_dir = in.ConsumeRemainingBytesAsString();

    sd::SubstResult r = sd::substitute(text, lookup);
    sd::SubstResult rv = sd::substitute_vars(text, lookup);
    if (text.find('{') == std::string::npos && text.find('@') == std::string::npos) {
        check(r.value == text && r.error.empty(), "plain text changed by substitute()");
    }
    if (text.find('{') == std::string::npos) {
        check(rv.value == text && rv.error.empty(), "text without braces changed by substitute_vars()");
    }
    // Each lookup inserts one value at most once per "{...}" in the input: the output
    // is bounded by the input plus every value (plus the script name) per lookup.
    std::size_t bound = text.size() + lookups * (values_size + script.size());
    check(rv.value.size() <= bound, "substitute_vars() output larger than its inputs allow");
    check(r.value.size() <= rv.value.size(), "@function() substitution grew the value");

    std::string why = sd::check_string(def, text, app_dir);
    if (text.find('\0') != std::string::npos) check(!why.empty(), "a NUL byte was accepted");
    if (def.rule == sd::StrRule::MemoryLimit && def.max <= 0) {
        check(why.empty() == memory_limit_oracle(text), "check_string(MemoryLimit) disagrees with the syntax");
    }
    check(sd::is_memory_limit(text) == memory_limit_oracle(text), "is_memory_limit() disagrees with the syntax");

    std::string b = sd::path_basename(text), d = sd::path_dirname(text);
    check(b.size() <= text.size(), "basename longer than the path");
    check(!d.empty() && (d.size() <= text.size() || d == "." || d == "/"), "dirname empty or longer than the path");
    return 0;
}
