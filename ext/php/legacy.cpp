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
 * system_daemon.legacy_require=0 turns this off (the original behaviour comes back). */
#include "php/sd_php.h"

#include "main/php_streams.h"
#include "zend_compile.h"

#include <cstring>

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

ssize_t empty_read(void *handle, char *buf, size_t len)
{
    return php_stream_read(static_cast<php_stream *>(handle), buf, len);
}

size_t empty_size(void *)
{
    return 0;
}

void empty_close(void *handle)
{
    php_stream_close(static_cast<php_stream *>(handle));
}

zend_result legacy_stream_open(zend_file_handle *handle)
{
    if (SDG(legacy_require) && !handle->primary_script && handle->filename && is_legacy_name(handle->filename) &&
        opened_by_include()) {
        php_stream *s = php_stream_memory_create(TEMP_STREAM_READONLY);
        if (s) {
            /* filename stays: __FILE__ and get_included_files() name what was asked for. */
            handle->type = ZEND_HANDLE_STREAM;
            handle->handle.stream.handle = s;
            handle->handle.stream.isatty = 0;
            handle->handle.stream.reader = empty_read;
            handle->handle.stream.fsizer = empty_size;
            handle->handle.stream.closer = empty_close;
            return SUCCESS;
        }
    }
    return orig_stream_open(handle);
}

} // namespace

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
