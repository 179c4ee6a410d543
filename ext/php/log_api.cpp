/* log(), the level shortcuts, abbr(), semantify(): the PHP API over the log engine.
 * A LOG_EMERG line the script logs ends it (as the original's log() did), here and
 * not in the engine: the extension's own lines and forwarded PHP errors never halt. */
#include "php/log_api.h"

#include "php/events.h"
#include "php/log.h"

#include "core/logjson.h"

/* These headers declare their functions without C linkage guards. */
BEGIN_EXTERN_C()
#include "ext/json/php_json.h"
END_EXTERN_C()
#include "zend_exceptions.h"
#include "zend_smart_str.h"

#include <cstring>
#include <string>

namespace {

const char *const kLevelName[] = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

bool level_from_zval(zval *z, int *level)
{
    ZVAL_DEREF(z);
    zend_long l;
    if (Z_TYPE_P(z) == IS_LONG) {
        l = Z_LVAL_P(z);
    } else if (Z_TYPE_P(z) == IS_STRING) {
        for (int i = 0; i < 8; ++i) {
            const char *n = kLevelName[i];
            if (zend_string_equals_cstr(Z_STR_P(z), n, strlen(n))) {
                *level = i;
                return true;
            }
        }
        if (!is_numeric_string(Z_STRVAL_P(z), Z_STRLEN_P(z), &l, NULL, false)) l = -1;
    } else {
        l = -1;
    }
    if (l < 0 || l > 7) {
        php_error_docref(NULL, E_WARNING, "Log level must be System_Daemon::LOG_EMERG (0) .. LOG_DEBUG (7)");
        return false;
    }
    *level = static_cast<int>(l);
    return true;
}

/* vsprintf's own messages speak of "the arguments array", which the caller of
 * info('%s %s', $x) never wrote: the same exception class (ValueError for too few
 * arguments or a bad specifier) is thrown again, saying which call and which format,
 * with vsprintf's exception as its previous one. */
void explain_format_error(zval *format, uint32_t nargs)
{
    zend_object *orig = EG(exception);
    if (!orig || (!instanceof_function(orig->ce, zend_ce_value_error) &&
                  !instanceof_function(orig->ce, zend_ce_argument_count_error))) {
        return;
    }
    zval rv;
    zval *m = zend_read_property_ex(orig->ce, orig, ZSTR_KNOWN(ZEND_STR_MESSAGE), true, &rv);
    zend_string *fmt = zval_get_string(format);
    GC_ADDREF(orig);
    zend_clear_exception();
    zend_throw_exception_ex(orig->ce, 0,
                            "System_Daemon::%s(): the format \"%.200s%s\" does not fit its %u argument%s: %s",
                            get_active_function_name(), ZSTR_VAL(fmt), ZSTR_LEN(fmt) > 200 ? "..." : "", nargs,
                            nargs == 1 ? "" : "s", Z_TYPE_P(m) == IS_STRING ? Z_STRVAL_P(m) : "");
    zend_string_release(fmt);
    zend_exception_set_previous(EG(exception), orig);
}

/* sprintf-style formatting with semantified arguments, through PHP's own vsprintf so
 * that every format the original accepted means the same thing. */
zend_string *format_message(zval *format, zval *args, uint32_t nargs)
{
    zend_string *fmt = zval_try_get_string(format);
    if (!fmt) return nullptr;
    if (nargs == 0) return fmt;
    /* Looked up on every call: under ZTS each thread has its own function table, freed
     * with the thread's interpreter, so no pointer into one may outlive the call. */
    zend_function *vsprintf_fn =
        static_cast<zend_function *>(zend_hash_str_find_ptr(EG(function_table), ZEND_STRL("vsprintf")));
    zval params[2], ret;
    ZVAL_STR(&params[0], fmt);
    array_init_size(&params[1], nargs);
    for (uint32_t i = 0; i < nargs; ++i) {
        zval s;
        sd_semantify(&args[i], &s);
        add_next_index_zval(&params[1], &s);
    }
    ZVAL_UNDEF(&ret);
    zend_call_known_function(vsprintf_fn, NULL, NULL, &ret, 2, params, NULL);
    zval_ptr_dtor(&params[0]);
    zval_ptr_dtor(&params[1]);
    if (EG(exception) || Z_TYPE(ret) != IS_STRING) {
        zval_ptr_dtor(&ret);
        if (EG(exception)) explain_format_error(format, nargs);
        return nullptr;
    }
    return Z_STR(ret);
}

/* A PSR-3 context in a JSON record stays small whatever the script passes: a log line
 * is no place for a whole object graph, and a self-referencing array must end. */
constexpr int kContextDepth = 5;
constexpr size_t kContextBytes = 8192;

void encode_context_value(std::string &out, zval *v, int depth, size_t start);

bool is_list(HashTable *ht)
{
    zend_ulong expect = 0, idx;
    zend_string *key;
    ZEND_HASH_FOREACH_KEY(ht, idx, key)
    {
        if (key || idx != expect++) return false;
    }
    ZEND_HASH_FOREACH_END();
    return true;
}

void encode_context_array(std::string &out, HashTable *ht, int depth, size_t start)
{
    bool list = is_list(ht);
    if (depth >= kContextDepth) {
        out.append(list ? "[\"...\"]" : "{\"...\":\"deeper levels left out\"}");
        return;
    }
    out.push_back(list ? '[' : '{');
    bool first = true;
    zend_ulong idx;
    zend_string *key;
    zval *val;
    ZEND_HASH_FOREACH_KEY_VAL (ht, idx, key, val) {
        if (!first) out.push_back(',');
        if (out.size() - start > kContextBytes) {
            out.append(list ? "\"...\"" : "\"...\":\"more left out\"");
            break;
        }
        first = false;
        if (!list) {
            if (key) {
                sd::json_append_string(out, std::string_view(ZSTR_VAL(key), ZSTR_LEN(key)));
            } else {
                out.push_back('"');
                sd::json_append_int(out, static_cast<long long>(static_cast<zend_long>(idx)));
                out.push_back('"');
            }
            out.push_back(':');
        }
        encode_context_value(out, val, depth + 1, start);
    }
    ZEND_HASH_FOREACH_END();
    out.push_back(list ? ']' : '}');
}

/* No user code runs here (no __toString(), no jsonSerialize()): a log call must not
 * re-enter the script. Objects are named by class; a Throwable (PSR-3's "exception"
 * key) by class, message, code, file and line, read from its declared properties. */
void encode_context_value(std::string &out, zval *v, int depth, size_t start)
{
    ZVAL_DEREF(v);
    switch (Z_TYPE_P(v)) {
        case IS_NULL: out.append("null"); break;
        case IS_TRUE: out.append("true"); break;
        case IS_FALSE: out.append("false"); break;
        case IS_LONG: sd::json_append_int(out, static_cast<long long>(Z_LVAL_P(v))); break;
        case IS_DOUBLE: sd::json_append_double(out, Z_DVAL_P(v)); break;
        case IS_STRING: {
            size_t len = Z_STRLEN_P(v);
            /* A cut in a multi-byte character becomes U+FFFD: still valid JSON. */
            if (len > kContextBytes) len = kContextBytes;
            sd::json_append_string(out, std::string_view(Z_STRVAL_P(v), len));
            break;
        }
        case IS_ARRAY: encode_context_array(out, Z_ARRVAL_P(v), depth, start); break;
        case IS_OBJECT: {
            zend_object *obj = Z_OBJ_P(v);
            out.append("{\"class\":");
            sd::json_append_string(out, std::string_view(ZSTR_VAL(obj->ce->name), ZSTR_LEN(obj->ce->name)));
            if (instanceof_function(obj->ce, zend_ce_throwable)) {
                zend_class_entry *base = zend_get_exception_base(obj);
                static const char *const props[] = {"message", "code", "file", "line"};
                for (const char *p : props) {
                    zval rv;
                    zval *pv = zend_read_property(base, obj, p, strlen(p), true, &rv);
                    out.push_back(',');
                    sd::json_append_string(out, p);
                    out.push_back(':');
                    if (pv && (Z_TYPE_P(pv) == IS_STRING || Z_TYPE_P(pv) == IS_LONG)) {
                        encode_context_value(out, pv, kContextDepth, start);
                    } else {
                        out.append("null");
                    }
                }
            }
            out.push_back('}');
            break;
        }
        default: out.append("null"); break;
    }
}

/* The named argument context: of a level shortcut (info('...', context: [...])), as a
 * JSON object; printf-style arguments stay positional, so no call changes meaning.
 * False (with the exception thrown) for any other named argument or a non-array. */
bool take_context(HashTable *named, std::string &out)
{
    if (!named) return true;
    zend_string *key;
    zval *val;
    ZEND_HASH_FOREACH_STR_KEY_VAL(named, key, val)
    {
        if (!key || !zend_string_equals_literal(key, "context")) {
            zend_throw_error(NULL, "System_Daemon::%s(): unknown named parameter $%s (only $context is named)",
                             get_active_function_name(), key ? ZSTR_VAL(key) : "?");
            return false;
        }
        ZVAL_DEREF(val);
        if (Z_TYPE_P(val) != IS_ARRAY) {
            zend_type_error("System_Daemon::%s(): $context must be of type array, %s given", get_active_function_name(),
                            zend_zval_type_name(val));
            return false;
        }
        if (zend_hash_num_elements(Z_ARRVAL_P(val)) == 0) continue;
        out.clear();
        /* An object even for a list: PSR-3's context is a map. */
        if (is_list(Z_ARRVAL_P(val))) {
            out.push_back('{');
            zend_ulong idx;
            zval *v;
            bool first = true;
            ZEND_HASH_FOREACH_NUM_KEY_VAL(Z_ARRVAL_P(val), idx, v)
            {
                if (!first) out.push_back(',');
                first = false;
                out.push_back('"');
                sd::json_append_int(out, static_cast<long long>(idx));
                out.append("\":");
                encode_context_value(out, v, 1, 0);
            }
            ZEND_HASH_FOREACH_END();
            out.push_back('}');
        } else {
            encode_context_array(out, Z_ARRVAL_P(val), 0, 0);
        }
    }
    ZEND_HASH_FOREACH_END();
    return true;
}

void shortcut(INTERNAL_FUNCTION_PARAMETERS, int level, bool result)
{
    zval *format = nullptr, *args = nullptr;
    uint32_t nargs = 0;
    HashTable *named = nullptr;
    if (EX_NUM_ARGS() == 1 && !(ZEND_CALL_INFO(execute_data) & ZEND_CALL_HAS_EXTRA_NAMED_PARAMS)) {
        /* info('...'), the call a loop makes: what the parser would find, without it. */
        format = ZEND_CALL_ARG(execute_data, 1);
    } else {
        ZEND_PARSE_PARAMETERS_START(0, -1)
            Z_PARAM_OPTIONAL
            Z_PARAM_ZVAL(format)
            Z_PARAM_VARIADIC_WITH_NAMED(args, nargs, named)
        ZEND_PARSE_PARAMETERS_END();
    }
    int wants = sd_log_wants(level);
    if (!wants) {
        /* As the original: nothing is logged without an appName, and lines above the
         * verbosity cost no formatting. */
        RETURN_BOOL(result);
    }
    zend_string *msg;
    if (!format) {
        msg = ZSTR_EMPTY_ALLOC();
    } else if (nargs == 0 && Z_TYPE_P(format) == IS_STRING) {
        msg = zend_string_copy(Z_STR_P(format));
    } else {
        msg = format_message(format, args, nargs);
        if (!msg) RETURN_THROWS();
        /* A __toString() may have changed the options (logLinePosition, say). */
        wants = sd_log_wants(level);
    }
    const char *file = "";
    size_t file_len = 0;
    zend_long line = 0;
    if (wants & SD_LOG_POSITION) sd_log_call_site(&file, &file_len, &line);
    if (named) {
        /* The encoded context is moved into request memory before the line is logged:
         * a handler or output callback that bails out must not skip a destructor. */
        zend_string *context = nullptr;
        {
            std::string enc;
            if (take_context(named, enc)) context = zend_string_init(enc.data(), enc.size(), 0);
        }
        if (!context) {
            zend_string_release(msg);
            RETURN_THROWS();
        }
        sd_log_message_ctx(level, ZSTR_VAL(msg), ZSTR_LEN(msg), file, file_len, line,
                           std::string_view(ZSTR_VAL(context), ZSTR_LEN(context)));
        zend_string_release(context);
    } else {
        sd_log_message(level, ZSTR_VAL(msg), ZSTR_LEN(msg), file, file_len, line);
    }
    zend_string_release(msg);
    if (level == SD_LOG_EMERG && !EG(exception)) sd_halt(1);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(result);
}

}  // namespace

