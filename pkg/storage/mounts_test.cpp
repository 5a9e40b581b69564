#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "storage/mounts.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

std::vector<storage::Mount> fixture(const std::string& name) {
  return storage::parse_proc_mounts(test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/" + name + ".txt"));
}

std::string mounts_error(const std::string& text) {
  try {
    storage::parse_proc_mounts(text);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::failed);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("/proc/mounts of this machine: every line, the root and stacked mounts", "[storage][mounts]") {
  auto m = fixture("proc-mounts-debian12");
  REQUIRE(m.size() == 20);
  CHECK(m[0].device == "proc");
  CHECK(m[0].mount_point == "/proc");
  CHECK(m[0].fstype == "proc");
  CHECK(m[0].options == "rw,relatime");
  auto root = storage::mounted_at(m, "/");
  REQUIRE(root);
  CHECK(root->device == "/dev/vda");
  CHECK(root->fstype == "ext4");
  // /dev/shm is mounted twice: the later one is what is seen there.
  CHECK(storage::mounted_at(m, "/dev/shm/")->options == "rw,relatime,size=24684084k");
  CHECK_FALSE(storage::mounted_at(m, "/shared"));
  CHECK_FALSE(storage::mounted_at(m, "/dev/sh"));
  CHECK(storage::mounts_of(m, "/dev/vda").size() == 2);
}

TEST_CASE("/proc/mounts escapes: space, tab and backslash decoded", "[storage][mounts]") {
  auto m = fixture("proc-mounts-escapes");
  auto spaced = storage::mounted_at(m, "/tmp/anvil-storage-cap/with space");
  REQUIRE(spaced);
  CHECK(spaced->device == "my tmpfs");
  CHECK(spaced->fstype == "tmpfs");
  auto odd = storage::mounted_at(m, "/tmp/anvil-storage-cap/tab\tand\\back");
  REQUIRE(odd);
  CHECK(odd->device == "odd");
  CHECK(storage::encode_mount_field("/tmp/a b\tc\\d\ne") == "/tmp/a\\040b\\011c\\134d\\012e");
  CHECK(storage::decode_mount_field(storage::encode_mount_field("/x y\\z")) == "/x y\\z");
  // Not an escape: left as it is.
  CHECK(storage::decode_mount_field("a\\9b\\04") == "a\\9b\\04");
  CHECK(storage::without_trailing_slash("/shared//") == "/shared");
  CHECK(storage::without_trailing_slash("//") == "/");
}

TEST_CASE("/proc/mounts of an EL6 node with GFS2 at /shared", "[storage][mounts]") {
  auto m = fixture("proc-mounts-el6-gfs2");
  auto shared = storage::mounted_at(m, "/shared");
  REQUIRE(shared);
  CHECK(shared->fstype == "gfs2");
  CHECK(shared->device == "/dev/mapper/an--a05n01_vg0-shared");
  CHECK(shared->options == "rw,seclabel,noatime,nodiratime,hostdata=jid=0");
}

TEST_CASE("/proc/mounts: other text is refused by line", "[storage][mounts]") {
  CHECK(storage::parse_proc_mounts("").empty());
  // mount(8)'s own output.
  CHECK(mounts_error("proc on /proc type proc (rw,relatime)\n") == "line 1 of /proc/mounts: the mount point 'on' is not an absolute path");
  CHECK(mounts_error("proc /proc proc rw 0 0\n/dev/sda1 /boot ext4\n") ==
        "line 2 of /proc/mounts: expected 6 fields (device, mount point, type, options, 0, 0), got 3: '/dev/sda1 /boot ext4'");
  CHECK(mounts_error("proc /proc proc rw 0 x\n") == "line 1 of /proc/mounts: expected a number in field 6, got 'x'");
}
