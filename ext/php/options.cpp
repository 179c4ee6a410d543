/* setOption/setOptions/getOption/getOptions/opt: option values keep their PHP type;
 * the rules come from ext/core/options.*. */
#include "php/options.h"

#include "core/identity.h"
#include "core/options.h"

#include "ext/standard/php_var.h"
#include "main/fopen_wrappers.h"
#include "zend_interfaces.h"

#include <unistd.h>

#include <cstdlib>
#include <cmath>
#include <string>

namespace {

/* A short, printable rendering of a refused value for messages. */
std::string describe(zval *v)
{
    switch (Z_TYPE_P(v)) {
        case IS_NULL: return "null";
        case IS_TRUE: return "true";
        case IS_FALSE: return "false";
        case IS_LONG: return std::to_string(Z_LVAL_P(v));
        case IS_DOUBLE: {
            char buf[64];
            snprintf(buf, sizeof buf, "%.*G", 15, Z_DVAL_P(v));
            return buf;
        }
        case IS_STRING: {
            /* Control bytes are spelled out (\0, \n, \x1b): a refused "a\0b" must not
             * read like a refused "a?b" or break the warning over two lines. */
            size_t n = Z_STRLEN_P(v) > 60 ? 57 : Z_STRLEN_P(v);
            std::string s;
            for (size_t i = 0; i < n; ++i) {
                unsigned char c = static_cast<unsigned char>(Z_STRVAL_P(v)[i]);
                if (c == 0) {
                    s += "\\0";
                } else if (c == '\n') {
                    s += "\\n";
                } else if (c == '\t') {
                    s += "\\t";
                } else if (c < 0x20 || c == 0x7f) {
                    char hex[8];
                    snprintf(hex, sizeof hex, "\\x%02x", c);
                    s += hex;
                } else {
                    s += static_cast<char>(c);
                }
            }
            return "'" + s + (Z_STRLEN_P(v) > 60 ? "...'" : "'");
        }
        case IS_ARRAY: return "an array";
        case IS_OBJECT: return std::string("an object of class ") + ZSTR_VAL(Z_OBJCE_P(v)->name);
        case IS_RESOURCE: return "a resource";
        default: return "a value of unknown type";
    }
}

std::string script_path()
{
    zend_is_auto_global_str(ZEND_STRL("_SERVER"));
    zval *server = &PG(http_globals)[TRACK_VARS_SERVER];
    if (Z_TYPE_P(server) != IS_ARRAY) return {};
    zval *sn = zend_hash_str_find(Z_ARRVAL_P(server), ZEND_STRL("SCRIPT_NAME"));
    if (!sn || Z_TYPE_P(sn) != IS_STRING) return {};
    char resolved[MAXPATHLEN];
    if (realpath(Z_STRVAL_P(sn), resolved)) return resolved;
    return std::string(Z_STRVAL_P(sn), Z_STRLEN_P(sn));
}

std::string zval_to_std(zval *v)
{
    switch (Z_TYPE_P(v)) {
        case IS_STRING: return std::string(Z_STRVAL_P(v), Z_STRLEN_P(v));
        case IS_LONG: return std::to_string(Z_LVAL_P(v));
        case IS_DOUBLE: {
            zend_string *s = zend_double_to_str(Z_DVAL_P(v));
            std::string r(ZSTR_VAL(s), ZSTR_LEN(s));
            zend_string_release(s);
            return r;
        }
        case IS_TRUE: return "1";
        default: return {};
    }
}

struct IdentityRefusal {
    const char *option;
    char reason[256];
};

}  // namespace

/* This thread's option bookkeeping besides the option table (SDG(options_state)): each
 * request of a threaded SAPI sets its own options. */
struct sd_options_globals {
    int depth_guard = 0;
    /* The identity options whose last setOption() was refused, with the reason. A
     * script whose posix_getpwnam() found no user sets appRunAsUID to null: keeping
     * the default 0 would run its daemon as root, so start() refuses to go on while
     * one is recorded. Plain char arrays: no destructor to skip when a warning handler
     * bails out. */
    IdentityRefusal identity_refusals[2] = {{"appRunAsUID", ""}, {"appRunAsGID", ""}};
};