void sd_semantify(zval *arg, zval *out)
{
    ZVAL_DEREF(arg);
    switch (Z_TYPE_P(arg)) {
        case IS_OBJECT: ZVAL_STR_COPY(out, Z_OBJCE_P(arg)->name); return;
        case IS_LONG:
        case IS_DOUBLE:
        case IS_TRUE:
        case IS_FALSE: ZVAL_COPY(out, arg); return;
        case IS_STRING:
            if (is_numeric_string(Z_STRVAL_P(arg), Z_STRLEN_P(arg), NULL, NULL, false)) {
                ZVAL_COPY(out, arg);
            } else {
                /* Not a printf %s: that would stop at the first NUL byte. */
                ZVAL_STR(out, zend_string_concat3("'", 1, Z_STRVAL_P(arg), Z_STRLEN_P(arg), "'", 1));
            }
            return;
        case IS_ARRAY: {
            smart_str s = {};
            bool first = true;
            zend_string *key;
            zend_ulong idx;
            zval *val;
            ZEND_HASH_FOREACH_KEY_VAL (Z_ARRVAL_P(arg), idx, key, val) {
                ZVAL_DEREF(val);
                if (!first) smart_str_appends(&s, ", ");
                first = false;
                if (key) {
                    smart_str_append(&s, key);
                } else {
                    smart_str_append_unsigned(&s, idx);
                }
                smart_str_appends(&s, ": ");
                zend_string *v;
                if (Z_TYPE_P(val) == IS_ARRAY) {
                    smart_str j = {};
                    php_json_encode(&j, val, 0);
                    smart_str_0(&j);
                    v = j.s ? j.s : ZSTR_EMPTY_ALLOC();
                } else if (Z_TYPE_P(val) == IS_LONG || Z_TYPE_P(val) == IS_DOUBLE || Z_TYPE_P(val) == IS_TRUE ||
                           Z_TYPE_P(val) == IS_FALSE ||
                           (Z_TYPE_P(val) == IS_STRING &&
                            is_numeric_string(Z_STRVAL_P(val), Z_STRLEN_P(val), NULL, NULL, false))) {
                    v = zval_get_string(val);
                } else {
                    zend_string *raw =
                        Z_TYPE_P(val) == IS_OBJECT ? zend_string_copy(Z_OBJCE_P(val)->name) : zval_get_string(val);
                    v = zend_string_concat3("'", 1, ZSTR_VAL(raw), ZSTR_LEN(raw), "'", 1);
                    zend_string_release(raw);
                }
                /* abbr($val): 30 characters, '...' included */
                if (ZSTR_LEN(v) > 30) {
                    smart_str_appendl(&s, ZSTR_VAL(v), 27);
                    smart_str_appends(&s, "...");
                } else {
                    smart_str_append(&s, v);
                }
                zend_string_release(v);
            }
            ZEND_HASH_FOREACH_END();
            smart_str_0(&s);
            ZVAL_STR(out, s.s ? s.s : ZSTR_EMPTY_ALLOC());
            return;
        }
        case IS_NULL: ZVAL_STRING(out, "''"); return;
        default: ZVAL_STR(out, zval_get_string(arg)); return;
    }
}

