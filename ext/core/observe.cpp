#include "core/observe.h"

#include "core/fd.h"
#include "core/logjson.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sd {

namespace {

// A label value: backslash, double quote and line feed escaped (the format's rule).
std::string prom_label(const std::string &v)
{
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out.append("\\n");
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void prom_metric(std::string &out, const char *name, const char *type, const char *help, const std::string &labels,
                 const std::string &value)
{
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    out.append(name).append(labels).append(" ").append(value).append("\n");
}

std::string num(double d)
{
    std::string s;
    json_append_double(s, d);
    return s;
}

std::string num(std::uint64_t v)
{
    return std::to_string(v);
}

}  // namespace

std::string render_status_json(const std::string &app, const StatsSnapshot &f, long workers)
{
    std::string out = "{\"app\":";
    json_append_string(out, app);
    out.append(",\"pid\":");
    json_append_int(out, f.pid);
    out.append(",\"uptime\":").append(num(f.uptime_sec));
    out.append(",\"iterations\":").append(num(f.iterations));
    out.append(",\"rss\":").append(num(f.rss));
    out.append(",\"rssPeak\":").append(num(f.rss_peak));
    out.append(",\"sinceIteration\":").append(num(f.since_iteration_sec));
    out.append(",\"slowestIteration\":").append(num(f.slowest_iteration_sec));
    out.append(",\"recycles\":").append(num(f.recycles));
    out.append(",\"lastRecycle\":");
    if (f.last_recycle.empty()) {
        out.append("null");
    } else {
        json_append_string(out, f.last_recycle);
    }
    if (workers >= 0) {
        out.append(",\"workers\":");
        json_append_int(out, workers);
    }
    out.append("}\n");
    return out;
}

std::string render_status_prom(const std::string &app, const StatsSnapshot &f, long workers)
{
    std::string l = "{app=\"" + prom_label(app) + "\"}";
    std::string out;
    prom_metric(out, "system_daemon_pid", "gauge", "Process id of the daemon.", l, std::to_string(f.pid));
    prom_metric(out, "system_daemon_uptime_seconds", "gauge", "Seconds since the daemon started.", l,
                num(f.uptime_sec));
    prom_metric(out, "system_daemon_iterations_total", "counter", "iterate() calls.", l, num(f.iterations));
    prom_metric(out, "system_daemon_resident_memory_bytes", "gauge", "Resident set size.", l, num(f.rss));
    prom_metric(out, "system_daemon_resident_memory_peak_bytes", "gauge", "Peak resident set size.", l,
                num(f.rss_peak));
    prom_metric(out, "system_daemon_since_iteration_seconds", "gauge", "Seconds since iterate() last returned.", l,
                num(f.since_iteration_sec));
    prom_metric(out, "system_daemon_slowest_iteration_seconds", "gauge", "Longest recent iteration.", l,
                num(f.slowest_iteration_sec));
    prom_metric(out, "system_daemon_recycles_total", "counter", "Recycles (a limit reached).", l, num(f.recycles));
    if (workers >= 0) {
        prom_metric(out, "system_daemon_workers", "gauge", "Workers running.", l, std::to_string(workers));
    }
    return out;
}

std::string status_summary(const StatsSnapshot &f, long workers)
{
    char buf[192];
    std::snprintf(buf, sizeof buf, "up %.0f s, %llu iterations, %.1f MiB resident, last iteration %.1f s ago",
                  f.uptime_sec, static_cast<unsigned long long>(f.iterations), static_cast<double>(f.rss) / 1048576.0,
                  f.since_iteration_sec);
    std::string s = buf;
    if (workers >= 0) s += ", " + std::to_string(workers) + " workers";
    return s;
}

bool status_is_prom(const std::string &path)
{
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".prom") == 0;
}

std::string touch_heartbeat(const std::string &path)
{
    // The common case, one system call: the file is there. AT_SYMLINK_NOFOLLOW touches
    // a planted link itself, never what it points to.
    if (utimensat(AT_FDCWD, path.c_str(), nullptr, AT_SYMLINK_NOFOLLOW) == 0) {
        struct stat st;
        if (lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) return path + " is not a regular file";
        return std::string();
    }
    if (errno != ENOENT) return "cannot touch " + path + ": " + std::strerror(errno);
    // O_NONBLOCK: a FIFO planted between the two calls must not hang the loop.
    UniqueFd fd(open(path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644));
    if (!fd) return "cannot create " + path + ": " + std::strerror(errno);
    struct stat st;
    if (fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return path + " is not a regular file";
    if (futimens(fd.get(), nullptr) != 0) return "cannot touch " + path + ": " + std::strerror(errno);
    return std::string();
}

}  // namespace sd