namespace {

inline sd_options_globals &og()
{
    return *SDG(options_state);
}

IdentityRefusal *identity_refusal(const char *name)
{
    for (auto &r : og().identity_refusals) {
        if (strcmp(r.option, name) == 0) return &r;
    }
    return nullptr;
}

std::optional<std::string> lookup(std::string_view source, std::string_view var)
{
    if (source == "SERVER") {
        std::string p = script_path();
        if (p.empty()) return std::nullopt;
        return p;
    }
    /* Defaults can refer to options whose defaults refer to others again; a user
     * cannot create a cycle (values are substituted when set), but stay bounded. */
    if (og().depth_guard > 8) return std::nullopt;
    std::string name(var);
    zval tmp;
    ZVAL_UNDEF(&tmp);
    ++og().depth_guard;
    zval *v = sd_option_get(name.c_str(), &tmp);
    --og().depth_guard;
    if (!v || Z_TYPE_P(v) == IS_FALSE || Z_TYPE_P(v) == IS_NULL || Z_TYPE_P(v) == IS_ARRAY ||
        Z_TYPE_P(v) == IS_OBJECT) {
        zval_ptr_dtor(&tmp);
        return std::nullopt;
    }
    std::string r = zval_to_std(v);
    zval_ptr_dtor(&tmp);
    return r;
}

void compute_default(const sd::OptionDef &d, zval *out)
{
    std::string_view def(d.def);
    if (d.kind == sd::OptKind::Boolean || def == "false" || def == "true") {
        ZVAL_BOOL(out, def == "true");
    } else if (d.kind == sd::OptKind::Number || d.kind == sd::OptKind::Real) {
        ZVAL_LONG(out, ZEND_STRTOL(d.def, nullptr, 10));
    } else {
        sd::SubstResult r = sd::substitute(def, lookup);
        ZVAL_STRINGL(out, r.value.data(), r.value.size());
    }
}

/* What a refused value should have been, as a zend_string: the warning is raised by
 * the caller once every C++ object of the check is gone, because a user's error
 * handler can bail out of the warning. */
zend_string *expected(const std::string &what)
{
    return zend_string_init(what.data(), what.size(), 0);
}

zend_string *describe_zstr(zval *v)
{
    std::string s = describe(v);
    return zend_string_init(s.data(), s.size(), 0);
}

void warn_refused(const char *name, zval *value, zend_string *why)
{
    zend_string *desc = describe_zstr(value);
    php_error_docref(NULL, E_WARNING, "Option %s: %s is invalid, expected %s; the option keeps its previous value",
                     name, ZSTR_VAL(desc), ZSTR_VAL(why));
    zend_string_release(desc);
    zend_string_release(why);
}

bool is_psr_logger(zval *v)
{
    if (Z_TYPE_P(v) != IS_OBJECT) return false;
    zend_string *iname = zend_string_init(ZEND_STRL("psr\\log\\loggerinterface"), 0);
    zend_class_entry *iface = static_cast<zend_class_entry *>(zend_hash_find_ptr(EG(class_table), iname));
    zend_string_release(iname);
    return iface && instanceof_function(Z_OBJCE_P(v), iface);
}

/* Checks a value against its option; on success the value to store is in *stored and
 * NULL is returned, else what was expected. */
zend_string *check_value(const sd::OptionDef *d, zval *value, zval *stored)
{
    switch (d->kind) {
        case sd::OptKind::Boolean:
            if (Z_TYPE_P(value) != IS_TRUE && Z_TYPE_P(value) != IS_FALSE) return expected("true or false");
            ZVAL_COPY(stored, value);
            break;
        case sd::OptKind::Number:
        case sd::OptKind::Real: {
            double n;
            if (Z_TYPE_P(value) == IS_LONG) {
                n = static_cast<double>(Z_LVAL_P(value));
            } else if (Z_TYPE_P(value) == IS_DOUBLE) {
                n = Z_DVAL_P(value);
            } else if (Z_TYPE_P(value) == IS_STRING) {
                zend_long l;
                double dv;
                zend_uchar t = is_numeric_string(Z_STRVAL_P(value), Z_STRLEN_P(value), &l, &dv, false);
                if (t == 0) return expected(std::string("a number (") + d->type + ")");
                n = t == IS_LONG ? static_cast<double>(l) : dv;
            } else {
                return expected(std::string("a number (") + d->type + ")");
            }
            /* Every Number option is a count, an id, a mode or seconds: 1000.0 is fine
             * (and stays a float), 1.5 is not (a uid of 1.5 would silently become 1). */
            bool whole = d->kind == sd::OptKind::Number;
            if (n != n || n < d->min || n > d->max || (whole && n != std::floor(n))) {
                char buf[96];
                snprintf(buf, sizeof buf, "a %snumber from %.15g to %.15g",
                         n == n && n >= d->min && n <= d->max ? "whole " : "", d->min, d->max);
                return expected(buf);
            }
            ZVAL_COPY(stored, value);
            break;
        }
        case sd::OptKind::String: {
            if (Z_TYPE_P(value) == IS_FALSE && d->def && std::string_view(d->def) == "false") {
                ZVAL_FALSE(stored); /* runTemplateLocation = false: use the built-in template */
                break;
            }
            if (Z_TYPE_P(value) != IS_STRING && Z_TYPE_P(value) != IS_LONG && Z_TYPE_P(value) != IS_DOUBLE) {
                return expected(std::string("a string (") + d->type + ")");
            }
            /* "NAN" or "INF" is no path, name or address anybody meant, and 8.5 warns
             * when a non-finite float becomes a string. */
            if (Z_TYPE_P(value) == IS_DOUBLE && !std::isfinite(Z_DVAL_P(value))) {
                return expected(std::string("a string (") + d->type + ") or a finite number");
            }
            if (Z_TYPE_P(value) == IS_STRING) {
                std::string raw(Z_STRVAL_P(value), Z_STRLEN_P(value));
                sd::SubstResult r = sd::substitute(raw, lookup);
                if (!r.error.empty()) return expected("a value whose substitutions resolve: " + r.error);
                /* The original stored './run/x.pid' as it was and used it from wherever the
                 * script was when it opened it, which was in effect the directory current
                 * when the option was set: that directory is made explicit now, so the
                 * daemon's chdir to appDir cannot move the file. */
                if ((d->rule == sd::StrRule::UnixFilepath || d->rule == sd::StrRule::CreatableFile) &&
                    !r.value.empty() && r.value[0] != '/') {
                    /* The script's directory, which under ZTS is per thread (PHP's chdir()
                     * moves only the calling thread's virtual cwd). Read through
                     * expand_filepath(): VCWD_GETCWD() does not link from C++ on ZTS builds,
                     * whose headers declare virtual_getcwd() without C linkage. */
                    char cwd[MAXPATHLEN];
                    if (!expand_filepath(".", cwd))
                        return expected("an absolute path (the current directory is unknown)");
                    r.value = sd::absolute_path(cwd, r.value);
                }
                std::string appdir = d->rule == sd::StrRule::ExistingFile ? sd_option_string("appDir") : std::string();
                std::string why = sd::check_string(*d, r.value, appdir);
                if (!why.empty()) return expected(why);
                ZVAL_STRINGL(stored, r.value.data(), r.value.size());
            } else {
                std::string s = zval_to_std(value);
                std::string why = sd::check_string(*d, s, {});
                if (!why.empty()) return expected(why);
                ZVAL_COPY(stored, value);
            }
            break;
        }
        case sd::OptKind::LogInstance:
            if (Z_TYPE_P(value) == IS_FALSE) {
                ZVAL_FALSE(stored);
            } else if (Z_TYPE_P(value) == IS_OBJECT &&
                       zend_hash_str_exists(&Z_OBJCE_P(value)->function_table, ZEND_STRL("log"))) {
                ZVAL_COPY(stored, value);
            } else {
                return expected("false or an object with a log($message, $priority) method");
            }
            break;
        case sd::OptKind::LogCallable:
            if (Z_TYPE_P(value) == IS_FALSE) {
                ZVAL_FALSE(stored);
            } else if (zend_is_callable(value, 0, NULL)) {
                ZVAL_COPY(stored, value);
            } else {
                return expected("false or a callable taking ($message, $level)");
            }
            break;
        case sd::OptKind::PsrLogger:
            if (Z_TYPE_P(value) == IS_FALSE) {
                ZVAL_FALSE(stored);
            } else if (is_psr_logger(value)) {
                ZVAL_COPY(stored, value);
            } else {
                return expected("false or a Psr\\Log\\LoggerInterface");
            }
            break;
    }

    return nullptr;
}

bool set_option(zend_string *zname, zval *value)
{
    const char *name = ZSTR_VAL(zname);
    const sd::OptionDef *d = sd::find_option(std::string_view(name, ZSTR_LEN(zname)));
    ZVAL_DEREF(value);
    if (!d || strlen(name) != ZSTR_LEN(zname)) {
        /* Named with its value like every other refusal: with setOptions() of a long
         * array, the value is what finds the typo in the caller's code. */
        zend_string *desc = describe_zstr(value);
        php_error_docref(NULL, E_WARNING,
                         "Option %s: %s is invalid, %s is not an option (see System_Daemon::getOptions() for the "
                         "names); the option keeps its previous value",
                         name, ZSTR_VAL(desc), name);
        zend_string_release(desc);
        return false;
    }
    zval stored;
    ZVAL_UNDEF(&stored);
    if (zend_string *why = check_value(d, value, &stored)) {
        if (IdentityRefusal *r = identity_refusal(d->name)) {
            zend_string *desc = describe_zstr(value);
            snprintf(r->reason, sizeof r->reason, "%s is invalid, expected %s", ZSTR_VAL(desc), ZSTR_VAL(why));
            zend_string_release(desc);
        }
        warn_refused(name, value, why);
        return false;
    }
    if (IdentityRefusal *r = identity_refusal(d->name)) r->reason[0] = '\0';
    if (!SDG(options)) {
        ALLOC_HASHTABLE(SDG(options));
        zend_hash_init(SDG(options), 32, NULL, ZVAL_PTR_DTOR, 0);
    }
    zend_hash_str_update(SDG(options), d->name, strlen(d->name), &stored);
    /* What depends on options (the log's settings, PHP error forwarding) reads them
     * again when it next needs them: nothing is called from here. */
    SDG(options_gen)++;
    return true;
}

bool set_options(zval *arr)
{
    ZVAL_DEREF(arr);
    if (Z_TYPE_P(arr) != IS_ARRAY) {
        php_error_docref(NULL, E_WARNING, "expects an array of option => value, %s given", describe(arr).c_str());
        return false;
    }
    bool ok = true;
    zend_string *key;
    zend_ulong idx;
    zval *val;
    ZEND_HASH_FOREACH_KEY_VAL (Z_ARRVAL_P(arr), idx, key, val) {
        if (!key) {
            php_error_docref(NULL, E_WARNING, "Option names are strings, got the integer key " ZEND_LONG_FMT,
                             static_cast<zend_long>(idx));
            ok = false;
            continue;
        }
        if (!set_option(key, val)) ok = false;
        if (EG(exception)) return false;
    }
    ZEND_HASH_FOREACH_END();
    return ok;
}

zend_string *name_arg(zval *name)
{
    ZVAL_DEREF(name);
    if (Z_TYPE_P(name) != IS_STRING) {
        php_error_docref(NULL, E_WARNING, "Option names are strings, %s given", describe(name).c_str());
        return nullptr;
    }
    return Z_STR_P(name);
}

}  // namespace

