#include "core/serviceenv.h"

#include "core/sdnotify.h"

#include <cstdlib>

namespace sd {

void ServiceEnv::take(void (*forget)(const char *name))
{
    if (taken_) return;
    taken_ = true;
    for (auto &v : vars_) {
        const char *e = std::getenv(v.name);
        v.has = e && *e;
        if (v.has) v.value = e;
        if (!e) continue;
        ::unsetenv(v.name);
        if (forget) forget(v.name);
    }
}

void ServiceEnv::restore() const
{
    for (const auto &v : vars_)
        if (v.has) ::setenv(v.name, v.value.c_str(), 1);
}

void ServiceEnv::unrestore() const
{
    for (const auto &v : vars_)
        if (v.has) ::unsetenv(v.name);
}

std::uint64_t ServiceEnv::watchdog_usec(long self_pid) const
{
    return watchdog_usec_from(vars_[1].has ? vars_[1].value.c_str() : nullptr,
                              vars_[2].has ? vars_[2].value.c_str() : nullptr, self_pid);
}

}  // namespace sd
