/* System_Daemon_OS, its drivers and System_Daemon::writeAutoRun(): which startup file
 * this system wants, rendered from the built-in templates (ext/core/render_*) or the
 * user's, and written atomically.
 *
 * The drivers are the original's classes with the original's behaviour; what each one
 * knows (version file, startup directory, template) is a table keyed by class, applied
 * to the protected properties in the constructor, so a PHP subclass that redeclares a
 * property or overrides a method still works as it did with the PEAR package.
 *
 * Methods a PHP subclass may override (getAutoRunTemplatePath, getAutoRunTemplate,
 * getAutoRunScript, getAutoRunPath) are called virtually, and always before any C++
 * object with a destructor is built in the calling frame: user code may bail out. */
#include "php/sd_php.h"

#include "php/cmdline.h"

#include "core/cmdline.h"
#include "core/identity.h"
#include "core/render_init.h"
#include "core/render_logrotate.h"
#include "core/render_socket.h"
#include "core/render_text.h"
#include "core/render_unit.h"

#include "SAPI.h"

#include "zend_interfaces.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

/* The pseudo-path of a built-in template: getAutoRunTemplatePath() returns it when no
 * runTemplateLocation is set. The original's "#datadir#/template_X" (what a subclass
 * copied from the PEAR package declares) means the same. */
const char kBuiltinPrefix[] = "#builtin#/template_";
const char kDatadirPrefix[] = "#datadir#/template_";
const char kSystemdDir[] = "/etc/systemd/system";
const char kLogrotateDir[] = "/etc/logrotate.d";

enum class Installed { Base, Linux, Arch, BSD, Windows };

struct DriverFacts {
    const char *lc_name;        /* lower-case class name */
    const char *version_file;
    const char *autorun_dir;    /* nullptr: none (the property stays null) */
    const char *template_path;
    bool replace_map;           /* the original's @placeholder@ => {PROPERTIES.x} map */
    Installed installed;
};

const DriverFacts kDrivers[] = {
    {"system_daemon_os_linux", "", "/etc/init.d", "", false, Installed::Linux},
    {"system_daemon_os_debian", "/etc/debian_version", "/etc/init.d", "#builtin#/template_Debian", true,
     Installed::Linux},
    {"system_daemon_os_ubuntu", "/etc/lsb-release", "/etc/init.d", "#builtin#/template_Debian", true,
     Installed::Linux},
    {"system_daemon_os_arch", "", "/etc/rc.d", "#builtin#/template_Arch", true, Installed::Arch},
    {"system_daemon_os_redhat", "/etc/redhat-release", "/etc/rc.d/init.d", "#builtin#/template_RedHat", true,
     Installed::Linux},
    {"system_daemon_os_fedora", "/etc/fedora-release", "/etc/rc.d/init.d", "#builtin#/template_Fedora", true,
     Installed::Linux},
    {"system_daemon_os_bsd", "", nullptr, "", false, Installed::BSD},
    {"system_daemon_os_windows", "", nullptr, "", false, Installed::Windows},
};

/* factory() considers the drivers in the order the original's glob() of the OS driver files gave
 * them: on equal specificity the first one wins, as with its stable arsort(). */
const char *const kFactoryOrder[] = {"Arch", "BSD", "Debian", "Fedora", "Linux", "RedHat", "Ubuntu", "Windows"};

/* The original's replace map, used by every driver that has a template. */
const char *const kReplaceMap[][2] = {
    {"@author_name@", "{PROPERTIES.authorName}"},
    {"@author_email@", "{PROPERTIES.authorEmail}"},
    {"@name@", "{PROPERTIES.appName}"},
    {"@desc@", "{PROPERTIES.appDescription}"},
    {"@bin_file@", "{PROPERTIES.appDir}/{PROPERTIES.appExecutable}"},
    {"@bin_name@", "{PROPERTIES.appExecutable}"},
    {"@pid_file@", "{PROPERTIES.appPidLocation}"},
    {"@chkconfig@", "{PROPERTIES.appChkConfig}"},
};

const DriverFacts *facts_for(const zend_class_entry *ce)
{
    for (; ce; ce = ce->parent) {
        if (ce->type != ZEND_INTERNAL_CLASS) continue;
        for (const auto &d : kDrivers) {
            if (ZSTR_LEN(ce->name) == strlen(d.lc_name) &&
                zend_binary_strcasecmp(ZSTR_VAL(ce->name), ZSTR_LEN(ce->name), d.lc_name, strlen(d.lc_name)) == 0)
                return &d;
        }
    }
    return nullptr;
}

