/* writeAutoRun() and getAutoRunScript(): a startup file rendered (ext/core/render_*)
 * from the daemon's options and the driver's template or the user's, then written
 * atomically with the init script's, unit's, socket unit's and logrotate snippet's
 * modes. */
#include "php/autorun.h"

#include "php/cmdline.h"
#include "php/driver.h"
#include "php/fileread.h"
#include "php/log.h"
#include "php/options.h"

#include "core/cmdline.h"
#include "core/fd.h"
#include "core/identity.h"
#include "core/render_init.h"
#include "core/render_logrotate.h"
#include "core/render_socket.h"
#include "core/render_text.h"
#include "core/render_unit.h"
#include "core/rootdir.h"
#include "core/startup_files.h"

#include "zend_interfaces.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace sd_os {

zval *property(zval *props, const char *name)
{
    if (!props || Z_TYPE_P(props) != IS_ARRAY) return nullptr;
    zval *v = zend_hash_str_find(Z_ARRVAL_P(props), name, strlen(name));
    if (v) ZVAL_DEREF(v);
    return v;
}

bool property_text(zval *props, const char *name, std::string &out)
{
    zval *v = property(props, name);
    if (!v) return false;
    switch (Z_TYPE_P(v)) {
        case IS_STRING: out.assign(Z_STRVAL_P(v), Z_STRLEN_P(v)); return true;
        case IS_LONG: out = std::to_string(Z_LVAL_P(v)); return true;
        case IS_TRUE: out = "1"; return true;
        case IS_FALSE:
        case IS_NULL: out.clear(); return true;
        case IS_DOUBLE: {
            zend_string *s = zend_double_to_str(Z_DVAL_P(v));
            out.assign(ZSTR_VAL(s), ZSTR_LEN(s));
            zend_string_release(s);
            return true;
        }
        default: return false;
    }
}

std::string property_or(zval *props, const char *name, const char *def)
{
    std::string s;
    return property_text(props, name, s) ? s : std::string(def);
}

/* runAutoRunType: "initd", "systemd", or "auto" (the default): a systemd unit when
 * systemd is the running init (it creates /run/systemd/system at boot, see
 * sd_booted(3)), else the driver's init script. A runTemplateLocation is an init-script
 * template, so with "auto" it asks for an init script. */
AutoRunType autorun_type(zval *props)
{
    std::string t = property_or(props, "runAutoRunType", "auto");
    if (t == "initd") return AutoRunType::InitD;
    if (t == "systemd") return AutoRunType::Systemd;
    if (t != "auto" && !t.empty()) return AutoRunType::Invalid;
    zval *tpl = property(props, "runTemplateLocation");
    if (tpl && zend_is_true(tpl)) return AutoRunType::InitD;
    return sd::is_directory("/run/systemd/system") ? AutoRunType::Systemd : AutoRunType::InitD;
}

bool check_type(zend_object *obj, zval *props, AutoRunType &type)
{
    type = autorun_type(props);
    if (type == AutoRunType::Invalid) {
        add_error(obj,
                  "runAutoRunType must be auto, initd or systemd, not '" + property_or(props, "runAutoRunType") + "'");
        return false;
    }
    return true;
}
}  // namespace sd_os

using namespace sd_os;

namespace {

const char kLogrotateDir[] = "/etc/logrotate.d";

/* @run_cmd@: the script itself, or PHP, its flags and the script. */
std::vector<std::string> run_command(const std::string &php_bin, const std::string &script)
{
    bool direct = sd::runs_directly(script);
    return sd::daemon_command(php_bin, direct ? std::vector<std::string>() : sd_php_ini_args_for_startup(), script,
                              direct);
}

/* {PROPERTIES.x} in a replace-map value, from props. */
/* What a value must not hold to go verbatim into a user's template: the original's
 * own template has DESC="@desc@", so any of these would end the quoting, expand or
 * run something when root sources the script. "" when the value is harmless. */
/* A value as it can be shown in one line of an error message. */
std::string printable(const std::string &value)
{
    std::string r;
    for (unsigned char c : value) {
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            snprintf(buf, sizeof buf, "\\x%02x", c);
            r += buf;
        } else {
            r.push_back(static_cast<char>(c));
        }
    }
    return r;
}