ZEND_METHOD(System_Daemon, log)
{
    zval *zlevel, *str, *zfile = nullptr, *zclass = nullptr, *zfunction = nullptr, *zline = nullptr;
    ZEND_PARSE_PARAMETERS_START(2, 6)
        Z_PARAM_ZVAL(zlevel)
        Z_PARAM_ZVAL(str)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(zfile)
        Z_PARAM_ZVAL(zclass)
        Z_PARAM_ZVAL(zfunction)
        Z_PARAM_ZVAL(zline)
    ZEND_PARSE_PARAMETERS_END();
    int level;
    if (!level_from_zval(zlevel, &level)) RETURN_FALSE;
    zend_string *msg = zval_try_get_string(str);
    if (!msg) RETURN_THROWS();
    const char *file = "";
    size_t file_len = 0;
    zend_long line = 0;
    sd_log_call_site(&file, &file_len, &line);
    zend_string *given_file = nullptr;
    if (zfile && Z_TYPE_P(zfile) != IS_FALSE && Z_TYPE_P(zfile) != IS_NULL) {
        given_file = zval_get_string(zfile);
        file = ZSTR_VAL(given_file);
        file_len = ZSTR_LEN(given_file);
    }
    if (zline && Z_TYPE_P(zline) != IS_FALSE && Z_TYPE_P(zline) != IS_NULL) line = zval_get_long(zline);
    /* As the engine decides at the line's start: a line not written does not halt. */
    bool halts = level == SD_LOG_EMERG && sd_log_enabled(level);
    bool ok = sd_log_message(level, ZSTR_VAL(msg), ZSTR_LEN(msg), file, file_len, line);
    zend_string_release(msg);
    if (given_file) zend_string_release(given_file);
    if (halts && !EG(exception)) sd_halt(1);
    if (EG(exception)) RETURN_THROWS();
    RETURN_BOOL(ok);
}