/* The part after the last '_': System_Daemon_OS_Ubuntu -> Ubuntu. */
void add_shorthand(zval *arr, const zend_string *cls)
{
    const char *s = ZSTR_VAL(cls);
    const char *u = strrchr(s, '_');
    add_next_index_string(arr, u ? u + 1 : s);
}

zval *prop(zend_object *obj, const char *name, zval *rv)
{
    zval *v = zend_read_property(sd_ce_os, obj, name, strlen(name), 1, rv);
    ZVAL_DEREF(v);
    return v;
}

/* The property as a string, "" when it is not one. */
std::string prop_string(zend_object *obj, const char *name)
{
    zval rv;
    ZVAL_UNDEF(&rv);
    zval *v = prop(obj, name, &rv);
    std::string r = Z_TYPE_P(v) == IS_STRING ? std::string(Z_STRVAL_P(v), Z_STRLEN_P(v)) : std::string();
    if (v == &rv) zval_ptr_dtor(&rv);
    return r;
}

void add_error(zend_object *obj, const std::string &msg)
{
    zval rv;
    ZVAL_UNDEF(&rv);
    zval *errs = zend_read_property(sd_ce_os, obj, "errors", sizeof("errors") - 1, 1, &rv);
    if (errs != &rv && Z_ISREF_P(errs)) errs = Z_REFVAL_P(errs);
    if (errs != &rv && Z_TYPE_P(errs) == IS_ARRAY) {
        SEPARATE_ARRAY(errs);
        add_next_index_stringl(errs, msg.data(), msg.size());
        return;
    }
    zval arr;
    if (Z_TYPE_P(errs) == IS_ARRAY) {
        ZVAL_ARR(&arr, zend_array_dup(Z_ARR_P(errs)));
    } else {
        array_init(&arr);
    }
    if (errs == &rv) zval_ptr_dtor(&rv);
    add_next_index_stringl(&arr, msg.data(), msg.size());
    zend_update_property(sd_ce_os, obj, "errors", sizeof("errors") - 1, &arr);
    zval_ptr_dtor(&arr);
}

/* Whether the object's class (or a PHP class between it and the driver) redeclared
 * the property: then its value is the user's and the driver table leaves it alone. */
bool user_declared(const zend_class_entry *ce, const char *name)
{
    auto *pi = static_cast<zend_property_info *>(zend_hash_str_find_ptr(&ce->properties_info, name, strlen(name)));
    return pi && pi->ce && pi->ce->type == ZEND_USER_CLASS;
}

void set_prop_string(zend_object *obj, const char *name, const char *value)
{
    if (user_declared(obj->ce, name)) return;
    zend_update_property_string(sd_ce_os, obj, name, strlen(name), value);
}

void init_driver(zend_object *obj)
{
    zend_class_entry *ce = obj->ce;
    zval details, ancestors;
    array_init(&details);
    array_init(&ancestors);
    for (zend_class_entry *p = ce->parent; p; p = p->parent) add_shorthand(&ancestors, p->name);
    add_shorthand(&details, ce->name);
    /* add_shorthand appends; the original's keys are "shorthand" and "ancestors". */
    zval *sh = zend_hash_index_find(Z_ARRVAL(details), 0);
    zval shorthand;
    ZVAL_COPY(&shorthand, sh);
    zend_hash_clean(Z_ARRVAL(details));
    add_assoc_zval(&details, "shorthand", &shorthand);
    add_assoc_zval(&details, "ancestors", &ancestors);
    if (!user_declared(ce, "_osDetails")) {
        zend_update_property(sd_ce_os, obj, "_osDetails", sizeof("_osDetails") - 1, &details);
    }
    zval_ptr_dtor(&details);

    const DriverFacts *f = facts_for(ce);
    if (!f) return;
    set_prop_string(obj, "_osVersionFile", f->version_file);
    if (f->autorun_dir) set_prop_string(obj, "_autoRunDir", f->autorun_dir);
    set_prop_string(obj, "_autoRunTemplatePath", f->template_path);
    if (f->replace_map && !user_declared(ce, "_autoRunTemplateReplace")) {
        zval map;
        array_init(&map);
        for (const auto &kv : kReplaceMap) add_assoc_string(&map, kv[0], kv[1]);
        zend_update_property(sd_ce_os, obj, "_autoRunTemplateReplace", sizeof("_autoRunTemplateReplace") - 1, &map);
        zval_ptr_dtor(&map);
    }
}