std::string shell_meta_in(const std::string &value)
{
    for (char c : value) {
        switch (c) {
            case '"': return "a double quote";
            case '$': return "a $";
            case '`': return "a backtick";
            case '\\': return "a backslash";
            case '\n': return "a newline";
            case '\r': return "a carriage return";
            case '\0': return "a NUL byte";
            default: break;
        }
    }
    return "";
}

bool expand_properties(zend_object *obj, zval *props, const std::string &in, std::string &out, bool verbatim)
{
    out.clear();
    size_t i = 0;
    static const char open[] = "{PROPERTIES.";
    while (i < in.size()) {
        size_t at = in.find(open, i);
        size_t close = at == std::string::npos ? at : in.find('}', at);
        if (at == std::string::npos || close == std::string::npos) break;
        out.append(in, i, at - i);
        std::string name = in.substr(at + sizeof open - 1, close - at - (sizeof open - 1));
        std::string value;
        if (!property_text(props, name.c_str(), value)) {
            add_error(obj, "Cannot forge an init.d script without a valid daemon property: " + name);
            return false;
        }
        if (verbatim) {
            std::string bad = shell_meta_in(value);
            if (!bad.empty()) {
                add_error(obj, "Option " + name + ": '" + printable(value) + "' holds " + bad +
                                   ", which a runTemplateLocation template would take verbatim into a shell script; "
                                   "expected a value without \", $, `, \\, line breaks or NUL bytes");
                return false;
            }
        }
        out += value;
        i = close + 1;
    }
    out.append(in, i, std::string::npos);
    return true;
}

bool is_builtin_text(const zend_string *tpl)
{
    for (const char *os : {"Debian", "RedHat", "Arch"}) {
        const char *b = sd::builtin_template(os);
        if (b && ZSTR_LEN(tpl) == strlen(b) && memcmp(ZSTR_VAL(tpl), b, ZSTR_LEN(tpl)) == 0) return true;
    }
    return false;
}

/* The init script from a template's text and the driver's replace map. The built-in
 * templates get their values as shell words; a user's template gets them verbatim, as
 * the original gave them (it does its own quoting: DESC="@desc@"). */
bool render_init(zend_object *obj, zval *props, const zend_string *tpl, zval *return_value)
{
    const bool verbatim = !is_builtin_text(tpl);
    std::vector<std::pair<std::string, std::string>> plain;
    std::map<std::string, std::string> vars;
    zval rv;
    ZVAL_UNDEF(&rv);
    zval *map = prop(obj, "_autoRunTemplateReplace", &rv);
    auto add = [&](const std::string &key, const std::string &value) -> bool {
        std::string v;
        if (!expand_properties(obj, props, value, v, verbatim)) return false;
        if (key.size() >= 3 && key.front() == '@' && key.back() == '@' && key.find('@', 1) == key.size() - 1) {
            vars[key.substr(1, key.size() - 2)] = v;
        } else if (!key.empty()) {
            plain.emplace_back(key, v);
        }
        return true;
    };
    bool ok = true;
    if (Z_TYPE_P(map) == IS_ARRAY && zend_hash_num_elements(Z_ARRVAL_P(map)) > 0) {
        zend_string *k;
        zend_ulong idx;
        zval *v;
        ZEND_HASH_FOREACH_KEY_VAL (Z_ARRVAL_P(map), idx, k, v) {
            ZVAL_DEREF(v);
            std::string key = k ? std::string(ZSTR_VAL(k), ZSTR_LEN(k)) : std::to_string(idx);
            if (Z_TYPE_P(v) != IS_STRING) continue;
            if (!(ok = add(key, std::string(Z_STRVAL_P(v), Z_STRLEN_P(v))))) break;
        }
        ZEND_HASH_FOREACH_END();
    } else {
        /* The original refused a driver without a map; every placeholder is ours, so a
         * plain Linux driver with a runTemplateLocation gets the standard one. */
        for (const auto &kv : kReplaceMap)
            if (!(ok = add(kv[0], kv[1]))) break;
    }
    if (map == &rv) zval_ptr_dtor(&rv);
    if (!ok) return false;
    if (!vars.count("php_bin")) {
        vars["php_bin"] = sd_php_binary_for_startup();
        if (verbatim && !shell_meta_in(vars["php_bin"]).empty()) {
            add_error(obj, "The PHP binary's path " + vars["php_bin"] + " holds " + shell_meta_in(vars["php_bin"]) +
                               ", which a runTemplateLocation template would take verbatim into a shell script");
            return false;
        }
    }
    if (!vars.count("run_cmd")) {
        std::string script;
        auto bf = vars.find("bin_file");
        if (bf != vars.end()) script = bf->second;
        /* A driver's map may name another PHP: it runs the script then. */
        vars["run_cmd"] = sd::shell_words(run_command(vars["php_bin"], script));
    }

    std::string text(ZSTR_VAL(tpl), ZSTR_LEN(tpl));
    for (const auto &p : plain) {
        std::string out;
        size_t i = 0, at;
        while ((at = text.find(p.first, i)) != std::string::npos) {
            out.append(text, i, at - i);
            out += p.second;
            i = at + p.first.size();
        }
        out.append(text, i, std::string::npos);
        text.swap(out);
    }
    sd::InitQuoting q = verbatim ? sd::InitQuoting::Verbatim : sd::InitQuoting::ShellWords;
    std::string out, err;
    if (!sd::render_init_script(text, vars, q, out, err)) {
        add_error(obj, "Cannot render the startup file: " + err);
        return false;
    }
    RETVAL_STRINGL(out.data(), out.size());
    return true;
}

