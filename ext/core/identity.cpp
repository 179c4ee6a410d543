#include "core/identity.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace sd {

namespace {

std::string errstr(int e) { return std::strerror(e); }

std::string id_str(unsigned long id) { return std::to_string(id); }

size_t initial_buf(int name) {
    long n = sysconf(name);
    return n > 0 ? static_cast<size_t>(n) : 1024;
}

// Fills `pw` for uid; the strings it points to live in `buf`.
bool get_pw(uid_t uid, struct passwd &pw, std::vector<char> &buf) {
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

}  // namespace

std::string user_name(uid_t uid) {
    struct passwd pw;
    std::vector<char> buf;
    return get_pw(uid, pw, buf) && pw.pw_name ? pw.pw_name : "";
}

std::string user_home(uid_t uid) {
    struct passwd pw;
    std::vector<char> buf;
    return get_pw(uid, pw, buf) && pw.pw_dir ? pw.pw_dir : "";
}

std::string group_name(gid_t gid) {
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

bool drop_privileges(uid_t uid, gid_t gid, std::string &err) {
    err.clear();
    if (uid == getuid() && uid == geteuid() && gid == getgid() && gid == getegid()) return true;

    const std::string name = user_name(uid);
    if (!name.empty()) {
        if (initgroups(name.c_str(), gid) != 0) {
            err = "cannot set the supplementary groups of user " + name + " (uid " + id_str(uid) +
                  ", gid " + id_str(gid) + "): " + errstr(errno);
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
        err = "identity change to uid " + id_str(uid) + ", gid " + id_str(gid) +
              " did not take: now uid " + id_str(getuid()) + "/" + id_str(geteuid()) + ", gid " +
              id_str(getgid()) + "/" + id_str(getegid());
        return false;
    }
    // A saved set-user-ID of 0 would let the process (and any code it runs) climb back.
    if (uid != 0 && setuid(0) == 0) {
        err = "uid " + id_str(uid) + " can still become root after the privilege drop";
        return false;
    }
    return true;
}

}  // namespace sd