ZEND_METHOD(System_Daemon, emerg)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_EMERG, false);
}
ZEND_METHOD(System_Daemon, alert)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_ALERT, false);
}
ZEND_METHOD(System_Daemon, crit)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_CRIT, false);
}
ZEND_METHOD(System_Daemon, err)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_ERR, false);
}
ZEND_METHOD(System_Daemon, warning)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_WARNING, false);
}
ZEND_METHOD(System_Daemon, notice)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_NOTICE, true);
}
ZEND_METHOD(System_Daemon, info)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_INFO, true);
}
ZEND_METHOD(System_Daemon, debug)
{
    shortcut(INTERNAL_FUNCTION_PARAM_PASSTHRU, SD_LOG_DEBUG, true);
}

ZEND_METHOD(System_Daemon, abbr)
{
    zval *str;
    zend_long cut = 30;
    zend_string *suffix = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 3)
        Z_PARAM_ZVAL(str)
        Z_PARAM_OPTIONAL
        Z_PARAM_LONG(cut)
        Z_PARAM_STR(suffix)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *s = zval_try_get_string(str);
    if (!s) RETURN_THROWS();
    size_t suf_len = suffix ? ZSTR_LEN(suffix) : 3;
    const char *suf = suffix ? ZSTR_VAL(suffix) : "...";
    zend_long len = static_cast<zend_long>(ZSTR_LEN(s));
    if (len <= cut) RETURN_STR(s);
    /* The original cuts with substr($str, 0, $cutAt - strlen($suffix)): a negative
     * length counts from the end, so abbr('hello', 2) is 'hell...', not '...'. */
    /* keep = cut - suf_len, and len + that when negative, clamped at 0: computed so
     * that no step can overflow (abbr($s, PHP_INT_MIN) made cut - suf_len wrap to a
     * huge positive length, and the copy read far past the string). len > cut here. */
    const zend_long slen = static_cast<zend_long>(suf_len);
    zend_long keep;
    if (cut >= slen) {
        keep = cut - slen;
    } else if (cut < -len) {
        keep = 0;
    } else {
        keep = len + cut; /* in [0, len] */
        keep = keep > slen ? keep - slen : 0;
    }
    zend_string *r = zend_string_concat2(ZSTR_VAL(s), static_cast<size_t>(keep), suf, suf_len);
    zend_string_release(s);
    RETURN_STR(r);
}

ZEND_METHOD(System_Daemon, semantify)
{
    zval *arg;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(arg)
    ZEND_PARSE_PARAMETERS_END();
    sd_semantify(arg, return_value);
}
