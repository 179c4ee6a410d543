#include "core/render_text.h"

#include <cstdint>

namespace sd {

namespace {

bool is_shell_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '@' || c == '%';
}

// Characters systemd takes literally in an unquoted word (its separators, quotes,
// escapes, specifiers and variables all excluded).
bool is_systemd_safe(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == '/' || c == ':' || c == ',' || c == '+' || c == '=' || c == '@';
}

}  // namespace

bool substitute_placeholders(std::string_view tpl, const std::map<std::string, std::string> &vars, std::string &out,
                             const PlaceholderFn &subst)
{
    out.clear();
    out.reserve(tpl.size() + tpl.size() / 4);
    std::size_t i = 0;
    while (i < tpl.size()) {
        std::size_t at = tpl.find('@', i);
        if (at == std::string_view::npos) break;
        std::size_t close = tpl.find('@', at + 1);
        if (close == std::string_view::npos) break;
        out.append(tpl.data() + i, at - i);
        auto it = close > at + 1 ? vars.find(std::string(tpl.substr(at + 1, close - at - 1))) : vars.end();
        if (it == vars.end()) {
            // The closing '@' may open the next placeholder ("user@host @name@").
            out.push_back('@');
            i = at + 1;
            continue;
        }
        if (!subst(it->first, it->second, at)) return false;
        i = close + 1;
    }
    out.append(tpl.data() + i, tpl.size() - i);
    return true;
}

bool has_control(std::string_view s)
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

bool valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t n;
        std::uint32_t cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xe0) == 0xc0) {
            n = 1;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            n = 2;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (s.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        i += n + 1;
    }
    return true;
}

bool normalized_absolute(std::string_view p)
{
    if (p.empty() || p[0] != '/') return false;
    std::size_t i = 1;
    while (i <= p.size()) {
        std::size_t slash = p.find('/', i);
        if (slash == std::string_view::npos) slash = p.size();
        std::string_view part = p.substr(i, slash - i);
        // An empty last part is a trailing slash on a directory: systemd accepts it.
        if ((part.empty() && slash != p.size()) || part == "." || part == "..") return false;
        i = slash + 1;
    }
    return true;
}

std::string systemd_escape_percent(std::string_view s)
{
    std::string r;
    r.reserve(s.size());
    for (char c : s) {
        r.push_back(c);
        if (c == '%') r.push_back('%');
    }
    return r;
}

std::string shell_quote(std::string_view s)
{
    bool plain = !s.empty();
    for (unsigned char c : s) plain = plain && is_shell_safe(c);
    if (plain) return std::string(s);
    std::string r;
    r.reserve(s.size() + 2);
    r.push_back('\'');
    for (char c : s) {
        if (c == '\'')
            r += "'\\''";
        else
            r.push_back(c);
    }
    r.push_back('\'');
    return r;
}

std::string shell_words(const std::vector<std::string> &words)
{
    std::string r;
    for (const std::string &w : words) {
        if (!r.empty()) r.push_back(' ');
        r += shell_quote(w);
    }
    return r;
}

std::string systemd_quote_arg(std::string_view arg)
{
    bool plain = !arg.empty();
    for (unsigned char c : arg) plain = plain && is_systemd_safe(c);
    if (plain) return std::string(arg);
    std::string r;
    r.reserve(arg.size() + 4);
    r.push_back('"');
    for (char c : arg) {
        switch (c) {
            case '\\': r += "\\\\"; break;
            case '"': r += "\\\""; break;
            case '%': r += "%%"; break;
            case '$': r += "$$"; break;
            default: r.push_back(c);
        }
    }
    r.push_back('"');
    return r;
}

std::string systemd_quote_path(const std::string &p)
{
    bool plain = true;
    for (unsigned char c : p) plain = plain && is_systemd_safe(c);
    if (plain) return p;
    std::string r = "\"";
    for (char c : p) {
        if (c == '\\' || c == '"') r.push_back('\\');
        r.push_back(c);
        if (c == '%') r.push_back('%');
    }
    return r + "\"";
}

}  // namespace sd
