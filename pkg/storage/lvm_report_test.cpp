#include <catch2/catch.hpp>

#include <string>

#include "core/error.hpp"
#include "storage/lvm_report.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

std::string fixture(const std::string& name) {
  return test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/storage/" + name + ".txt");
}

// The one-line error a parser gives for `text`.
template <class F>
std::string error_of(F parse, const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::failed);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    return e.what();
  }
  return "no error";
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("the LVM report commands ask for the fields their parsers read", "[storage][lvm-report]") {
  CHECK(std::string(storage::vgs_command) ==
        "LC_ALL=C vgs --noheadings --separator '|' --units k --nosuffix -o vg_name,vg_attr,vg_size,vg_free,pv_count,lv_count");
  CHECK(std::string(storage::lvs_command) ==
        "LC_ALL=C lvs --noheadings --separator '|' --units k --nosuffix -o lv_name,vg_name,lv_attr,lv_size,devices");
  CHECK(std::string(storage::pvs_command) ==
        "LC_ALL=C pvs --noheadings --separator '|' --units k --nosuffix -o pv_name,vg_name,pv_size,pv_free");
  // The field list in the messages comes from the command itself.
  CHECK(error_of(storage::parse_vgs, "  a|b\n") ==
        "line 1 of the vgs output: expected 6 fields separated by '|' (vg_name,vg_attr,vg_size,vg_free,pv_count,lv_count), got 2: 'a|b'");
}

TEST_CASE("vgs captured over loop devices (lvm2 2.03, not clustered)", "[storage][lvm-report]") {
  auto vgs = storage::parse_vgs(fixture("vgs-loop"));
  REQUIRE(vgs.size() == 1);
  auto& v = vgs[0];
  CHECK(v.name == "anvil_test_vg0");
  CHECK(v.attr == "wz--n-");
  CHECK(v.writeable);
  CHECK_FALSE(v.clustered);
  CHECK_FALSE(v.shared);
  CHECK_FALSE(v.partial);
  CHECK_FALSE(v.exported);
  CHECK(v.size_kib == 122880);
  CHECK(v.free_kib == 49152);
  CHECK(v.pv_count == 2);
  CHECK(v.lv_count == 2);
  CHECK(v.free_percent() == Approx(40.0));
}

TEST_CASE("vgs of an EL6 node: clustered VGs on DRBD", "[storage][lvm-report]") {
  auto vgs = storage::parse_vgs(fixture("vgs-el6-clustered"));
  REQUIRE(vgs.size() == 2);
  CHECK(vgs[0].name == "an-a05n01_vg0");
  CHECK(vgs[0].clustered);
  CHECK(vgs[0].size_kib == 280LL * 1024 * 1024);
  CHECK(vgs[0].free_kib == 190LL * 1024 * 1024);
  CHECK(vgs[1].name == "an-a05n02_vg0");
  CHECK(vgs[1].clustered);
  CHECK(vgs[1].lv_count == 1);
}

TEST_CASE("vgs attributes: partial, exported, lvmlockd's shared; sizes rounded and in a comma locale", "[storage][lvm-report]") {
  auto vgs = storage::parse_vgs("  a|wz-pnc|1024.50|0.49|2|0\n  b|wzx-ns|2048,00|<1024.00|1|1\n\n");
  REQUIRE(vgs.size() == 2);
  CHECK(vgs[0].partial);
  CHECK(vgs[0].clustered);
  CHECK(vgs[0].size_kib == 1025);
  CHECK(vgs[0].free_kib == 0);
  CHECK(vgs[1].exported);
  CHECK(vgs[1].shared);
  CHECK_FALSE(vgs[1].clustered);
  CHECK(vgs[1].size_kib == 2048);
  CHECK(vgs[1].free_kib == 1024);
  CHECK(storage::parse_vgs("").empty());
  CHECK(storage::parse_vgs("\n  \n").empty());
}

TEST_CASE("vgs: text that is not its output is refused by line", "[storage][lvm-report]") {
  // The human table, as `vgs` prints it without the options.
  CHECK(error_of(storage::parse_vgs, "  VG             #PV #LV #SN Attr   VSize   VFree \n  anvil_test_vg0   2   2   0 wz--n- 120.00m 48.00m\n") ==
        "line 1 of the vgs output: expected 6 fields separated by '|' (vg_name,vg_attr,vg_size,vg_free,pv_count,lv_count), got 1: "
        "'VG             #PV #LV #SN Attr   VSize   VFree'");
  CHECK(error_of(storage::parse_vgs, "  a|wz--nc|10.00|5.00|1|0\n  b|wz--nc|10.00m|5.00|1|0\n") ==
        "line 2 of the vgs output: vg_size '10.00m' is not a size in KiB (like 61440.00)");
  CHECK(error_of(storage::parse_vgs, "  a|wz--c|10.00|5.00|1|0\n") ==
        "line 1 of the vgs output: vg_attr 'wz--c' is not LVM's attribute string (like wz--nc)");
  CHECK(error_of(storage::parse_vgs, "  a b|wz--nc|10.00|5.00|1|0\n") == "line 1 of the vgs output: vg_name 'a b' is not an LVM name");
  CHECK(error_of(storage::parse_vgs, "  a|wz--nc|10.00|15.00|1|0\n") == "line 1 of the vgs output: vg_free 15.00 is more than vg_size 10.00");
  CHECK(error_of(storage::parse_vgs, "  a|wz--nc|10.00|5.00|one|0\n") == "line 1 of the vgs output: pv_count 'one' is not a count");
  CHECK(error_of(storage::parse_vgs, "  a|wz--nc|.|5.00|1|0\n") == "line 1 of the vgs output: vg_size '.' is not a size in KiB (like 61440.00)");
}

