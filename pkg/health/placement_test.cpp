#include <catch2/catch.hpp>

#include "health/check_all.hpp"
#include "plan/derive.hpp"
#include "plan/vm_plan.hpp"

using namespace anvil;

namespace {

plan::Cluster guests() {
  auto c = plan::make_cluster(plan::InitOptions{});
  c = plan::add_guest(c, {"vm1", "1G", 1, "/dev/vg0/vm1", "an-node01", "", {}});
  return plan::add_guest(c, {"vm2", "1G", 1, "/dev/vg0/vm2", "an-node02", "", {}});
}

std::string severity_of(const std::vector<check::Finding>& f, const std::string& id) {
  for (auto& x : f)
    if (x.id == id) return check::severity_name(x.severity);
  return "none";
}

}  // namespace

TEST_CASE("VM placement: at home, away, twice, nowhere", "[health][vm]") {
  auto c = guests();
  auto home = health::vm_placement(c, {{"an-node01", {"vm1"}}, {"an-node02", {"vm2"}}}, 2);
  CHECK(home.size() == 2);
  CHECK(severity_of(home, "vm.placement") == "OK");
  auto away = health::vm_placement(c, {{"an-node01", {}}, {"an-node02", {"vm1", "vm2"}}}, 2);
  CHECK(severity_of(away, "vm.away-from-home") == "WARNING");
  CHECK(away[0].fix == "anvil vm migrate vm1 --to an-node01");
  auto twice = health::vm_placement(c, {{"an-node01", {"vm1"}}, {"an-node02", {"vm1", "vm2"}}}, 2);
  CHECK(severity_of(twice, "vm.running-twice") == "CRITICAL");
  CHECK(twice[0].fix == "anvil vm destroy vm1 --node an-node02 --yes");
  auto nowhere = health::vm_placement(c, {{"an-node01", {}}, {"an-node02", {"vm2"}}}, 2);
  CHECK(severity_of(nowhere, "vm.not-running") == "WARNING");
  // A node that did not answer may run it: no verdict.
  auto unknown = health::vm_placement(c, {{"an-node02", {"vm2"}}}, 2);
  CHECK(severity_of(unknown, "vm.not-running") == "none");
}
