/* Legacy requires: scripts written for the PEAR package start with
 * require_once 'System/Daemon.php'. With the classes built in, that line must succeed
 * and do nothing, whether or not the old PEAR files are still on include_path (if they
 * are, compiling them would be a fatal "Cannot declare class System_Daemon").
 *
 * The mechanism: zend_stream_open_function is wrapped. Every include/require opens its
 * file through it (require_once before compiling, require inside the compiler), so a
 * single hook covers all four statements and both cases. When the file name, resolved
 * or not, ends in one of the PEAR package's own paths and the open comes from an
 * include statement, an empty in-memory stream is served instead of the file: the
 * engine compiles an empty script and the statement returns 1, as for an empty file.
 * A memory stream (rather than /dev/null) needs no open_basedir permission and reports
 * mtime 0, so opcache does not cache it under the PEAR file's name.
 *
 * A copy of the package's files under another name (a project that ships the PEAR
 * file as extlibs/Daemon.php) is recognised by what it is: a PEAR docblock naming the
 * package ("@package System_Daemon") and the declaration of one of its classes. Such a
 * copy loads as a no-op too; a class of the same name written by someone else still
 * gets PHP's "Cannot declare class".
 *
 * The PEAR System/Daemon.php registered an autoloader (Foo_Bar -> Foo/Bar.php on
 * include_path) that scripts rely on for PEAR's Log: the script served for it, or for a
 * copy of it, registers System_Daemon::autoload(), which does the same.
 *
 * system_daemon.legacy_require=0 turns this off (the original behaviour comes back). */
#include "php/legacy.h"

#include "php/module.h"

#include "main/php_streams.h"
#include "zend_compile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string_view>

namespace {

sd_compat_stream_open_fn orig_stream_open = nullptr;

/* The PEAR package's files, relative to its include_path root. */
const char *const legacy_files[] = {
    "System/Daemon.php",
    "System/Daemon/Exception.php",
    "System/Daemon/Options.php",
    "System/Daemon/OS.php",
    "System/Daemon/OS/Exception.php",
    "System/Daemon/OS/Linux.php",
    "System/Daemon/OS/Debian.php",
    "System/Daemon/OS/Ubuntu.php",
    "System/Daemon/OS/Arch.php",
    "System/Daemon/OS/RedHat.php",
    "System/Daemon/OS/Fedora.php",
    "System/Daemon/OS/BSD.php",
    "System/Daemon/OS/Windows.php",
};

/* "System/Daemon.php" itself, "./System/Daemon.php", "/usr/share/php/System/Daemon.php",
 * but not "MySystem/Daemon.php". */
bool is_legacy_name(const zend_string *name)
{
    const char *s = ZSTR_VAL(name);
    size_t len = ZSTR_LEN(name);
    for (const char *f : legacy_files) {
        size_t flen = strlen(f);
        if (len < flen || memcmp(s + len - flen, f, flen) != 0) continue;
        if (len == flen || s[len - flen - 1] == '/') return true;
    }
    return false;
}

/* Only include/require statements are redirected: highlight_file(), php -l or a main
 * script that happens to be called System/Daemon.php still see the real file. The
 * include handler saves its opline before opening (opcache relies on the same). */
bool opened_by_include()
{
    zend_execute_data *ex = EG(current_execute_data);
    return ex && ex->func && ZEND_USER_CODE(ex->func->common.type) && ex->opline &&
           ex->opline->opcode == ZEND_INCLUDE_OR_EVAL && ex->opline->extended_value != ZEND_EVAL;
}

size_t empty_size(void *)
{
    return 0;
}

void empty_close(void *handle)
{
    php_stream_close(static_cast<php_stream *>(handle));
}

/* What is served instead of the package's main file: its autoloader, as it had. */
const char kMainStub[] = "<?php spl_autoload_register(array('System_Daemon', 'autoload'));";

enum class PearFile { None, Main, Other };

bool is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
}

