#include <catch2/catch.hpp>

#include "plan/derive.hpp"
#include "plan/drbd_plan.hpp"
#include "plan/storage_plan.hpp"
#include "plan/vm_plan.hpp"
#include "storage/operations.hpp"

using namespace anvil;
using namespace anvil::storage;

namespace {

plan::Cluster with_guest() {
  auto c = plan::make_cluster(plan::InitOptions{});
  c = plan::add_drbd_resource(c, "r0", {"an-node01=/dev/sda5", "an-node02=/dev/sda5"}, std::nullopt, std::nullopt);
  c = plan::add_storage_vg(c, "an01-vg0", "r0");
  return plan::add_guest(c, {"vm1", "1G", 1, "/dev/an01-vg0/vm1", "an-node01", "", {}});
}

NodeStorage node_with_lv(const std::string& node, bool open) {
  NodeStorage n;
  n.node = node;
  LogicalVolume lv;
  lv.name = "vm1";
  lv.vg = "an01-vg0";
  lv.open = open;
  n.lvs.push_back(lv);
  return n;
}

}  // namespace

TEST_CASE("storage lv remove refuses while a defined guest uses the LV or a node holds it open", "[storage][lv]") {
  auto c = with_guest();
  auto nodes = std::vector<NodeStorage>{node_with_lv("an-node01", false), node_with_lv("an-node02", false)};
  auto defined = [](const std::string& guest) { return guest == "vm1"; };
  auto none = [](const std::string&) { return false; };
  auto why = lv_remove_blockers(c, "an01-vg0", "vm1", nodes, defined);
  REQUIRE(why.size() == 1);
  CHECK(why[0] == "guest vm1 is defined with /dev/an01-vg0/vm1 as its disk; `anvil vm undefine vm1` first");
  CHECK(lv_remove_blockers(c, "an01-vg0", "vm1", nodes, none).empty());
  nodes[1].lvs[0].open = true;
  auto open = lv_remove_blockers(c, "an01-vg0", "vm1", nodes, none);
  REQUIRE(open.size() == 1);
  CHECK(open[0].find("open on an-node02") != std::string::npos);
  CHECK(lv_create_command("an01-vg0", "vm2", "20G") == "lvcreate -L 20G -n vm2 an01-vg0");
  CHECK(lv_remove_command("an01-vg0", "vm1") == "lvremove -f an01-vg0/vm1");
}
