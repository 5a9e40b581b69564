#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "storage/init_plan.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

using V = std::vector<std::string>;

storage::StorageLayout layout() {
  storage::StorageLayout l;
  l.cluster = "an-anvil-05";
  l.vgs = {{"/dev/drbd0", "an-a05n01_vg0"}, {"/dev/drbd1", "an-a05n02_vg0"}};
  storage::Gfs2 g;
  g.vg = "an-a05n01_vg0";
  l.gfs2 = g;
  return l;
}

std::string fixture(const std::string& name) {
  return test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/" + name + ".txt");
}

// A node before `storage init`: clvmd up, no PVs on DRBD, nothing at /shared.
storage::NodeStorage fresh(const std::string& node) {
  storage::NodeStorage n;
  n.node = node;
  n.mounts = storage::parse_proc_mounts(fixture("proc-mounts-debian12"));
  n.clvmd_running = true;
  return n;
}

// A node after it, as an EL6 node reports it.
storage::NodeStorage done(const std::string& node) {
  auto n = fresh(node);
  n.vgs = storage::parse_vgs(fixture("vgs-el6-clustered"));
  n.lvs = storage::parse_lvs(fixture("lvs-el6-active"));
  n.pvs = storage::parse_pvs(fixture("pvs-el6-drbd"));
  n.mounts = storage::parse_proc_mounts(fixture("proc-mounts-el6-gfs2"));
  return n;
}