zval *sd_option_get(const char *name, zval *tmp)
{
    if (SDG(options)) {
        zval *v = zend_hash_str_find(SDG(options), name, strlen(name));
        if (v) return v;
    }
    const sd::OptionDef *d = sd::find_option(name);
    if (!d || !d->def) return nullptr;
    compute_default(*d, tmp);
    return tmp;
}

bool sd_option_is_set(const char *name)
{
    return SDG(options) && zend_hash_str_exists(SDG(options), name, strlen(name));
}

zend_long sd_option_long(const char *name)
{
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *v = sd_option_get(name, &tmp);
    zend_long r = v ? zval_get_long(v) : 0;
    zval_ptr_dtor(&tmp);
    return r;
}

bool sd_option_bool(const char *name)
{
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *v = sd_option_get(name, &tmp);
    bool r = v && zend_is_true(v);
    zval_ptr_dtor(&tmp);
    return r;
}

std::string sd_option_string(const char *name)
{
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *v = sd_option_get(name, &tmp);
    std::string r = v ? zval_to_std(v) : std::string();
    zval_ptr_dtor(&tmp);
    return r;
}

zend_string *sd_option_substitute_message(zend_string *msg)
{
    if (!memchr(ZSTR_VAL(msg), '{', ZSTR_LEN(msg))) return zend_string_copy(msg);
    /* Messages take only {...} variables, like the original's log(): an '@' in a
     * message is text, never a function call. Unknown variables stay as written. */
    sd::SubstResult r = sd::substitute_vars(std::string_view(ZSTR_VAL(msg), ZSTR_LEN(msg)), lookup);
    return zend_string_init(r.value.data(), r.value.size(), 0);
}

