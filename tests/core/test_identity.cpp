// ext/core/identity: user and group lookups, and a privilege drop that leaves no uid,
// gid, supplementary group or capability of root behind. Runs as root.
#include "core/identity.h"

#include "process.h"

#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string>
#include <vector>

namespace {

void test_identity_lookups() {
    CHECK_EQ(sd::user_name(0), "root");
    CHECK_EQ(sd::user_home(0), "/root");
    CHECK_EQ(sd::group_name(0), "root");
    CHECK_EQ(sd::user_name(65534), "nobody");
    CHECK_EQ(sd::group_name(65534), "nogroup");
    if (!getpwuid(54321)) CHECK_EQ(sd::user_name(54321), "");
    if (!getgrgid(54321)) CHECK_EQ(sd::group_name(54321), "");
    gid_t g = 12345;
    CHECK(sd::primary_gid(65534, g));
    CHECK_EQ(g, static_cast<gid_t>(65534));
    CHECK(sd::primary_gid(0, g));
    CHECK_EQ(g, static_cast<gid_t>(0));
    if (!getpwuid(54321)) CHECK(!sd::primary_gid(54321, g));
    CHECK_EQ(sd::user_shell(0), std::string(getpwuid(0)->pw_shell));
}

void test_session_vars() {
    char a[] = "SSH_AUTH_SOCK=/tmp/a", b[] = "PATH=/bin", c[] = "XDG_SESSION_ID=4", d[] = "MAIL=/var/mail/root",
         e[] = "SUDO_USER=x", f[] = "XDG_SESSIONX", g[] = "SSH_AUTH_SOCKET=keep", h[] = "HOME=/root";
    char *env[] = {a, b, c, d, e, f, g, h, nullptr};
    std::vector<std::string> v = sd::session_vars_in(env);
    CHECK((v == std::vector<std::string>{"SSH_AUTH_SOCK", "XDG_SESSION_ID", "MAIL", "SUDO_USER"}));
    CHECK(sd::session_vars_in(nullptr).empty());
}

void test_identity_drop() {
    // As a launcher started by root with supplementary groups.
    pid_t c = test_fork();
    if (c == 0) {
        gid_t groups[] = {0, 4, 27, 100};
        CHECK(setgroups(4, groups) == 0);
        std::string err;
        CHECK(sd::drop_privileges(65534, 65534, err));
        CHECK_EQ(err, "");
        CHECK_EQ(status_field("Uid"), "65534\t65534\t65534\t65534");
        CHECK_EQ(status_field("Gid"), "65534\t65534\t65534\t65534");
        CHECK_EQ(status_field("Groups"), "65534");
        // Nothing left to regain root with, not even through an exec.
        for (const char *set : {"CapInh", "CapPrm", "CapEff", "CapAmb", "CapBnd"})
            CHECK_EQ(status_field(set), "0000000000000000");
        errno = 0;
        CHECK(setuid(0) == -1 && errno == EPERM);
        CHECK(setgid(0) == -1);
        // Unprivileged now: going back must fail with a clear message.
        CHECK(!sd::drop_privileges(0, 0, err));
        CHECK(contains(err, "Operation not permitted"));
        CHECK(contains(err, "root") || contains(err, "gid 0"));
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // A non-root launcher that was given CAP_SETUID as an ambient capability (as
    // setpriv --ambient-caps does): setuid() between non-zero uids keeps it, so the
    // drop must empty the sets itself, and its check must not become root.
    c = test_fork();
    if (c == 0) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        std::memset(data, 0, sizeof data);
        const unsigned caps = (1u << CAP_SETUID) | (1u << CAP_SETGID);
        data[0].permitted = data[0].effective = data[0].inheritable = caps;
        CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        CHECK(setresgid(12345, 12345, 12345) == 0 && setgroups(0, nullptr) == 0);
        CHECK(setresuid(12345, 12345, 12345) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);  // effective again after the uid change
        CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SETUID, 0, 0) == 0);
        CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == 0);
        CHECK(status_field("CapAmb") != "0000000000000000");
        std::string err;
        bool still = true;
        CHECK(sd::drop_privileges(65534, 65534, err, still));
        CHECK_EQ(err, "");
        CHECK(!still);
        CHECK_EQ(status_field("Uid"), "65534\t65534\t65534\t65534");
        for (const char *set : {"CapInh", "CapPrm", "CapEff", "CapAmb"})
            CHECK_EQ(status_field(set), "0000000000000000");
        errno = 0;
        CHECK(setuid(0) == -1 && errno == EPERM);
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // When the sets cannot be emptied (here capset() and the ambient clear are made to
    // fail), the drop must say so and flag it, and must not have become root checking.
    c = test_fork();
    if (c == 0) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        std::memset(data, 0, sizeof data);
        const unsigned caps = (1u << CAP_SETUID) | (1u << CAP_SETGID);
        data[0].permitted = data[0].effective = data[0].inheritable = caps;
        CHECK(prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        CHECK(setresgid(12345, 12345, 12345) == 0 && setgroups(0, nullptr) == 0);
        CHECK(setresuid(12345, 12345, 12345) == 0);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        CHECK(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SETUID, 0, 0) == 0);
        CHECK(prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == 0);
        struct sock_filter filter[] = {
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_capset, 3, 0),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 3),
            BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
            BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PR_CAP_AMBIENT, 0, 1),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
            BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog prog = {static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
        CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
        CHECK(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0);
        std::string err;
        bool still = false;
        CHECK(!sd::drop_privileges(65534, 65534, err, still));
        CHECK(still);
        CHECK(contains(err, "still holds capabilities"));
        CHECK_EQ(status_field("Uid"), "65534\t65534\t65534\t65534");  // not root
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // Root without CAP_SETUID (as under setpriv --bounding-set=-setuid): the groups
    // and setgid() go through, setuid() is refused, and the drop says so itself rather
    // than leaving it to the identity check after it.
    c = test_fork();
    if (c == 0) {
        struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct data[2];
        CHECK(syscall(SYS_capget, &hdr, data) == 0);
        data[0].effective &= ~(1u << CAP_SETUID);
        data[0].permitted &= ~(1u << CAP_SETUID);
        CHECK(syscall(SYS_capset, &hdr, data) == 0);
        std::string err;
        bool still = true;
        CHECK(!sd::drop_privileges(65534, 65534, err, still));
        CHECK_EQ(err, "cannot change uid to 65534: Operation not permitted");
        CHECK(!still);
        CHECK_EQ(status_field("Uid"), "0\t0\t0\t0");
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // A uid without a passwd entry gets exactly its gid as the group list.
    c = test_fork();
    if (c == 0) {
        gid_t groups[] = {0, 4};
        CHECK(setgroups(2, groups) == 0);
        std::string err;
        CHECK(sd::drop_privileges(54321, 54322, err));
        CHECK_EQ(status_field("Uid"), "54321\t54321\t54321\t54321");
        CHECK_EQ(status_field("Gid"), "54322\t54322\t54322\t54322");
        CHECK_EQ(status_field("Groups"), "54322");
        CHECK(setuid(0) == -1);
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));

    // Already the target: nothing changes, groups included.
    c = test_fork();
    if (c == 0) {
        gid_t groups[] = {4};
        CHECK(setgroups(1, groups) == 0);
        std::string err;
        CHECK(sd::drop_privileges(0, 0, err));
        CHECK_EQ(status_field("Uid"), "0\t0\t0\t0");
        CHECK_EQ(status_field("Groups"), "4");
        child_done();
    }
    CHECK(exited_ok(wait_child(c)));
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"identity_lookups", test_identity_lookups},
        {"identity_drop", test_identity_drop},
        {"session_vars", test_session_vars},
    };
    return run_process_tests("test_identity", tests);
}
