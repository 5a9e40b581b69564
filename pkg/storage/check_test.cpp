#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "storage/check.hpp"
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

// A healthy EL6 node, as read from it.
storage::NodeStorage healthy(const std::string& node) {
  storage::NodeStorage n;
  n.node = node;
  n.vgs = storage::parse_vgs(fixture("vgs-el6-clustered"));
  n.lvs = storage::parse_lvs(fixture("lvs-el6-active"));
  n.pvs = storage::parse_pvs(fixture("pvs-el6-drbd"));
  n.mounts = storage::parse_proc_mounts(fixture("proc-mounts-el6-gfs2"));
  n.clvmd_running = true;
  n.lvm_conf = storage::read_lvm_cluster_settings(
      "global {\n    locking_type = 3\n    fallback_to_local_locking = 0\n}\ndevices {\n    filter = [ \"a|/dev/drbd*|\", \"r/.*/\" ]\n}\n");
  return n;
}

V ids(const std::vector<check::Finding>& fs) {
  V out;
  for (auto& f : fs) out.push_back(std::string(check::severity_name(f.severity)) + " " + f.id + " " + f.subject);
  std::sort(out.begin(), out.end());
  return out;
}

const check::Finding& find(const std::vector<check::Finding>& fs, const std::string& id, const std::string& subject) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](auto& f) { return f.id == id && f.subject == subject; });
  REQUIRE(it != fs.end());
  return *it;
}

}  // namespace

TEST_CASE("storage check: two healthy nodes are one OK each", "[storage][check]") {
  auto fs = storage::check_storage(layout(), {healthy("an-a05n01"), healthy("an-a05n02")});
  CHECK(ids(fs) == V{"OK storage.ok an-a05n01", "OK storage.ok an-a05n02"});
  CHECK(find(fs, "storage.ok", "an-a05n01").message ==
        "VGs an-a05n01_vg0, an-a05n02_vg0 clustered; GFS2 mounted at /shared; clvmd running");
  CHECK(check::worst(fs) == check::Severity::ok);
}

TEST_CASE("storage check: clvmd down, the VGs not seen, GFS2 not mounted", "[storage][check]") {
  auto n2 = healthy("an-a05n02");
  n2.clvmd_running = false;
  n2.vgs.clear();  // what vgs shows without clvmd: no clustered VG
  n2.lvs.clear();
  n2.mounts = storage::parse_proc_mounts(fixture("proc-mounts-debian12"));
  auto fs = storage::check_storage(layout(), {healthy("an-a05n01"), n2});
  CHECK(ids(fs) == V{"CRITICAL storage.clvmd-down an-a05n02", "CRITICAL storage.gfs2-not-mounted an-a05n02 /shared",
                     "CRITICAL storage.vg-missing an-a05n02 an-a05n01_vg0", "CRITICAL storage.vg-missing an-a05n02 an-a05n02_vg0",
                     "OK storage.ok an-a05n01"});
  CHECK(find(fs, "storage.clvmd-down", "an-a05n02").fix == "/etc/init.d/clvmd start   # on an-a05n02");
  auto& missing = find(fs, "storage.vg-missing", "an-a05n02 an-a05n01_vg0");
  CHECK(missing.message == "VG an-a05n01_vg0 (on /dev/drbd0) is not visible on an-a05n02");
  CHECK(missing.fix == "/etc/init.d/clvmd start   # on an-a05n02: LVM lists clustered VGs only with clvmd");
  auto& mount = find(fs, "storage.gfs2-not-mounted", "an-a05n02 /shared");
  CHECK(mount.message == "GFS2 /dev/an-a05n01_vg0/shared is not mounted at /shared on an-a05n02");
  CHECK(mount.fix == "lvchange -ay an-a05n01_vg0/shared && mount /shared   # on an-a05n02");

  // With clvmd up the VG's absence points at DRBD.
  n2.clvmd_running = true;
  auto again = storage::check_storage(layout(), {n2});
  CHECK(find(again, "storage.vg-missing", "an-a05n02 an-a05n02_vg0").fix ==
        "check that /dev/drbd1 is up and UpToDate on an-a05n02 (cat /proc/drbd), then: vgscan && vgchange -ay an-a05n02_vg0   # on an-a05n02");
}

TEST_CASE("storage check: a VG not clustered or partial, LVs missing or inactive, the wrong filesystem at /shared", "[storage][check]") {
  auto n1 = healthy("an-a05n01");
  n1.vgs = storage::parse_vgs("  an-a05n01_vg0|wz--n-|293601280.00|199229440.00|1|2\n  an-a05n02_vg0|wz-pnc|293601280.00|267386880.00|1|1\n");
  n1.lvs = storage::parse_lvs("  shared|an-a05n01_vg0|-wi-------|41943040.00|/dev/drbd0(0)\n");
  n1.mounts = storage::parse_proc_mounts("/dev/sdc1 /shared ext4 rw 0 0\n");
  auto fs = storage::check_storage(layout(), {n1}, {}, {{"an-a05n02_vg0", "vm02-rhel6_0", "an-a05n01", "vm02-rhel6 runs there"},
                                                        {"an-a05n02_vg0", "vm03", "an-a05n02", "not this node"}});
  CHECK(ids(fs) == V{"CRITICAL storage.gfs2-not-mounted an-a05n01 /shared", "CRITICAL storage.lv-inactive an-a05n01 an-a05n01_vg0/shared",
                     "CRITICAL storage.lv-missing an-a05n01 an-a05n02_vg0/vm02-rhel6_0",
                     "CRITICAL storage.vg-not-clustered an-a05n01 an-a05n01_vg0", "CRITICAL storage.vg-partial an-a05n01 an-a05n02_vg0"});
  CHECK(find(fs, "storage.vg-not-clustered", "an-a05n01 an-a05n01_vg0").fix ==
        "vgchange -c y an-a05n01_vg0   # on an-a05n01, with clvmd running on both nodes");
  CHECK(find(fs, "storage.lv-inactive", "an-a05n01 an-a05n01_vg0/shared").message ==
        "LV an-a05n01_vg0/shared (GFS2 on /shared) is not active on an-a05n01 (-wi-------)");
  CHECK(find(fs, "storage.lv-inactive", "an-a05n01 an-a05n01_vg0/shared").fix == "lvchange -ay an-a05n01_vg0/shared   # on an-a05n01");
  auto& mount = find(fs, "storage.gfs2-not-mounted", "an-a05n01 /shared");
  CHECK(mount.message == "an-a05n01 has ext4 /dev/sdc1 at /shared, not the GFS2 filesystem");
  CHECK(mount.fix == "umount /shared && mount /shared   # on an-a05n01");

  // State X (lvm2 without device-mapper) is not called inactive.
  auto n2 = healthy("an-a05n02");
  n2.lvs = storage::parse_lvs("  shared|an-a05n01_vg0|-wi-XX----|41943040.00|/dev/drbd0(0)\n");
  CHECK(ids(storage::check_storage(layout(), {n2})) == V{"OK storage.ok an-a05n02"});
}

