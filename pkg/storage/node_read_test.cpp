#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "storage/node_read.hpp"

using namespace anvil;
using namespace anvil::storage;

TEST_CASE("the storage read script's output: every part, clvmd and lvm.conf", "[storage][read]") {
  auto n = parse_node_storage("an-node01",
                              "@@ vgs\n"
                              "  an01-vg0|wz--nc|419425280.00|209715200.00|1|2\n"
                              "@@ end vgs 0\n"
                              "@@ lvs\n"
                              "  shared|an01-vg0|-wi-ao----|41943040.00|/dev/drbd0(0)\n"
                              "  vm1|an01-vg0|-wi-a-----|20971520.00|/dev/drbd0(10240)\n"
                              "@@ end lvs 0\n"
                              "@@ pvs\n"
                              "  /dev/drbd0|an01-vg0|419425280.00|209715200.00\n"
                              "@@ end pvs 0\n"
                              "@@ mounts\n"
                              "/dev/mapper/an01--vg0-shared /shared gfs2 rw,noatime,nodiratime 0 0\n"
                              "@@ end mounts 0\n"
                              "@@ clvmd\nrunning\n@@ end clvmd 0\n"
                              "@@ lvmconf\nglobal {\n    locking_type = 3\n    fallback_to_local_locking = 0\n}\n@@ end lvmconf 0\n");
  REQUIRE(n.vgs.size() == 1);
  CHECK(n.vgs[0].clustered);
  CHECK(n.lvs.size() == 2);
  CHECK(n.lv("an01-vg0", "shared")->open);
  CHECK(n.pv("/dev/drbd0")->vg == "an01-vg0");
  CHECK(n.mounts.size() == 1);
  CHECK(n.clvmd_running == true);
  CHECK(n.lvm_conf->clustered());
}

TEST_CASE("the storage read script's output: no VGs, LVM missing, a part cut off", "[storage][read]") {
  auto none = parse_node_storage("n", "@@ vgs\n@@ end vgs 5\n@@ lvs\n@@ end lvs 5\n@@ pvs\n@@ end pvs 5\n@@ mounts\n@@ end mounts 0\n"
                                      "@@ clvmd\nstopped\n@@ end clvmd 0\n@@ lvmconf\n@@ end lvmconf 1\n");
  CHECK(none.vgs.empty());
  CHECK(none.clvmd_running == false);
  CHECK_FALSE(none.lvm_conf);
  try {
    parse_node_storage("n", "@@ nolvm\n");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "LVM is not installed on n (no vgs: install lvm2 and clvmd there)");
  }
  CHECK_THROWS_AS(parse_node_storage("n", "@@ vgs\n"), Error);
}