bool sd_option_identity_refused(const char **option, const char **reason)
{
    for (auto &r : og().identity_refusals) {
        if (r.reason[0]) {
            *option = r.option;
            *reason = r.reason;
            return true;
        }
    }
    return false;
}

bool sd_option_run_as_gid(gid_t *gid, std::string *err, std::string *note)
{
    *gid = static_cast<gid_t>(sd_option_long("appRunAsGID"));
    note->clear();
    if (sd_option_is_set("appRunAsGID") || !sd_option_is_set("appRunAsUID")) return true;
    /* The default gid 0 would keep root's group (and its files) for a daemon whose
     * script only named a user: take that user's group, as su and User= do. */
    uid_t uid = static_cast<uid_t>(sd_option_long("appRunAsUID"));
    gid_t primary;
    std::string u = std::to_string(static_cast<unsigned long>(uid));
    if (sd::primary_gid(uid, primary)) {
        *gid = primary;
        std::string g = sd::group_name(primary);
        *note = "appRunAsGID not set: using uid " + u + "'s primary group " +
                std::to_string(static_cast<unsigned long>(primary)) + (g.empty() ? "" : " (" + g + ")");
        return true;
    }
    if (uid == getuid()) {
        *gid = getgid();
        return true;
    }
    *err = "appRunAsGID: not set, and uid " + u +
           " (appRunAsUID) has no passwd entry to take its primary group "
           "from; set appRunAsGID";
    return false;
}

