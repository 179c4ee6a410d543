#include "core/identity.h"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>

#include <cerrno>
#include <cstring>
#include <vector>

namespace sd {

namespace {

std::string errstr(int e)
{
    return std::strerror(e);
}

std::string id_str(unsigned long id)
{
    return std::to_string(id);
}

size_t initial_buf(int name)
{
    long n = sysconf(name);
    return n > 0 ? static_cast<size_t>(n) : 1024;
}

// Fills `pw` for uid; the strings it points to live in `buf`.
bool get_pw(uid_t uid, struct passwd &pw, std::vector<char> &buf)
{
    buf.resize(initial_buf(_SC_GETPW_R_SIZE_MAX));
    for (;;) {
        struct passwd *res = nullptr;
        int rc = getpwuid_r(uid, &pw, buf.data(), buf.size(), &res);
        if (rc == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        return rc == 0 && res != nullptr;
    }
}

// The capability sets of this process as /proc/self/status shows them: reading
// them never changes anything, unlike a trial setuid(0), which succeeds exactly when
// the check should fail and leaves the process root.
std::string cap_sets_held()
{
    std::ifstream in("/proc/self/status");
    std::string line, held;
    while (std::getline(in, line)) {
        for (const char *k : {"CapInh:", "CapPrm:", "CapEff:", "CapAmb:"}) {
            if (line.compare(0, std::strlen(k), k) != 0) continue;
            std::string v = line.substr(std::strlen(k));
            if (v.find_first_not_of(" \t0") != std::string::npos) held += (held.empty() ? "" : ", ") + line;
        }
    }
    if (!in.eof() && held.empty()) held = "cannot read /proc/self/status";
    return held;
}

// Empties the permitted, effective and inheritable sets: always allowed, as it only
// gives up privilege. The raw syscall keeps libcap out of the build.
bool clear_cap_sets()
{
    struct __user_cap_header_struct hdr;
    struct __user_cap_data_struct data[2];
    std::memset(&hdr, 0, sizeof hdr);
    std::memset(data, 0, sizeof data);
    hdr.version = _LINUX_CAPABILITY_VERSION_3;
    hdr.pid = 0;
    return syscall(SYS_capset, &hdr, data) == 0;
}

}  // namespace

bool lingering_privileges(std::string &what)
{
    what = cap_sets_held();
    return !what.empty();
}

std::string user_name(uid_t uid)
{
    struct passwd pw;
    std::vector<char> buf;
    return get_pw(uid, pw, buf) && pw.pw_name ? pw.pw_name : "";
}

std::string user_home(uid_t uid)
{
    struct passwd pw;
    std::vector<char> buf;
    return get_pw(uid, pw, buf) && pw.pw_dir ? pw.pw_dir : "";
}

std::string user_shell(uid_t uid)
{
    struct passwd pw;
    std::vector<char> buf;
    return get_pw(uid, pw, buf) && pw.pw_shell ? pw.pw_shell : "";
}

std::vector<std::string> session_vars_in(char *const *env)
{
    static const char *const exact[] = {
        "SSH_AUTH_SOCK",
        "SSH_AGENT_PID",
        "SSH_CLIENT",
        "SSH_CONNECTION",
        "SSH_TTY",
        "SSH_ASKPASS",
        "SUDO_USER",
        "SUDO_UID",
        "SUDO_GID",
        "SUDO_COMMAND",
        "SUDO_HOME",
        "XDG_RUNTIME_DIR",
        "XDG_SEAT",
        "XDG_VTNR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "DBUS_SESSION_BUS_ADDRESS",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "XAUTHORITY",
        "GPG_AGENT_INFO",
        "KRB5CCNAME",
        "MAIL",
    };
    std::vector<std::string> out;
    for (char *const *e = env; e && *e; ++e) {
        const char *eq = std::strchr(*e, '=');
        if (!eq) continue;
        std::string name(*e, static_cast<size_t>(eq - *e));
        bool hit = name.compare(0, 12, "XDG_SESSION_") == 0;
        for (const char *x : exact) hit = hit || name == x;
        if (hit) out.push_back(name);
    }
    return out;
}

bool primary_gid(uid_t uid, gid_t &gid)
{
    struct passwd pw;
    std::vector<char> buf;
    if (!get_pw(uid, pw, buf)) return false;
    gid = pw.pw_gid;
    return true;
}

std::string group_name(gid_t gid)
{
    std::vector<char> buf(initial_buf(_SC_GETGR_R_SIZE_MAX));
    for (;;) {
        struct group gr;
        struct group *res = nullptr;
        int rc = getgrgid_r(gid, &gr, buf.data(), buf.size(), &res);
        if (rc == ERANGE && buf.size() < (1u << 20)) {
            buf.resize(buf.size() * 2);
            continue;
        }
        return rc == 0 && res != nullptr && gr.gr_name ? gr.gr_name : "";
    }
}

bool drop_privileges(uid_t uid, gid_t gid, std::string &err, bool &still_privileged)
{
    err.clear();
    still_privileged = false;
    if (uid == getuid() && uid == geteuid() && gid == getgid() && gid == getegid()) return true;

    if (uid != 0) {
        // Capabilities must not survive the uid change (PR_SET_KEEPCAPS would keep the
        // permitted set), and none may come back through an exec: the bounding set is
        // emptied while CAP_SETPCAP is still ours (EPERM without it: not ours to do).
        prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
        for (int cap = 0; cap <= 63; ++cap) {
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;  // past the last known
        }
    }

    const std::string name = user_name(uid);
    if (!name.empty()) {
        if (initgroups(name.c_str(), gid) != 0) {
            err = "cannot set the supplementary groups of user " + name + " (uid " + id_str(uid) + ", gid " +
                  id_str(gid) + "): " + errstr(errno);
            return false;
        }
    } else if (setgroups(1, &gid) != 0) {
        err = "cannot set the supplementary groups to gid " + id_str(gid) + ": " + errstr(errno);
        return false;
    }
    if (setgid(gid) != 0) {
        err = "cannot change gid to " + id_str(gid) + ": " + errstr(errno);
        return false;
    }
    if (setuid(uid) != 0) {
        err = "cannot change uid to " + id_str(uid) + ": " + errstr(errno);
        return false;
    }
    if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid) {
        err = "identity change to uid " + id_str(uid) + ", gid " + id_str(gid) + " did not take: now uid " +
              id_str(getuid()) + "/" + id_str(geteuid()) + ", gid " + id_str(getgid()) + "/" + id_str(getegid());
        still_privileged = true;
        return false;
    }
    if (uid == 0) return true;
        // setuid() clears the capabilities only when the process had uid 0 before; a
        // launcher given CAP_SETUID as ambient capability keeps it (and could climb back
        // to root), so every set is emptied by hand.
#ifdef PR_CAP_AMBIENT
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
#endif
    clear_cap_sets();
    std::string held;
    if (lingering_privileges(held)) {
        err = "uid " + id_str(uid) + " still holds capabilities after the privilege drop (" + held + ")";
        still_privileged = true;
        return false;
    }
    return true;
}

bool drop_privileges(uid_t uid, gid_t gid, std::string &err)
{
    bool still_privileged;
    return drop_privileges(uid, gid, err, still_privileged);
}

}  // namespace sd