TEST_CASE("lvs captured: one line per segment, merged into one LV", "[storage][lvm-report]") {
  auto lvs = storage::parse_lvs(fixture("lvs-loop"));
  REQUIRE(lvs.size() == 2);
  auto& s = lvs[0];
  CHECK(s.name == "shared");
  CHECK(s.vg == "anvil_test_vg0");
  CHECK(s.attr == "-wi-XX----");
  CHECK(s.state == 'X');  // no device-mapper: lvm2 cannot tell
  CHECK_FALSE(s.active);
  CHECK_FALSE(s.open);
  CHECK(s.size_kib == 61440);
  CHECK(s.devices == V{"/dev/loop1", "/dev/loop2"});
  CHECK(s.path() == "/dev/anvil_test_vg0/shared");
  CHECK(lvs[1].name == "vm01-win7_0");
  CHECK(lvs[1].size_kib == 12288);
  CHECK(lvs[1].devices == V{"/dev/loop2"});
}

TEST_CASE("lvs of an EL6 node: active and open LVs on DRBD", "[storage][lvm-report]") {
  auto lvs = storage::parse_lvs(fixture("lvs-el6-active"));
  REQUIRE(lvs.size() == 3);
  CHECK(lvs[0].name == "shared");
  CHECK(lvs[0].active);
  CHECK(lvs[0].open);
  CHECK(lvs[0].size_kib == 40LL * 1024 * 1024);
  CHECK(lvs[1].name == "vm01-win7_0");
  CHECK(lvs[1].devices == V{"/dev/drbd0"});  // two segments on one PV: listed once
  CHECK(lvs[2].vg == "an-a05n02_vg0");
  CHECK(lvs[2].active);
  CHECK_FALSE(lvs[2].open);
  CHECK(lvs[2].devices == V{"/dev/drbd1"});
}

TEST_CASE("lvs: older lv_attr lengths, striped and PV-less LVs; bad lines refused", "[storage][lvm-report]") {
  auto lvs = storage::parse_lvs("  old|vg|-wi-ao|1024.00|/dev/sda2(0)\n  mid|vg|-wi-a----|1024.00|/dev/sda2(0),/dev/sdb1(0)\n  thin|vg|Vwi-a-tz--|1024.00|\n");
  REQUIRE(lvs.size() == 3);
  CHECK(lvs[0].active);
  CHECK(lvs[0].open);
  CHECK(lvs[1].devices == V{"/dev/sda2", "/dev/sdb1"});
  CHECK(lvs[2].devices.empty());
  CHECK(error_of(storage::parse_lvs, "  a|vg|-wi-ao----|1024.00|/dev/sda2\n") ==
        "line 1 of the lvs output: devices '/dev/sda2' is not DEVICE(EXTENT)");
  CHECK(error_of(storage::parse_lvs, "  a|vg|-wi-ao----|1024.00|/dev/sda2(x)\n") ==
        "line 1 of the lvs output: the extent of devices 'x' is not a count");
  CHECK(error_of(storage::parse_lvs, "  a|vg|-wi-ao----|1024.00|/dev/sda2(0)\n  a|vg|-wi-a-----|1024.00|/dev/sdb(0)\n") ==
        "line 2 of the lvs output: another segment of vg/a with a different lv_attr or lv_size");
  CHECK(error_of(storage::parse_lvs, "  a|vg|-wi-ao-----x|1024.00|\n") ==
        "line 1 of the lvs output: lv_attr '-wi-ao-----x' is not LVM's attribute string (like -wi-ao----)");
  // vgs's output given to the lvs parser.
  CHECK(error_of(storage::parse_lvs, fixture("vgs-loop")) ==
        "line 1 of the lvs output: expected 5 fields separated by '|' (lv_name,vg_name,lv_attr,lv_size,devices), got 6: "
        "'anvil_test_vg0|wz--n-|122880.00|49152.00|2|2'");
}

TEST_CASE("pvs captured: PVs in a VG and an orphan", "[storage][lvm-report]") {
  auto pvs = storage::parse_pvs(fixture("pvs-loop"));
  REQUIRE(pvs.size() == 3);
  CHECK(pvs[0].name == "/dev/loop1");
  CHECK(pvs[0].vg == "anvil_test_vg0");
  CHECK(pvs[0].size_kib == 61440);
  CHECK(pvs[0].free_kib == 20480);
  CHECK(pvs[2].name == "/dev/loop3");
  CHECK(pvs[2].vg.empty());
  CHECK(pvs[2].size_kib == 65536);

  auto el6 = storage::parse_pvs(fixture("pvs-el6-drbd"));
  REQUIRE(el6.size() == 2);
  CHECK(el6[1].name == "/dev/drbd1");
  CHECK(el6[1].vg == "an-a05n02_vg0");

  CHECK(error_of(storage::parse_pvs, "  loop1|vg|1.00|1.00\n") == "line 1 of the pvs output: pv_name 'loop1' is not a device path");
  CHECK(error_of(storage::parse_pvs, "\n  /dev/loop1|vg|1.00\n") ==
        "line 2 of the pvs output: expected 4 fields separated by '|' (pv_name,vg_name,pv_size,pv_free), got 3: '/dev/loop1|vg|1.00'");
}