bool file_exists(const std::string &path)
{
    struct stat st;
    return !path.empty() && stat(path.c_str(), &st) == 0;
}

bool is_dir(const std::string &path)
{
    struct stat st;
    return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_installed(zend_object *obj)
{
    const DriverFacts *f = facts_for(obj->ce);
    Installed kind = f ? f->installed : Installed::Base;
    switch (kind) {
        case Installed::Base:
            add_error(obj, "Not implemented for OS");
            return false;
        case Installed::Linux: {
            if (!strcasestr(PHP_OS, "Linux")) return false;
            /* Read from the property: a subclass may name its own version file. */
            std::string vf = prop_string(obj, "_osVersionFile");
            return vf.empty() || file_exists(vf);
        }
        case Installed::Arch: {
            if (!strcasestr(PHP_OS, "Linux")) return false;
            int fd = open("/etc/issue", O_RDONLY | O_CLOEXEC);
            if (fd < 0) return false;
            char buf[10];
            ssize_t n = read(fd, buf, sizeof buf);
            close(fd);
            return n == 10 && memcmp(buf, "Arch Linux", 10) == 0;
        }
        case Installed::BSD:
            return strcasestr(PHP_OS, "Darwin") || strcasestr(PHP_OS, "BSD");
        case Installed::Windows:
            return strncasecmp(PHP_OS, "WIN", 3) == 0;
    }
    return false;
}

/* factory() itself; force is nullptr for autodetection. */
void factory(const zend_string *force, bool retried, zval *return_value)
{
    const size_t n = sizeof kFactoryOrder / sizeof kFactoryOrder[0];
    zval objs[sizeof kFactoryOrder / sizeof kFactoryOrder[0]];
    int use = -1;
    int best_weight = -1;
    for (size_t i = 0; i < n; ++i) {
        ZVAL_UNDEF(&objs[i]);
        char cls[64];
        snprintf(cls, sizeof cls, "System_Daemon_OS_%s", kFactoryOrder[i]);
        zend_string *name = zend_string_init(cls, strlen(cls), 0);
        zend_class_entry *ce = zend_lookup_class(name);
        zend_string_release(name);
        if (!ce || object_init_ex(&objs[i], ce) != SUCCESS) continue;
        init_driver(Z_OBJ(objs[i]));
        if (force) {
            /* Exact, as the original's isset($Drivers[$class]). */
            if (ZSTR_LEN(force) == strlen(kFactoryOrder[i]) && memcmp(ZSTR_VAL(force), kFactoryOrder[i], ZSTR_LEN(force)) == 0)
                use = static_cast<int>(i);
            continue;
        }
        if (!is_installed(Z_OBJ(objs[i]))) continue;
        int weight = 0;
        for (zend_class_entry *p = ce->parent; p; p = p->parent) ++weight;
        if (weight > best_weight) {
            best_weight = weight;
            use = static_cast<int>(i);
        }
    }
    if (use >= 0) ZVAL_COPY(return_value, &objs[use]);
    for (size_t i = 0; i < n; ++i) zval_ptr_dtor(&objs[i]);
    if (use >= 0) return;
    if (retried) {
        RETVAL_FALSE;
        return;
    }
    factory(nullptr, true, return_value);
    if (Z_TYPE_P(return_value) == IS_OBJECT) {
        std::string name = force ? std::string(ZSTR_VAL(force), ZSTR_LEN(force)) : std::string();
        add_error(Z_OBJ_P(return_value), "Unable to use driver: " + name + " falling back to autodetection.");
    }
}

/* ---- properties (the daemon's options as an array) ---- */

zval *property(zval *props, const char *name)
{
    if (!props || Z_TYPE_P(props) != IS_ARRAY) return nullptr;
    zval *v = zend_hash_str_find(Z_ARRVAL_P(props), name, strlen(name));
    if (v) ZVAL_DEREF(v);
    return v;
}

/* A scalar property as text, as PHP's string conversion spells it (false and null
 * are ""). Objects and arrays are refused: converting them could run user code. */
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

std::string property_or(zval *props, const char *name, const char *def = "")
{
    std::string s;
    return property_text(props, name, s) ? s : std::string(def);
}

enum class AutoRunType { InitD, Systemd, Invalid };

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
    return is_dir("/run/systemd/system") ? AutoRunType::Systemd : AutoRunType::InitD;
}