sd_options_globals *sd_options_globals_new()
{
    return new (pemalloc(sizeof(sd_options_globals), 1)) sd_options_globals();
}

void sd_options_globals_free(sd_options_globals *g)
{
    if (!g) return;
    g->~sd_options_globals();
    pefree(g, 1);
}

void sd_options_rinit()
{
    for (auto &r : og().identity_refusals) r.reason[0] = '\0';
    SDG(options) = nullptr;
    SDG(options_gen) = 0;
}

void sd_options_rshutdown()
{
    if (SDG(options)) {
        zend_hash_destroy(SDG(options));
        FREE_HASHTABLE(SDG(options));
        SDG(options) = nullptr;
    }
}

ZEND_METHOD(System_Daemon, setOption)
{
    zval *name, *value;
    ZEND_PARSE_PARAMETERS_START(2, 2)
        Z_PARAM_ZVAL(name)
        Z_PARAM_ZVAL(value)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *n = name_arg(name);
    RETURN_BOOL(n && set_option(n, value));
}

ZEND_METHOD(System_Daemon, setOptions)
{
    zval *arr;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(arr)
    ZEND_PARSE_PARAMETERS_END();
    RETURN_BOOL(set_options(arr));
}

ZEND_METHOD(System_Daemon, getOption)
{
    zval *name;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(name)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *n = name_arg(name);
    if (!n) RETURN_NULL();
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *v = sd_option_get(ZSTR_VAL(n), &tmp);
    if (!v) RETURN_NULL();
    if (v == &tmp) RETURN_COPY_VALUE(&tmp);
    RETURN_COPY(v);
}

ZEND_METHOD(System_Daemon, getOptions)
{
    ZEND_PARSE_PARAMETERS_NONE();
    array_init(return_value);
    std::size_t count;
    const sd::OptionDef *defs = sd::option_table(count);
    for (std::size_t i = 0; i < count; ++i) {
        zval tmp;
        ZVAL_UNDEF(&tmp);
        zval *v = sd_option_get(defs[i].name, &tmp);
        if (!v) continue;
        if (v != &tmp) Z_TRY_ADDREF_P(v);
        add_assoc_zval(return_value, defs[i].name, v);
    }
}

ZEND_METHOD(System_Daemon, opt)
{
    zval *name, *rest = nullptr;
    uint32_t nrest = 0;
    ZEND_PARSE_PARAMETERS_START(1, -1)
        Z_PARAM_ZVAL(name)
        Z_PARAM_VARIADIC('*', rest, nrest)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *n = name_arg(name);
    if (nrest > 0) {
        RETURN_BOOL(n && set_option(n, &rest[0]));
    }
    if (!n) RETURN_NULL();
    zval tmp;
    ZVAL_UNDEF(&tmp);
    zval *v = sd_option_get(ZSTR_VAL(n), &tmp);
    if (!v) RETURN_NULL();
    if (v == &tmp) RETURN_COPY_VALUE(&tmp);
    RETURN_COPY(v);
}