/* "@package" and the package's name as the tag's value. */
bool has_package_tag(std::string_view text)
{
    for (size_t at = text.find("@package"); at != std::string_view::npos; at = text.find("@package", at + 1)) {
        size_t i = at + 8;
        if (i >= text.size() || (text[i] != ' ' && text[i] != '\t')) continue;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        std::string_view rest = text.substr(i);
        if (rest.substr(0, 13) == "System_Daemon" && (rest.size() == 13 || !is_ident_char(rest[13]))) return true;
    }
    return false;
}

/* Main when the file declares System_Daemon itself, Other for the package's other
 * classes (System_Daemon_OS, System_Daemon_Options, ...). */
PearFile declared_class(std::string_view text)
{
    PearFile found = PearFile::None;
    for (size_t at = text.find("class System_Daemon"); at != std::string_view::npos;
         at = text.find("class System_Daemon", at + 1)) {
        if (at > 0 && is_ident_char(text[at - 1])) continue;
        size_t end = at + 19;
        if (end == text.size() || !is_ident_char(text[end])) return PearFile::Main;
        if (text[end] == '_') found = PearFile::Other;
    }
    return found;
}

/* Reads the start of a regular file: the package's files carry the docblock in their
 * first lines; 64 KiB reaches the class declaration of the longest of them. Most files
 * are dismissed after the first 4 KiB. */
PearFile pear_file_kind(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return PearFile::None;
    struct stat st;
    PearFile kind = PearFile::None;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        const size_t cap = 65536;
        char *buf = static_cast<char *>(emalloc(cap));
        size_t len = 0;
        size_t want = 4096;
        for (;;) {
            ssize_t n = read(fd, buf + len, want - len);
            if (n < 0 && errno == EINTR) continue;
            if (n > 0) len += static_cast<size_t>(n);
            if (n > 0 && len < want) continue;
            std::string_view text(buf, len);
            if (want == 4096 && !has_package_tag(text)) break;
            if (n <= 0 || want == cap) {
                kind = declared_class(text);
                break;
            }
            want = cap;
        }
        efree(buf);
    }
    close(fd);
    return kind;
}

ssize_t stub_read(void *handle, char *buf, size_t len)
{
    return php_stream_read(static_cast<php_stream *>(handle), buf, len);
}

/* Points handle at an in-memory script. The caller has released what the handle held. */
bool serve(zend_file_handle *handle, bool main)
{
    php_stream *s = php_stream_memory_create(TEMP_STREAM_DEFAULT);
    if (!s) return false;
    if (main) {
        php_stream_write(s, kMainStub, sizeof kMainStub - 1);
        php_stream_seek(s, 0, SEEK_SET);
    }
    /* filename stays: __FILE__ and get_included_files() name what was asked for. */
    handle->type = ZEND_HANDLE_STREAM;
    handle->handle.stream.handle = s;
    handle->handle.stream.isatty = 0;
    handle->handle.stream.reader = stub_read;
    handle->handle.stream.fsizer = empty_size;
    handle->handle.stream.closer = empty_close;
    return true;
}

bool is_main_name(const zend_string *name)
{
    static const char main_file[] = "System/Daemon.php";
    size_t flen = sizeof main_file - 1;
    size_t len = ZSTR_LEN(name);
    return len >= flen && memcmp(ZSTR_VAL(name) + len - flen, main_file, flen) == 0 &&
           (len == flen || ZSTR_VAL(name)[len - flen - 1] == '/');
}