bool check_type(zend_object *obj, zval *props, AutoRunType &type)
{
    type = autorun_type(props);
    if (type == AutoRunType::Invalid) {
        add_error(obj, "runAutoRunType must be auto, initd or systemd, not '" + property_or(props, "runAutoRunType") +
                           "'");
        return false;
    }
    return true;
}

/* A script the startup file runs itself: executable, with a #! line (a wrapper that
 * sets the environment, or "#!/usr/bin/php -d memory_limit=1G"). Anything else is
 * PHP's to run. */
bool runs_directly(const std::string &script)
{
    struct stat st;
    if (stat(script.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || access(script.c_str(), X_OK) != 0) return false;
    int fd = open(script.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return false;
    char head[2];
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    return n == 2 && head[0] == '#' && head[1] == '!';
}

/* @run_cmd@: the script itself, or PHP, its flags and the script. */
std::vector<std::string> run_command(const std::string &php_bin, const std::string &script)
{
    bool direct = runs_directly(script);
    return sd::daemon_command(php_bin, direct ? std::vector<std::string>() : sd_php_ini_args_for_startup(), script,
                              direct);
}

/* An absolute, symlink-free directory (realpath), or the path made absolute against
 * the working directory when it does not exist. */
std::string absolute_dir(const std::string &dir)
{
    char buf[PATH_MAX];
    if (!dir.empty() && realpath(dir.c_str(), buf)) return buf;
    if (!dir.empty() && dir[0] == '/') return dir;
    if (getcwd(buf, sizeof buf)) return std::string(buf) + "/" + dir;
    return dir;
}

/* ---- rendering ---- */

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
        if (key.size() >= 3 && key.front() == '@' && key.back() == '@' &&
            key.find('@', 1) == key.size() - 1) {
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
        ZEND_HASH_FOREACH_KEY_VAL(Z_ARRVAL_P(map), idx, k, v) {
            ZVAL_DEREF(v);
            std::string key = k ? std::string(ZSTR_VAL(k), ZSTR_LEN(k)) : std::to_string(idx);
            if (Z_TYPE_P(v) != IS_STRING) continue;
            if (!(ok = add(key, std::string(Z_STRVAL_P(v), Z_STRLEN_P(v))))) break;
        } ZEND_HASH_FOREACH_END();
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
    spec.working_dir = absolute_dir(dir);
    spec.script = !exe.empty() && exe[0] == '/' ? exe : spec.working_dir + "/" + exe;
    spec.run_directly = runs_directly(spec.script);
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
    }
    if (uid == 65534 || spec.user == "nobody") {
        /* nobody owns whatever every other nobody service leaves behind, and systemd
         * warns about User=nobody at every daemon-reload. */
        sd_logf(SD_LOG_WARNING, "The unit runs the daemon as %s: systemd calls User=nobody unsafe (it is shared with "
                "every other service that uses it). Create a system user for the daemon (useradd --system "
                "--no-create-home %s) and set appRunAsUID/appRunAsGID to it", spec.user.c_str(),
                property_or(props, "appName", "myapp").c_str());
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

/* ---- writing ---- */

bool is_writable(const std::string &path)
{
    if (path.empty()) return false;
    if (path.back() == '/' || is_dir(path)) {
        /* Only really creating a file tells (ACLs, read-only mounts, root squash). */
        std::string tmp = path + (path.back() == '/' ? "" : "/") + ".sd_writable_XXXXXX";
        int fd = mkstemp(&tmp[0]);
        if (fd < 0) return false;
        close(fd);
        unlink(tmp.c_str());
        return true;
    }
    int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd >= 0) {
        close(fd);
        return true;
    }
    if (errno != ENOENT) return false;
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    close(fd);
    unlink(path.c_str());
    return true;
}

/* Writes data to path through a temporary file in the same directory and rename(),
 * so init never sees half a script, with exactly `mode` (no umask, never 0777). */
bool write_atomic(const std::string &path, const std::string &data, mode_t mode, std::string &err)
{
    std::string tmp = path + ".XXXXXX";
    int fd = mkostemp(&tmp[0], O_CLOEXEC);
    if (fd < 0) {
        err = "cannot create a file next to " + path + ": " + strerror(errno);
        return false;
    }
    size_t off = 0;
    bool ok = true;
    while (ok && off < data.size()) {
        ssize_t n = write(fd, data.data() + off, data.size() - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) ok = false;
        else off += static_cast<size_t>(n);
    }
    ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0;
    int saved = errno;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp.c_str(), path.c_str()) != 0) {
        saved = errno;
        ok = false;
    }
    if (!ok) {
        unlink(tmp.c_str());
        err = "startup file: '" + path + "' cannot be written to (" + strerror(saved) + "). Check the permissions";
    }
    return ok;
}

