/* The PHP stack as log text: snprintf into a fixed buffer, as a fatal error may be
 * raised by the allocator itself (out of memory) and may not be followed by a second. */
#include "php/backtrace.h"

#include <cstdarg>
#include <cstdio>

namespace {

constexpr int kMaxFrames = 50;

/* Appends to a bounded buffer; once it is full the rest is dropped and the text ends
 * in "..." (room for it is kept back from the start). */
struct Out {
    char *buf;
    std::size_t cap;
    std::size_t len = 0;
    bool full = false;

    void printf(const char *fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        if (full) return;
        const std::size_t reserve = 8;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(buf + len, cap - reserve - len, fmt, ap);
        va_end(ap);
        if (n < 0 || static_cast<std::size_t>(n) >= cap - reserve - len) {
            buf[len] = '\0';
            more();
            return;
        }
        len += static_cast<std::size_t>(n);
    }
    void more()
    {
        if (full) return;
        full = true;
        int n = snprintf(buf + len, cap - len, "\n  ...");
        if (n > 0) len += static_cast<std::size_t>(n);
    }
};

void frame_name(Out &out, int n, const char *scope, const char *function)
{
    if (!function) {
        out.printf("\n  #%d {main}", n);
    } else if (scope) {
        out.printf("\n  #%d %s::%s()", n, scope, function);
    } else {
        out.printf("\n  #%d %s()", n, function);
    }
}

}  // namespace

std::size_t sd_stack_text(zend_execute_data *top, char *buf, std::size_t cap)
{
    if (cap < 16) return 0;
    buf[0] = '\0';
    Out out{buf, cap};
    int n = 0;
    /* The running frame's opline is saved only where a handler thought it needed it
     * (an allocation that fails out of memory may come before): for it, the line the
     * engine gives its own errors, which knows that. */
    bool innermost = top == EG(current_execute_data);
    for (zend_execute_data *ex = top; ex; ex = ex->prev_execute_data) {
        zend_function *f = ex->func;
        if (!f) continue;
        if (n >= kMaxFrames) {
            out.more();
            break;
        }
        frame_name(out, n++, f->common.function_name && f->common.scope ? ZSTR_VAL(f->common.scope->name) : nullptr,
                   f->common.function_name ? ZSTR_VAL(f->common.function_name) : nullptr);
        if (ZEND_USER_CODE(f->common.type) && f->op_array.filename && (ex->opline || innermost)) {
            out.printf(" at %s:%u", ZSTR_VAL(f->op_array.filename),
                       innermost ? zend_get_executed_lineno() : ex->opline->lineno);
            innermost = false;
        } else {
            out.printf(" [internal function]");
        }
    }
    return out.len;
}

std::size_t sd_fatal_stack_text(char *buf, std::size_t cap)
{
    if (cap < 16) return 0;
    buf[0] = '\0';
    /* 8.5's record has the other form (each frame at the line it was called from) and
     * none for a compile error: the frames running now, in one form on every version,
     * and only where the engine's own INI setting wants fatal errors traced. */
    if (!sd_compat_fatal_backtraces_on()) return 0;
    return sd_stack_text(EG(current_execute_data), buf, cap);
}