TEST_CASE("storage check: lvm.conf not set for clvmd, or without a filter", "[storage][check]") {
  auto n1 = healthy("an-a05n01");
  n1.lvm_conf = storage::read_lvm_cluster_settings(test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/lvm.conf.debian12"));
  auto n2 = healthy("an-a05n02");
  n2.lvm_conf = storage::read_lvm_cluster_settings("global {\n locking_type = 3\n fallback_to_local_locking = 1\n}\ndevices { filter = [ \"a|.*|\" ] }\n");
  auto fs = storage::check_storage(layout(), {n1, n2});
  CHECK(ids(fs) == V{"CRITICAL storage.lvm-not-clustered an-a05n01", "CRITICAL storage.lvm-not-clustered an-a05n02",
                     "WARNING storage.lvm-no-filter an-a05n01", "WARNING storage.lvm-no-filter an-a05n02"});
  CHECK(find(fs, "storage.lvm-not-clustered", "an-a05n01").message ==
        "lvm.conf on an-a05n01 is not set for clvmd: locking_type not set (wants 3), fallback_to_local_locking not set (wants 0)");
  CHECK(find(fs, "storage.lvm-not-clustered", "an-a05n02").message ==
        "lvm.conf on an-a05n02 is not set for clvmd: locking_type 3 (wants 3), fallback_to_local_locking 1 (wants 0)");
  CHECK(find(fs, "storage.lvm-no-filter", "an-a05n02").message ==
        "lvm.conf on an-a05n02 has a filter that does not reject the devices it does not accept: LVM also scans the DRBD backing disks and "
        "sees each PV twice");
  // anvil's own edit passes.
  n1.lvm_conf = storage::read_lvm_cluster_settings(
      storage::set_clustered_locking(test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/lvm.conf.debian12"),
                                     storage::lvm_filter({"/dev/sda5"})));
  CHECK(ids(storage::check_storage(layout(), {n1})) == V{"OK storage.ok an-a05n01"});
}

TEST_CASE("storage check: free space against the thresholds, once per VG, and its perfdata", "[storage][check]") {
  auto n1 = healthy("an-a05n01"), n2 = healthy("an-a05n02");
  // an-a05n01_vg0 has 67.9% free, an-a05n02_vg0 91.1%.
  auto fs = storage::check_storage(layout(), {n1, n2}, {70, 50});
  CHECK(ids(fs) == V{"OK storage.ok an-a05n01", "OK storage.ok an-a05n02", "WARNING storage.vg-free-low an-a05n01_vg0"});
  auto& low = find(fs, "storage.vg-free-low", "an-a05n01_vg0");
  CHECK(low.message == "VG an-a05n01_vg0 has 67.9% free (190 of 280 GiB), below 70%");
  CHECK(low.fix == "lvs -o lv_name,lv_size an-a05n01_vg0   # what uses it; remove what is unused (lvremove an-a05n01_vg0/LV) or grow the "
                   "DRBD resource under it");
  fs = storage::check_storage(layout(), {n1, n2}, {95, 91.5});
  CHECK(ids(fs) == V{"CRITICAL storage.vg-free-low an-a05n01_vg0", "CRITICAL storage.vg-free-low an-a05n02_vg0", "OK storage.ok an-a05n01",
                     "OK storage.ok an-a05n02"});
  CHECK_THROWS_AS(storage::check_storage(layout(), {n1}, {10, 20}), Error);
  CHECK_THROWS_WITH(storage::validate_thresholds({101, 10}),
                    "free space thresholds: warning 101%, critical 10%; they need 0 <= critical <= warning <= 100");

  auto perf = storage::storage_perfdata(layout(), {n1, n2}, {20, 10});
  V text;
  for (auto& p : perf) text.push_back(p.label + "=" + std::to_string(p.value).substr(0, std::to_string(p.value).find('.') + 3) + p.unit + p.range);
  CHECK(text == V{"an-a05n01_vg0_free=67.86%;20:;10:;0;100", "an-a05n01_vg0_free_kb=199229440.00KB;;;0;293601280",
                  "an-a05n02_vg0_free=91.07%;20:;10:;0;100", "an-a05n02_vg0_free_kb=267386880.00KB;;;0;293601280"});
  // Only what some node shows.
  auto n3 = healthy("an-a05n02");
  n3.vgs.erase(n3.vgs.begin());
  CHECK(storage::storage_perfdata(layout(), {n3}).size() == 2);
}