bool render_unit(zend_object *obj, zval *props, zval *return_value)
{
    std::string dir, exe;
    if (!property_text(props, "appDir", dir) || !property_text(props, "appExecutable", exe)) {
        add_error(obj, "Cannot forge a systemd unit without the daemon properties appDir and appExecutable");
        return false;
    }
    sd::UnitSpec spec;
    spec.description = property_or(props, "appDescription");
    spec.php_bin = sd_php_binary_for_startup();
    spec.working_dir = sd::absolute_dir(dir);
    spec.script = !exe.empty() && exe[0] == '/' ? exe : spec.working_dir + "/" + exe;
    spec.run_directly = sd::runs_directly(spec.script);
    if (!spec.run_directly) spec.php_args = sd_php_ini_args_for_startup();
    spec.pid_file = property_or(props, "appPidLocation");
    std::string log = property_or(props, "logLocation");
    if (!log.empty() && log[0] == '/') spec.log_file = log;
    long uid = atol(property_or(props, "appRunAsUID", "0").c_str());
    long gid = atol(property_or(props, "appRunAsGID", "0").c_str());
    if (uid > 0) {
        spec.user = sd::user_name(static_cast<uid_t>(uid));
        if (spec.user.empty()) spec.user = std::to_string(uid);
    }
    if (gid > 0) {
        spec.group = sd::group_name(static_cast<gid_t>(gid));
        if (spec.group.empty()) spec.group = std::to_string(gid);
    } else if (uid > 0 && sd_option_is_set("appRunAsGID")) {
        /* appRunAsGID => 0 set explicitly: start() keeps root's group, so the unit does. */
        spec.group = "root";
    }
    if (uid == 65534 || spec.user == "nobody") {
        /* nobody owns whatever every other nobody service leaves behind, and systemd
         * warns about User=nobody at every daemon-reload. */
        sd_logf(SD_LOG_WARNING,
                "The unit runs the daemon as %s: systemd calls User=nobody unsafe (it is shared with "
                "every other service that uses it). Create a system user for the daemon (useradd --system "
                "--no-create-home %s) and set appRunAsUID/appRunAsGID to it",
                spec.user.c_str(), property_or(props, "appName", "myapp").c_str());
    }
    std::string listen = property_or(props, "runListenStream");
    if (!listen.empty() && listen != "0") spec.socket_unit = property_or(props, "appName") + ".socket";
    long wd = atol(property_or(props, "runWatchdogSec", "0").c_str());
    spec.watchdog_sec = wd > 0 ? static_cast<unsigned>(wd) : 0;
    std::string out, err;
    if (!sd::render_systemd_unit(spec, out, err)) {
        add_error(obj, "Cannot forge a systemd unit: " + err);
        return false;
    }
    RETVAL_STRINGL(out.data(), out.size());
    return true;
}

/* Writes data to path through a temporary file and rename(), so init never sees half a
 * script, with exactly `mode` (no umask, never 0777). */