bool valid_file_name(const std::string &name)
{
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\0') == std::string::npos;
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
    if (!file_exists(daemon)) {
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
    if (!sd::render_logrotate(property_or(props, "logLocation"), property_or(props, "appPidLocation"), text, err)) {
        add_error(obj, "Cannot forge a logrotate snippet: " + err);
        return false;
    }
    if (file_exists(path) && !overwrite) return true;
    if (!is_dir(dir.empty() ? kLogrotateDir : dir)) {
        add_error(obj, "Directory: '" + (dir.empty() ? std::string(kLogrotateDir) : dir) + "' does not exist. "
                       "Is logrotate installed?");
        return false;
    }
    /* logrotate skips a snippet that is group- or world-writable. */
    if (!write_atomic(path, text, 0644, err)) {
        add_error(obj, err);
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
    if (!sd::render_socket_unit(property_or(props, "appDescription"), listen, property_or(props, "appName"), text, err)) {
        add_error(obj, "Cannot forge a systemd socket unit (runListenStream): " + err);
        return false;
    }
    if (file_exists(path) && !overwrite) return true;
    if (!write_atomic(path, text, 0644, err)) {
        add_error(obj, err);
        return false;
    }
    return true;
}

/* Writes body to path; returns what writeAutoRun() returns. No user code runs here. */
void write_startup(zend_object *obj, zval *props, bool overwrite, const zend_string *body, const zend_string *path,
                   zval *return_value)
{
    std::string p(ZSTR_VAL(path), ZSTR_LEN(path));
    std::string b(ZSTR_VAL(body), ZSTR_LEN(body));
    bool unit = p.size() > 8 && p.compare(p.size() - 8, 8, ".service") == 0;
    if (file_exists(p) && !overwrite) {
        if (!write_logrotate(obj, props, false)) RETURN_FALSE;
        if (unit && !write_socket_unit(obj, props, false, p)) RETURN_FALSE;
        RETURN_TRUE;
    }
    /* Scripts are programs (0755); systemd warns about executable unit files. */
    std::string err;
    if (!write_atomic(p, b, unit ? 0644 : 0755, err)) {
        add_error(obj, err);
        RETURN_FALSE;
    }
    if (!write_logrotate(obj, props, overwrite)) RETURN_FALSE;
    if (unit && !write_socket_unit(obj, props, overwrite, p)) RETURN_FALSE;
    RETURN_STRINGL(p.data(), p.size());
}

/* Calls $obj->method(args) virtually; false in *rv when it threw. */
void call_method(zend_object *obj, const char *method, zval *rv, int argc, zval *a1, zval *a2 = nullptr)
{
    ZVAL_UNDEF(rv);
    zend_call_method(obj, obj->ce, nullptr, method, strlen(method), rv, argc, a1, a2);
    if (EG(exception) && Z_TYPE_P(rv) == IS_UNDEF) ZVAL_FALSE(rv);
}

}  // namespace

ZEND_METHOD(System_Daemon_OS, __construct)
{
    ZEND_PARSE_PARAMETERS_NONE();
    (void)return_value; /* a constructor returns nothing; -Wextra would flag it */
    init_driver(Z_OBJ_P(ZEND_THIS));
}

ZEND_METHOD(System_Daemon_OS, factory)
{
    zval *force = nullptr;
    bool retried = false;
    ZEND_PARSE_PARAMETERS_START(0, 2)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(force)
        Z_PARAM_BOOL(retried)
    ZEND_PARSE_PARAMETERS_END();
    zend_string *f = nullptr;
    if (force && Z_TYPE_P(force) != IS_FALSE && Z_TYPE_P(force) != IS_NULL) {
        f = zval_try_get_string(force);
        if (!f) RETURN_THROWS();
    }
    factory(f, retried, return_value);
    if (f) zend_string_release(f);
}

ZEND_METHOD(System_Daemon_OS, isInstalled)
{
    ZEND_PARSE_PARAMETERS_NONE();
    RETURN_BOOL(is_installed(Z_OBJ_P(ZEND_THIS)));
}

ZEND_METHOD(System_Daemon_OS, getDetails)
{
    ZEND_PARSE_PARAMETERS_NONE();
    zval rv;
    ZVAL_UNDEF(&rv);
    zval *d = prop(Z_OBJ_P(ZEND_THIS), "_osDetails", &rv);
    RETVAL_COPY(d);
    if (d == &rv) zval_ptr_dtor(&rv);
}

/* The runTemplateLocation when set, else the driver's template: a file, or for the
 * built-in templates the pseudo-path "#builtin#/template_<OS>" (no file exists; the
 * templates are compiled into the extension). false when the driver has none. */
ZEND_METHOD(System_Daemon_OS, getAutoRunTemplatePath)
{
    zval *props = nullptr;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(props)
    ZEND_PARSE_PARAMETERS_END();
    zend_object *obj = Z_OBJ_P(ZEND_THIS);
    zval *loc = property(props, "runTemplateLocation");
    if (loc && zend_is_true(loc) && Z_TYPE_P(loc) == IS_STRING) RETURN_STR_COPY(Z_STR_P(loc));
    std::string path = prop_string(obj, "_autoRunTemplatePath");
    if (path.empty() || path == "0") {
        add_error(obj, "No autoRunTemplatePath found");
        RETURN_FALSE;
    }
    RETURN_STRINGL(path.data(), path.size());
}

ZEND_METHOD(System_Daemon_OS, getAutoRunPath)
{
    zval *app, *props = nullptr;
    ZEND_PARSE_PARAMETERS_START(1, 2)
        Z_PARAM_ZVAL(app)
        Z_PARAM_OPTIONAL
        Z_PARAM_ZVAL(props)
    ZEND_PARSE_PARAMETERS_END();
    zend_object *obj = Z_OBJ_P(ZEND_THIS);
    if (Z_TYPE_P(app) != IS_STRING) {
        add_error(obj, "appName must be a string");
        RETURN_FALSE;
    }
    std::string name(Z_STRVAL_P(app), Z_STRLEN_P(app));
    AutoRunType type;
    if (!check_type(obj, props, type)) RETURN_FALSE;
    std::string dir = property_or(props, "runAutoRunDir");
    if (dir.empty()) dir = type == AutoRunType::Systemd ? kSystemdDir : prop_string(obj, "_autoRunDir");
    if (dir.empty()) {
        add_error(obj, "autoRunDir is not set");
        RETURN_FALSE;
    }
    if (!valid_file_name(name)) {
        add_error(obj, "appName '" + name + "' cannot be the name of a startup file");
        RETURN_FALSE;
    }
    if (type == AutoRunType::Systemd) name += ".service";
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (!is_dir(dir)) {
        add_error(obj, "Directory: '" + dir + "' does not exist. How can this be a correct path?");
        RETURN_FALSE;
    }
    if (!is_writable(dir)) {
        add_error(obj, "Directory: '" + dir + "' is not writable. Maybe run as root (now: " +
                           std::to_string(geteuid()) + ")?");
        RETURN_FALSE;
    }
    std::string path = (dir == "/" ? "" : dir) + "/" + name;
    RETURN_STRINGL(path.data(), path.size());
}

ZEND_METHOD(System_Daemon_OS, isWritable)
{
    zend_string *path;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_PATH_STR(path)
    ZEND_PARSE_PARAMETERS_END();
    RETURN_BOOL(is_writable(std::string(ZSTR_VAL(path), ZSTR_LEN(path))));
}

ZEND_METHOD(System_Daemon_OS, getAutoRunTemplate)
{
    zval *props;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(props)
    ZEND_PARSE_PARAMETERS_END();
    zend_object *obj = Z_OBJ_P(ZEND_THIS);
    zval path;
    call_method(obj, "getautoruntemplatepath", &path, 1, props);
    if (EG(exception) || Z_TYPE(path) != IS_STRING) {
        zval_ptr_dtor(&path);
        RETURN_FALSE;
    }
    zend_string *p = Z_STR(path);
    const char *builtin = nullptr;
    bool pseudo = false;
    for (const char *prefix : {kBuiltinPrefix, kDatadirPrefix}) {
        size_t n = strlen(prefix);
        if (ZSTR_LEN(p) > n && memcmp(ZSTR_VAL(p), prefix, n) == 0) {
            pseudo = true;
            builtin = sd::builtin_template(ZSTR_VAL(p) + n);
        }
    }
    if (pseudo && builtin) {
        zval_ptr_dtor(&path);
        RETURN_STRING(builtin);
    }
    zend_string *contents = nullptr;
    if (!pseudo && ZSTR_LEN(p) == strlen(ZSTR_VAL(p)) && file_exists(ZSTR_VAL(p))) {
        contents = sd_read_file(ZSTR_VAL(p), 0);
    }
    if (!contents) {
        add_error(obj, std::string("autoRunTemplatePath: ") + ZSTR_VAL(p) + " does not exist");
        zval_ptr_dtor(&path);
        RETURN_FALSE;
    }
    zval_ptr_dtor(&path);
    RETURN_STR(contents);
}

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

/* The lines above may have created the daemon's log file, as root. A unit with User=
 * (or any start as that user) then could neither open it nor create it in /var/log:
 * a file this process just created is handed to the user the daemon will run as. */
static void hand_log_to_daemon_user()
{
    zend_long uid = sd_option_long("appRunAsUID"), gid = sd_option_long("appRunAsGID");
    if (geteuid() != 0 || uid <= 0 || !sd_log_created()) return;
    sd_log_hand_over(static_cast<uid_t>(uid), static_cast<gid_t>(gid));
}

ZEND_METHOD(System_Daemon, writeAutoRun)
{
    bool overwrite = false;
    ZEND_PARSE_PARAMETERS_START(0, 1)
        Z_PARAM_OPTIONAL
        Z_PARAM_BOOL(overwrite)
    ZEND_PARSE_PARAMETERS_END();
    zval options, os, res, ow;
    ZVAL_UNDEF(&options);
    zend_call_method(nullptr, sd_ce_daemon, nullptr, "getoptions", sizeof("getoptions") - 1, &options, 0, nullptr,
                     nullptr);
    if (EG(exception) || Z_TYPE(options) != IS_ARRAY) {
        zval_ptr_dtor(&options);
        RETURN_THROWS();
    }
    factory(nullptr, false, &os);
    if (Z_TYPE(os) != IS_OBJECT) {
        zval_ptr_dtor(&options);
        sd_logf(SD_LOG_WARNING, "Unable to setup OS object");
        RETURN_FALSE;
    }
    ZVAL_BOOL(&ow, overwrite);
    call_method(Z_OBJ(os), "writeautorun", &res, 2, &options, &ow);
    zval_ptr_dtor(&options);
    if (EG(exception)) {
        zval_ptr_dtor(&res);
        zval_ptr_dtor(&os);
        RETURN_THROWS();
    }
    if (Z_TYPE(res) == IS_FALSE) {
        zval rv;
        ZVAL_UNDEF(&rv);
        zval *errs = prop(Z_OBJ(os), "errors", &rv);
        if (Z_TYPE_P(errs) == IS_ARRAY) {
            zval *e;
            ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(errs), e) {
                ZVAL_DEREF(e);
                if (Z_TYPE_P(e) == IS_STRING) sd_logf(SD_LOG_NOTICE, "%s", Z_STRVAL_P(e));
            } ZEND_HASH_FOREACH_END();
        }
        if (errs == &rv) zval_ptr_dtor(&rv);
        zval_ptr_dtor(&os);
        sd_logf(SD_LOG_WARNING, "Unable to create startup file");
        RETURN_FALSE;
    }
    zval_ptr_dtor(&os);
    if (Z_TYPE(res) == IS_TRUE) {
        sd_logf(SD_LOG_NOTICE, "Startup was already written");
        hand_log_to_daemon_user();
        RETURN_TRUE;
    }
    if (Z_TYPE(res) == IS_STRING) {
        sd_logf(SD_LOG_NOTICE, "Startup written to '%s'", Z_STRVAL(res));
        hand_log_to_daemon_user();
        RETURN_COPY_VALUE(&res);
    }
    zval_ptr_dtor(&res);
    RETURN_FALSE;
}
