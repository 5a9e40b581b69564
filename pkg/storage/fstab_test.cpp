#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "storage/fstab.hpp"

using namespace anvil;

namespace {

storage::Gfs2 shared() {
  storage::Gfs2 g;
  g.vg = "an-a05n01_vg0";
  return g;
}

// EL6's anaconda writes fstab like this (spacing, the header comment).
const std::string el6_fstab =
    "\n"
    "#\n"
    "# /etc/fstab\n"
    "# Created by anaconda on Thu Mar 13 14:04:46 2014\n"
    "#\n"
    "UUID=0a0e2a3e-4e3d-4b4f-9e5c-2b2b5f1c3a10 /                       ext4    defaults        1 1\n"
    "UUID=7d2f4c8b-1111-4a6e-8a55-6a1c0c5d9e21 /boot                   ext4    defaults        1 2\n"
    "UUID=3c9b7e54-2222-4f0b-b2f4-9c3e1d2a7b88 swap                    swap    defaults        0 0\n"
    "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
    "devpts                  /dev/pts                devpts  gid=5,mode=620  0 0\n"
    "sysfs                   /sys                    sysfs   defaults        0 0\n"
    "proc                    /proc                   proc    defaults        0 0\n";

}  // namespace

TEST_CASE("the GFS2 fstab line: by UUID once known, by LV path before", "[storage][fstab]") {
  auto g = shared();
  CHECK(storage::fstab_line(g) == "/dev/an-a05n01_vg0/shared /shared gfs2 defaults,noatime,nodiratime 0 0");
  CHECK(storage::fstab_line(g, "a1b2c3d4-0000-1111-2222-333344445555\n") ==
        "UUID=a1b2c3d4-0000-1111-2222-333344445555 /shared gfs2 defaults,noatime,nodiratime 0 0");
  g.mount_point = "/srv/shared files";
  CHECK(storage::fstab_line(g, "ABCD-1") == "UUID=ABCD-1 /srv/shared\\040files gfs2 defaults,noatime,nodiratime 0 0");
  CHECK_THROWS_WITH(storage::fstab_line(g, "abc; rm -rf /"), "the filesystem UUID 'abc; rm -rf /' is not hex digits and dashes");
  CHECK(storage::gfs2_uuid_command(shared()) == "blkid -o value -s UUID /dev/an-a05n01_vg0/shared");
}

TEST_CASE("fstab: the GFS2 line appended to EL6's fstab, every other line kept", "[storage][fstab]") {
  auto line = storage::fstab_line(shared(), "a1b2c3d4-0000-1111-2222-333344445555");
  auto after = storage::set_fstab_entry(el6_fstab, line);
  CHECK(after == el6_fstab + line + "\n");
  CHECK(storage::set_fstab_entry(after, line) == after);
  CHECK(storage::fstab_entry(after, "/shared/") == line);
  CHECK(storage::fstab_entry(after, "/boot") ==
        "UUID=7d2f4c8b-1111-4a6e-8a55-6a1c0c5d9e21 /boot                   ext4    defaults        1 2");
  CHECK_FALSE(storage::fstab_entry(el6_fstab, "/shared"));
  // Without a last newline, and empty.
  CHECK(storage::set_fstab_entry("proc /proc proc defaults 0 0", line) == "proc /proc proc defaults 0 0\n" + line + "\n");
  CHECK(storage::set_fstab_entry("", line) == line + "\n");
}

TEST_CASE("fstab: an entry for the mount point replaced in place, later ones dropped, comments ignored", "[storage][fstab]") {
  auto by_path = storage::fstab_line(shared());
  auto by_uuid = storage::fstab_line(shared(), "a1b2c3d4-0000-1111-2222-333344445555");
  const std::string before =
      "# /dev/old/shared /shared gfs2 defaults 0 0\n"
      "/dev/sda1 /boot ext4 defaults 1 2\n"
      "/dev/an-a05n01_vg0/shared\t/shared/  gfs2 defaults 0 0\r\n"
      "proc /proc proc defaults 0 0\n"
      "/dev/sdb1 /shared ext4 defaults 0 0\n"
      "  # indented comment /shared\n";
  CHECK(storage::fstab_entry(before, "/shared") == "/dev/an-a05n01_vg0/shared\t/shared/  gfs2 defaults 0 0\r");
  CHECK(storage::set_fstab_entry(before, by_uuid) ==
        "# /dev/old/shared /shared gfs2 defaults 0 0\n"
        "/dev/sda1 /boot ext4 defaults 1 2\n" +
            by_uuid +
            "\n"
            "proc /proc proc defaults 0 0\n"
            "  # indented comment /shared\n");
  // The mount point escaped in the file is the same mount point.
  auto spaced = shared();
  spaced.mount_point = "/a b";
  CHECK(storage::set_fstab_entry("x /a\\040b ext4 defaults 0 0\n", storage::fstab_line(spaced)) ==
        "/dev/an-a05n01_vg0/shared /a\\040b gfs2 defaults,noatime,nodiratime 0 0\n");
  CHECK_THROWS_AS(storage::set_fstab_entry(before, "# nothing"), Error);
  CHECK_THROWS_AS(storage::set_fstab_entry(before, by_path + "\nproc /proc proc defaults 0 0"), Error);
}
