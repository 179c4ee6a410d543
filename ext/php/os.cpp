/* System_Daemon_OS and its drivers: the original's classes with the original's
 * behaviour. What each driver knows (version file, startup directory, template) is a
 * table keyed by class, applied to the protected properties in the constructor, so a
 * PHP subclass that redeclares a property or overrides a method still works as it did
 * with the PEAR package. Rendering and writing the startup files is autorun.cpp.
 *
 * Methods a PHP subclass may override (getAutoRunTemplatePath, getAutoRunTemplate,
 * getAutoRunScript, getAutoRunPath) are called virtually, and always before any C++
 * object with a destructor is built in the calling frame: user code may bail out. */
#include "php/autorun.h"
#include "php/driver.h"
#include "php/fileread.h"
#include "php/log.h"
#include "php/options.h"

#include "core/render_init.h"
#include "core/startup_files.h"

#include "zend_interfaces.h"

#include <unistd.h>

#include <cstring>
#include <string>

using namespace sd_os;

namespace {

/* The pseudo-path of a built-in template: getAutoRunTemplatePath() returns it when no
 * runTemplateLocation is set. The original's "#datadir#/template_X" (what a subclass
 * copied from the PEAR package declares) means the same. */
const char kBuiltinPrefix[] = "#builtin#/template_";
const char kDatadirPrefix[] = "#datadir#/template_";
const char kSystemdDir[] = "/etc/systemd/system";

enum class Installed { Base, Linux, Arch, BSD, Windows };

struct DriverFacts {
    const char *lc_name; /* lower-case class name */
    const char *version_file;
    const char *autorun_dir; /* nullptr: none (the property stays null) */
    const char *template_path;
    bool replace_map; /* the original's @placeholder@ => {PROPERTIES.x} map */
    Installed installed;
};

const DriverFacts kDrivers[] = {
    {"system_daemon_os_linux", "", "/etc/init.d", "", false, Installed::Linux},
    {"system_daemon_os_debian", "/etc/debian_version", "/etc/init.d", "#builtin#/template_Debian", true,
     Installed::Linux},
    {"system_daemon_os_ubuntu", "/etc/lsb-release", "/etc/init.d", "#builtin#/template_Debian", true, Installed::Linux},
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

bool is_installed(zend_object *obj)
{
    const DriverFacts *f = facts_for(obj->ce);
    Installed kind = f ? f->installed : Installed::Base;
    switch (kind) {
        case Installed::Base: add_error(obj, "Not implemented for OS"); return false;
        case Installed::Linux: {
            if (!strcasestr(PHP_OS, "Linux")) return false;
            /* Read from the property: a subclass may name its own version file. */
            std::string vf = prop_string(obj, "_osVersionFile");
            return vf.empty() || sd::path_exists(vf);
        }
        case Installed::Arch: {
            if (!strcasestr(PHP_OS, "Linux")) return false;
            return sd::file_starts_with("/etc/issue", "Arch Linux");
        }
        case Installed::BSD: return strcasestr(PHP_OS, "Darwin") || strcasestr(PHP_OS, "BSD");
        case Installed::Windows: return strncasecmp(PHP_OS, "WIN", 3) == 0;
    }
    return false;
}

bool valid_file_name(const std::string &name)
{
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\0') == std::string::npos;
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
            if (ZSTR_LEN(force) == strlen(kFactoryOrder[i]) &&
                memcmp(ZSTR_VAL(force), kFactoryOrder[i], ZSTR_LEN(force)) == 0)
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
    if (!sd::is_directory(dir)) {
        add_error(obj, "Directory: '" + dir + "' does not exist. How can this be a correct path?");
        RETURN_FALSE;
    }
    if (!sd::can_write(dir)) {
        add_error(obj, "Directory: '" + dir +
                           "' is not writable. Maybe run as root (now: " + std::to_string(geteuid()) + ")?");
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
    RETURN_BOOL(sd::can_write(std::string(ZSTR_VAL(path), ZSTR_LEN(path))));
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
    if (!pseudo && ZSTR_LEN(p) == strlen(ZSTR_VAL(p)) && sd::path_exists(ZSTR_VAL(p))) {
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

/* The lines above may have created the daemon's log file, as root. A unit with User=
 * (or any start as that user) then could neither open it nor create it in /var/log:
 * a file this process just created is handed to the user the daemon will run as. */
static void hand_log_to_daemon_user()
{
    zend_long uid = sd_option_long("appRunAsUID");
    gid_t gid;
    std::string err, note;
    if (geteuid() != 0 || uid <= 0 || !sd_log_created() || !sd_option_run_as_gid(&gid, &err, &note)) return;
    sd_log_hand_over(static_cast<uid_t>(uid), gid);
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
            ZEND_HASH_FOREACH_VAL (Z_ARRVAL_P(errs), e) {
                ZVAL_DEREF(e);
                if (Z_TYPE_P(e) == IS_STRING) sd_logf(SD_LOG_NOTICE, "%s", Z_STRVAL_P(e));
            }
            ZEND_HASH_FOREACH_END();
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
