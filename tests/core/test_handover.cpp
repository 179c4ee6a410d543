// ext/core/handover: a file is handed to another uid only through its descriptor,
// only when it is ours (created, one link); reopen_write_only() takes reading away.
// Needs root (fchown to another uid).
#include "core/handover.h"

#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace {

const uid_t kUid = 65534;
const gid_t kGid = 65534;

std::string tmpdir() {
    char t[] = "/tmp/sd-handover.XXXXXX";
    return mkdtemp(t) ? t : "";
}

uid_t owner(int fd) {
    struct stat st;
    return fstat(fd, &st) == 0 ? st.st_uid : static_cast<uid_t>(-1);
}

void test_created_file_is_handed_over() {
    std::string d = tmpdir(), f = d + "/log";
    int fd = open(f.c_str(), O_CREAT | O_RDWR, 0640);
    std::string err;
    CHECK(sd::hand_over_file(fd, kUid, kGid, true, err) == sd::HandOver::Done);
    CHECK(owner(fd) == kUid);
    CHECK(sd::hand_over_file(fd, kUid, kGid, true, err) == sd::HandOver::NotNeeded);
    close(fd);
    unlink(f.c_str());
    rmdir(d.c_str());
}

void test_foreign_or_linked_file_is_left() {
    std::string d = tmpdir(), f = d + "/log", l = d + "/link";
    int fd = open(f.c_str(), O_CREAT | O_RDWR, 0640);
    std::string err;
    // Not created by us and root's: not handed over; err names the owner.
    CHECK(sd::hand_over_file(fd, kUid, kGid, false, err) == sd::HandOver::NotOurs);
    CHECK(err == "0");
    CHECK(owner(fd) == 0);
    // A second link could be a file the new identity must not own.
    CHECK(link(f.c_str(), l.c_str()) == 0);
    CHECK(sd::hand_over_file(fd, kUid, kGid, true, err) == sd::HandOver::NotOurs);
    CHECK(owner(fd) == 0);
    close(fd);
    // Not a regular file: nothing to do.
    int dn = open("/dev/null", O_WRONLY);
    CHECK(sd::hand_over_file(dn, kUid, kGid, true, err) == sd::HandOver::NotNeeded);
    CHECK(sd::hand_over_file(-1, kUid, kGid, true, err) == sd::HandOver::NotNeeded);
    close(dn);
    unlink(l.c_str());
    unlink(f.c_str());
    rmdir(d.c_str());
}

void test_reopen_write_only() {
    std::string d = tmpdir(), f = d + "/log";
    int fd = open(f.c_str(), O_CREAT | O_RDWR, 0640);
    CHECK(write(fd, "a", 1) == 1);
    std::string err;
    CHECK(sd::reopen_write_only(fd, err));
    char c;
    CHECK(pread(fd, &c, 1, 0) < 0);
    CHECK(write(fd, "b", 1) == 1);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
    CHECK(!sd::reopen_write_only(-1, err) && !err.empty());
    close(fd);
    unlink(f.c_str());
    rmdir(d.c_str());
}

}  // namespace

int main() {
    static const NamedTest tests[] = {
        {"created_file_is_handed_over", test_created_file_is_handed_over},
        {"foreign_or_linked_file_is_left", test_foreign_or_linked_file_is_left},
        {"reopen_write_only", test_reopen_write_only},
    };
    return run_tests("test_handover", tests);
}