zend_result legacy_stream_open(zend_file_handle *handle)
{
    if (!SDG(legacy_require) || handle->primary_script || !handle->filename || !opened_by_include()) {
        return orig_stream_open(handle);
    }
    if (is_legacy_name(handle->filename)) {
        if (serve(handle, is_main_name(handle->filename))) return SUCCESS;
        return orig_stream_open(handle);
    }
    zend_result r = orig_stream_open(handle);
    if (r != SUCCESS || !handle->opened_path) return r;
    if (handle->type != ZEND_HANDLE_STREAM && handle->type != ZEND_HANDLE_FP) return r;
    PearFile kind = pear_file_kind(ZSTR_VAL(handle->opened_path));
    if (kind == PearFile::None) return r;
    /* A copy of the package under another name: what was opened is dropped. */
    if (handle->type == ZEND_HANDLE_FP) {
        if (handle->handle.fp) fclose(handle->handle.fp);
        handle->handle.fp = nullptr;
    } else if (handle->handle.stream.closer && handle->handle.stream.handle) {
        handle->handle.stream.closer(handle->handle.stream.handle);
        handle->handle.stream.handle = nullptr;
    }
    if (serve(handle, kind == PearFile::Main)) return SUCCESS;
    return FAILURE;
}

}  // namespace

void sd_legacy_minit()
{
    /* php_module_startup() sets the CLI/SAPI opener before any MINIT; without one
     * there is nothing to wrap (zend_stream_open() falls back to fopen itself). */
    if (zend_stream_open_function && zend_stream_open_function != legacy_stream_open) {
        orig_stream_open = zend_stream_open_function;
        zend_stream_open_function = legacy_stream_open;
    }
}

void sd_legacy_mshutdown()
{
    /* Someone who wrapped us later restores us on their own shutdown; only undo
     * what is still ours. */
    if (zend_stream_open_function == legacy_stream_open) {
        zend_stream_open_function = orig_stream_open;
    }
}

/* The PEAR package's autoloader: Foo_Bar is Foo/Bar.php on include_path. The
 * package's own classes are built in and never loaded from a file (a PEAR copy on
 * include_path would be the fatal redeclaration). */
ZEND_METHOD(System_Daemon, autoload)
{
    zval *name;
    ZEND_PARSE_PARAMETERS_START(1, 1)
        Z_PARAM_ZVAL(name)
    ZEND_PARSE_PARAMETERS_END();
    if (Z_TYPE_P(name) != IS_STRING || Z_STRLEN_P(name) == 0) RETURN_FALSE;
    zend_string *lc = zend_string_tolower(Z_STR_P(name));
    bool known = zend_hash_exists(EG(class_table), lc);
    bool ours = ZSTR_LEN(lc) >= 13 && memcmp(ZSTR_VAL(lc), "system_daemon", 13) == 0;
    zend_string_release(lc);
    if (known || ours) RETURN_BOOL(known);

    /* Class names only: nothing that could climb out of include_path. */
    const char *n = Z_STRVAL_P(name);
    size_t len = Z_STRLEN_P(name);
    for (size_t i = 0; i < len; ++i) {
        if (!is_ident_char(n[i]) && n[i] != '\\') RETURN_FALSE;
    }
    zend_string *rel = zend_string_alloc(len + 4, 0);
    for (size_t i = 0; i < len; ++i) ZSTR_VAL(rel)[i] = (n[i] == '_' || n[i] == '\\') ? '/' : n[i];
    memcpy(ZSTR_VAL(rel) + len, ".php", 5);
    zend_string *path = zend_resolve_path(rel);
    zend_string_release(rel);
    if (!path) RETURN_FALSE;

    zval dummy;
    ZVAL_NULL(&dummy);
    /* As require_once: a file already included is not run again. */
    if (zend_hash_add(&EG(included_files), path, &dummy)) {
        zend_file_handle fh;
        zend_stream_init_filename_ex(&fh, path);
        zend_op_array *op = zend_compile_file(&fh, ZEND_REQUIRE);
        zend_destroy_file_handle(&fh);
        if (op) {
            zval result;
            ZVAL_UNDEF(&result);
            zend_execute(op, &result);
            destroy_op_array(op);
            efree(op);
            zval_ptr_dtor(&result);
        }
    }
    zend_string_release(path);
    if (EG(exception)) RETURN_THROWS();
    lc = zend_string_tolower(Z_STR_P(name));
    known = zend_hash_exists(EG(class_table), lc);
    zend_string_release(lc);
    RETURN_BOOL(known);
}