std::string layout_error(const storage::StorageLayout& l) {
  try {
    storage::validate_layout(l);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("storage init: the command sequence, in order, per node", "[storage][init]") {
  auto steps = storage::init_steps(layout());
  V seen;
  for (auto& s : steps)
    seen.push_back(std::string(storage::where_name(s.where)) + (s.kind == storage::StepKind::fstab ? " fstab: " : ": ") + s.command);
  CHECK(seen == V{
                    "first: pvcreate /dev/drbd0",
                    "first: pvcreate /dev/drbd1",
                    "first: vgcreate -c y an-a05n01_vg0 /dev/drbd0",
                    "first: vgcreate -c y an-a05n02_vg0 /dev/drbd1",
                    "first: lvcreate -L 40G -n shared an-a05n01_vg0",
                    "first: mkfs.gfs2 -O -p lock_dlm -j 2 -t an-anvil-05:shared /dev/an-a05n01_vg0/shared",
                    "both fstab: blkid -o value -s UUID /dev/an-a05n01_vg0/shared",
                    "both: mkdir -p /shared",
                    "both: mount /shared",
                });
  for (auto& s : steps) {
    INFO(s.command);
    CHECK_FALSE(s.why.empty());
    CHECK(s.why.find('\n') == std::string::npos);
  }
  // Without GFS2: the VGs only. A percentage size takes -l; odd values are quoted.
  auto l = layout();
  l.gfs2.reset();
  CHECK(storage::init_steps(l).size() == 4);
  l = layout();
  l.gfs2->size = "100%FREE";
  l.gfs2->mount_point = "/srv/shared files";
  l.gfs2->journals = 3;
  steps = storage::init_steps(l);
  CHECK(steps[4].command == "lvcreate -l 100%FREE -n shared an-a05n01_vg0");
  CHECK(steps[5].command == "mkfs.gfs2 -O -p lock_dlm -j 3 -t an-anvil-05:shared /dev/an-a05n01_vg0/shared");
  CHECK(steps[7].command == "mkdir -p '/srv/shared files'");
  CHECK(steps[8].command == "mount '/srv/shared files'");
}

TEST_CASE("storage layout: names, sizes, the lock table and paths are validated", "[storage][init]") {
  CHECK(layout_error(layout()) == "no error");
  auto with = [](auto change) {
    auto l = layout();
    change(l);
    return layout_error(l);
  };
  CHECK(with([](auto& l) { l.cluster = "an-anvil-05-and-more"; }) ==
        "the cluster name 'an-anvil-05-and-more' must be 1 to 16 letters, digits, '-' or '_' (GFS2's lock table)");
  CHECK(with([](auto& l) { l.gfs2->fs_name = "shared.fs"; }) ==
        "the GFS2 filesystem name 'shared.fs' must be 1 to 16 letters, digits, '-' or '_' (GFS2's lock table)");
  CHECK(with([](auto& l) { l.vgs[1].vg = "vg 1"; }) == "the VG name 'vg 1' may hold only letters, digits and + _ . -");
  CHECK(with([](auto& l) { l.vgs[1].vg = "-vg"; }) == "the VG name '-vg' may not start with '-'");
  CHECK(with([](auto& l) { l.vgs[1].vg = ".."; }) == "the VG name may not be '..'");
  CHECK(with([](auto& l) { l.vgs[1].vg = "mapper"; }) == "the VG name may not be 'mapper' (/dev/mapper is device-mapper's)");
  CHECK(with([](auto& l) { l.vgs[1].vg = l.vgs[0].vg; }) == "the VG name an-a05n01_vg0 is given twice");
  CHECK(with([](auto& l) { l.vgs[1].device = "/dev/drbd0"; }) ==
        "/dev/drbd0 carries two VGs: one DRBD device holds one PV, and one PV belongs to one VG");
  CHECK(with([](auto& l) { l.vgs[1].device = "drbd1"; }) == "the device 'drbd1' of VG 'an-a05n02_vg0' is not a device path (/dev/drbd0)");
  CHECK(with([](auto& l) { l.gfs2->vg = "other"; }) == "the GFS2 filesystem's VG 'other' is none of the clustered VGs on DRBD");
  CHECK(with([](auto& l) { l.gfs2->lv = "shared_tmeta"; }) == "the GFS2 LV name 'shared_tmeta' may not contain '_tmeta' (lvm2 reserves it)");
  CHECK(with([](auto& l) { l.gfs2->lv = "snapshot1"; }) == "the GFS2 LV name 'snapshot1' may not start with 'snapshot' (lvm2 reserves it)");
  CHECK(with([](auto& l) { l.gfs2->lv = std::string(128, 'a'); }).find("is longer than LVM's 127 characters") != std::string::npos);
  CHECK(with([](auto& l) { l.gfs2->journals = 0; }) == "GFS2 journals: 0; one per node that mounts it, 1 to 16");
  CHECK(with([](auto& l) { l.gfs2->mount_point = "shared"; }) == "the mount point 'shared' is not an absolute path below /");
  CHECK(with([](auto& l) { l.gfs2->mount_point = "/"; }) == "the mount point '/' is not an absolute path below /");
  CHECK(with([](auto& l) { l.gfs2->mount_point = "/proc/x"; }) == "the mount point '/proc/x' is not a plain directory path");
  for (auto ok : {"40G", "512m", "1.5T", "100%FREE", "50%VG"}) {
    INFO(ok);
    CHECK(with([&](auto& l) { l.gfs2->size = ok; }) == "no error");
  }
  for (auto bad : {"40", "G", "40GB", "0G", ".5G", "5.G", "1.2.3G", "101%FREE", "50%", "-40G"}) {
    INFO(bad);
    CHECK(with([&](auto& l) { l.gfs2->size = bad; }).find("is not a") != std::string::npos);
  }
  CHECK_THROWS_AS(storage::init_steps([] {
                    auto l = layout();
                    l.cluster.clear();
                    return l;
                  }()),
                  Error);
  CHECK(storage::mapper_path("an-a05n01_vg0", "vm-01") == "/dev/mapper/an--a05n01_vg0-vm--01");
}

TEST_CASE("storage init on fresh nodes: nothing in the way", "[storage][init]") {
  CHECK(storage::init_refusals(layout(), {fresh("an-a05n01"), fresh("an-a05n02")}).empty());
  // An orphan PV on a DRBD device is no data: pvcreate may label it again.
  auto n1 = fresh("an-a05n01");
  n1.pvs = {{"/dev/drbd0", "", 1024, 1024}};
  CHECK(storage::init_refusals(layout(), {n1}).empty());
}

TEST_CASE("storage init refuses where it would destroy data, one line each", "[storage][init]") {
  // Run once already: both nodes show the VGs, the LV and /shared.
  auto r = storage::init_refusals(layout(), {done("an-a05n01"), done("an-a05n02")});
  CHECK(r == V{
                 "/dev/drbd0 already holds VG an-a05n01_vg0 (seen on an-a05n01): storage init has run; see anvil storage status",
                 "/dev/drbd1 already holds VG an-a05n02_vg0 (seen on an-a05n01): storage init has run; see anvil storage status",
                 "the LV an-a05n01_vg0/shared already exists (seen on an-a05n01): mkfs.gfs2 would destroy what is on it; if nothing on it "
                 "is wanted: lvremove an-a05n01_vg0/shared   # on an-a05n01",
                 "/shared on an-a05n01 already has gfs2 /dev/mapper/an--a05n01_vg0-shared mounted: if it is not wanted there, umount "
                 "/shared   # on an-a05n01",
                 "/shared on an-a05n02 already has gfs2 /dev/mapper/an--a05n01_vg0-shared mounted: if it is not wanted there, umount "
                 "/shared   # on an-a05n02",
             });
  for (auto& line : r) CHECK(line.find('\n') == std::string::npos);

  // A PV of another VG on a DRBD device; a VG of the planned name elsewhere.
  auto n1 = fresh("an-a05n01");
  n1.pvs = {{"/dev/drbd0", "old_vg", 1024, 0}, {"/dev/sdb1", "an-a05n02_vg0", 1024, 1024}};
  n1.vgs = storage::parse_vgs("  old_vg|wz--n-|1024.00|0.00|1|1\n  an-a05n02_vg0|wz--n-|1024.00|1024.00|1|0\n");
  CHECK(storage::init_refusals(layout(), {n1}) ==
        V{"/dev/drbd0 already is a PV of VG old_vg (seen on an-a05n01), which the plan does not have: pvcreate would destroy it; "
          "if nothing in it is wanted: vgremove old_vg && pvremove /dev/drbd0   # on an-a05n01",
          "a VG named an-a05n02_vg0 already exists on an-a05n01 (on /dev/sdb1), not on /dev/drbd1: rename it (vgrename an-a05n02_vg0 "
          "NEW   # on an-a05n01) or give the plan another VG name"});

  // A filesystem on the DRBD device itself; the LV mounted elsewhere; something else at /shared.
  auto n2 = fresh("an-a05n02");
  n2.mounts = storage::parse_proc_mounts(
      "/dev/drbd1 /mnt/old ext4 rw 0 0\n/dev/an-a05n01_vg0/shared /mnt/x gfs2 rw 0 0\n/dev/sdc1 /shared ext4 rw 0 0\n");
  CHECK(storage::init_refusals(layout(), {fresh("an-a05n01"), n2}) ==
        V{"/shared on an-a05n02 already has ext4 /dev/sdc1 mounted: if it is not wanted there, umount /shared   # on an-a05n02",
          "/dev/an-a05n01_vg0/shared is mounted at /mnt/x on an-a05n02 (gfs2): umount /mnt/x   # on an-a05n02, if what is on it is "
          "not wanted",
          "/dev/drbd1 is mounted at /mnt/old on an-a05n02 (ext4): a filesystem lives on the DRBD device itself, and pvcreate for VG "
          "an-a05n02_vg0 would destroy it; move its data off, then: umount /mnt/old   # on an-a05n02"});
}

TEST_CASE("storage init refuses while clvmd is down: LVM would hide clustered VGs", "[storage][init]") {
  auto n2 = fresh("an-a05n02");
  n2.clvmd_running = false;
  auto n1 = fresh("an-a05n01");
  n1.clvmd_running.reset();  // not asked: no refusal for it
  CHECK(storage::init_refusals(layout(), {n1, n2}) ==
        V{"clvmd is not running on an-a05n02: start it (/etc/init.d/clvmd start   # on an-a05n02); vgcreate -c y needs it on both "
          "nodes, and without it LVM hides clustered VGs from these checks"});
}