bool write_atomic(zend_object *obj, const std::string &path, const std::string &data, mode_t mode)
{
    std::string err = sd::write_file_atomic(path, data, mode);
    if (err.empty()) return true;
    add_error(obj, "startup file: " + err + ". Check the permissions");
    return false;
}

/* The original's _testAutoRunProperties(). */
bool test_properties(zend_object *obj, zval *props)
{
    if (!props || Z_TYPE_P(props) != IS_ARRAY || zend_hash_num_elements(Z_ARRVAL_P(props)) == 0) {
        add_error(obj, "No properties to forge init.d script");
        return false;
    }
    bool ok = true;
    for (const char *req : {"appName", "appExecutable", "appDescription", "appDir", "authorName", "authorEmail"}) {
        zval *v = property(props, req);
        if (!v || Z_TYPE_P(v) == IS_NULL) {
            add_error(obj, std::string("Cannot forge an init.d script without a valid daemon property: ") + req);
            ok = false;
        }
    }
    std::string daemon = property_or(props, "appDir") + "/" + property_or(props, "appExecutable");
    if (!sd::path_exists(daemon)) {
        add_error(obj, "unable to forge startup script for non existing daemon_filepath: " + daemon +
                           ", try setting a valid appDir or appExecutable");
        ok = false;
    }
    struct stat st;
    if (access(daemon.c_str(), X_OK) != 0 || stat(daemon.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) {
        add_error(obj, "unable to forge startup script. daemon_filepath: " + daemon + ", needs to be executable first");
        ok = false;
    }
    return ok;
}

/* The logrotate snippet for runLogrotate: /etc/logrotate.d/{appName}, or
 * {runAutoRunDir}/{appName}.logrotate when a directory was given (so that it never
 * takes the init script's name, and a packager finds both in one place). */
bool write_logrotate(zend_object *obj, zval *props, bool overwrite)
{
    zval *want = property(props, "runLogrotate");
    if (!want || !zend_is_true(want)) return true;
    std::string name = property_or(props, "appName");
    std::string dir = property_or(props, "runAutoRunDir");
    std::string path = dir.empty() ? std::string(kLogrotateDir) + "/" + name : dir + "/" + name + ".logrotate";
    std::string text, err;
    /* Under systemd the unit, not a pid file in its User='s RuntimeDirectory=, says
     * which process gets the HUP. */
    std::string unit = autorun_type(props) == AutoRunType::Systemd ? name + ".service" : std::string();
    if (!sd::render_logrotate(property_or(props, "logLocation"), property_or(props, "appPidLocation"), unit, text,
                              err)) {
        add_error(obj, "Cannot forge a logrotate snippet: " + err);
        return false;
    }
    if (sd::path_exists(path) && !overwrite) return true;
    if (!sd::is_directory(dir.empty() ? kLogrotateDir : dir)) {
        add_error(obj, "Directory: '" + (dir.empty() ? std::string(kLogrotateDir) : dir) +
                           "' does not exist. "
                           "Is logrotate installed?");
        return false;
    }
    /* logrotate skips a snippet that is group- or world-writable. */
    if (!write_atomic(obj, path, text, 0644)) {
        return false;
    }
    return true;
}

/* With runListenStream, the socket unit next to the service unit at unit_path. */
bool write_socket_unit(zend_object *obj, zval *props, bool overwrite, const std::string &unit_path)
{
    std::string listen = property_or(props, "runListenStream");
    if (listen.empty() || listen == "0") return true;
    std::string path = unit_path.substr(0, unit_path.size() - 8) + ".socket";
    std::string text, err;
    if (!sd::render_socket_unit(property_or(props, "appDescription"), listen, property_or(props, "appName"), text,
                                err)) {
        add_error(obj, "Cannot forge a systemd socket unit (runListenStream): " + err);
        return false;
    }
    if (sd::path_exists(path) && !overwrite) return true;
    if (!write_atomic(obj, path, text, 0644)) {
        return false;
    }
    return true;
}

/* An init script (and a unit without User=) runs the script as root, before start()
 * drops privileges: whoever can change the file, or a directory on its way, could run
 * anything as root at the next start. */
bool script_roots_alone(zend_object *obj, zval *props, AutoRunType type)
{
    if (geteuid() != 0) return true;
    if (type == AutoRunType::Systemd && atol(property_or(props, "appRunAsUID", "0").c_str()) > 0) return true;
    std::string exe = property_or(props, "appExecutable");
    std::string script = !exe.empty() && exe[0] == '/' ? exe : property_or(props, "appDir") + "/" + exe;
    std::string why = sd::file_not_roots_alone(script);
    if (why.empty()) return true;
    add_error(obj, "appExecutable: " + script + ": " + why +
                       "; the startup file would run it as root before the "
                       "privilege drop, so whoever can change it could run anything as root: make the script and every "
                       "directory on its way root's and writable by root alone (appDir)");
    return false;
}

/* Writes body to path; returns what writeAutoRun() returns. No user code runs here. */
void write_startup(zend_object *obj, zval *props, bool overwrite, const zend_string *body, const zend_string *path,
                   zval *return_value)
{
    std::string p(ZSTR_VAL(path), ZSTR_LEN(path));
    std::string b(ZSTR_VAL(body), ZSTR_LEN(body));
    bool unit = p.size() > 8 && p.compare(p.size() - 8, 8, ".service") == 0;
    if (sd::path_exists(p) && !overwrite) {
        if (!write_logrotate(obj, props, false)) RETURN_FALSE;
        if (unit && !write_socket_unit(obj, props, false, p)) RETURN_FALSE;
        RETURN_TRUE;
    }
    /* Scripts are programs (0755); systemd warns about executable unit files. */
    if (!write_atomic(obj, p, b, unit ? 0644 : 0755)) RETURN_FALSE;
    if (!write_logrotate(obj, props, overwrite)) RETURN_FALSE;
    if (unit && !write_socket_unit(obj, props, overwrite, p)) RETURN_FALSE;
    RETURN_STRINGL(p.data(), p.size());
}
}  // namespace

