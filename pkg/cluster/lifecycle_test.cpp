#include <catch2/catch.hpp>

#include "cluster/lifecycle.hpp"
#include "plan/derive.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

cluster::ClusterState fixture(const std::string& name) {
  return cluster::parse_cluster_capture(test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/cluster/" + name + ".txt"));
}

plan::Cluster alteeve() {
  plan::InitOptions o;
  o.domain = "alteeve.ca";
  return plan::make_cluster(o);
}

}  // namespace

TEST_CASE("cluster stop: the peer must carry on alone, with the data, and no VM may just stop", "[cluster][lifecycle]") {
  auto c = alteeve();
  auto healthy = fixture("healthy");
  // an-node01 runs vm01-web in the healthy capture (seen from an-node02 or not: same owners).
  auto vms = cluster::vms_on(c, "an-node01", healthy);
  REQUIRE(vms == std::vector<std::string>{"vm:vm01-web"});
  CHECK(cluster::stop_refusal(c, "an-node01", healthy, {}, vms, false).value() ==
        "an-node01 runs VMs (vm:vm01-web): stopping it would stop them; move them first, or give --migrate-vms");
  CHECK_FALSE(cluster::stop_refusal(c, "an-node01", healthy, {{"r0", "UpToDate"}}, vms, true));
  CHECK(cluster::stop_refusal(c, "an-node01", healthy, {{"r0", "Inconsistent"}}, vms, true).value() ==
        "an-node02's disk of r0 is Inconsistent: an-node01 holds the only UpToDate copy; let it sync first");
  CHECK(cluster::stop_refusal(c, "an-node01", fixture("cman-down"), {}, {}, true).value() ==
        "an-node02 is not a cluster member (cman does not run there): stopping an-node01 would leave no cluster");
  CHECK(cluster::stop_refusal(c, "an-node01", fixture("not-quorate"), {}, {}, true).value().rfind("the cluster is not quorate", 0) == 0);
  // Stopping the node that is left, when the peer is the lost one.
  CHECK(cluster::stop_refusal(c, "an-node01", fixture("peer-lost"), {}, {}, true).value() ==
        "an-node02 is not a healthy member as it sees itself: stop an-node01 once it is");

  auto steps = cluster::stop_steps({"vm:vm01-web"}, "an-node02.alteeve.ca");
  REQUIRE(steps.size() == 5);
  CHECK(steps[0].command == "clusvcadm -M vm:vm01-web -m an-node02.alteeve.ca");
  CHECK(steps[1].name == "rgmanager");
  CHECK(steps[4].command == "/etc/init.d/cman stop");
  auto start = cluster::start_steps();
  CHECK(start.front().name == "cman");
  CHECK(start.back().name == "rgmanager");
}