/* The startup file's text: the systemd unit when runAutoRunType resolves to systemd,
 * else the init script rendered from getAutoRunTemplate(). */
ZEND_METHOD(System_Daemon_OS, getAutoRunScript)
{
    zval *props;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(props)
    ZEND_PARSE_PARAMETERS_END();
    zend_object *obj = Z_OBJ_P(ZEND_THIS);
    AutoRunType type = autorun_type(props);
    if (type == AutoRunType::Systemd) {
        if (!render_unit(obj, props, return_value)) RETURN_FALSE;
        return;
    }
    if (type == AutoRunType::Invalid) {
        check_type(obj, props, type);
        RETURN_FALSE;
    }
    zval tpl;
    call_method(obj, "getautoruntemplate", &tpl, 1, props);
    if (EG(exception) || Z_TYPE(tpl) != IS_STRING) {
        zval_ptr_dtor(&tpl);
        RETURN_FALSE;
    }
    bool ok = render_init(obj, props, Z_STR(tpl), return_value);
    zval_ptr_dtor(&tpl);
    if (!ok) RETURN_FALSE;
}

ZEND_METHOD(System_Daemon_OS, writeAutoRun)
{
    zval *props;
    bool overwrite = false;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_ZVAL(props)
        Z_PARAM_OPTIONAL
        Z_PARAM_BOOL(overwrite)
    ZEND_PARSE_PARAMETERS_END();
    zend_object *obj = Z_OBJ_P(ZEND_THIS);
    if (!test_properties(obj, props)) RETURN_FALSE;
    AutoRunType type;
    if (!check_type(obj, props, type)) RETURN_FALSE;
    if (!script_roots_alone(obj, props, type)) RETURN_FALSE;
    zval body, path;
    ZVAL_UNDEF(&path);
    call_method(obj, "getautorunscript", &body, 1, props);
    if (!EG(exception) && Z_TYPE(body) == IS_STRING) {
        call_method(obj, "getautorunpath", &path, 2, property(props, "appName"), props);
    }
    if (!EG(exception) && Z_TYPE(body) == IS_STRING && Z_TYPE(path) == IS_STRING) {
        write_startup(obj, props, overwrite, Z_STR(body), Z_STR(path), return_value);
    } else {
        RETVAL_FALSE;
    }
    zval_ptr_dtor(&body);
    zval_ptr_dtor(&path);
}
