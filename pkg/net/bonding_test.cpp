#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "net/bond_check.hpp"
#include "net/bonding.hpp"
#include "net/node_state.hpp"
#include "plan/derive.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

net::BondStatus fixture(const std::string& file, const std::string& bond) {
  return net::parse_bonding(bond, test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/bonding/" + file));
}

std::vector<std::string> ids(const std::vector<check::Finding>& findings) {
  std::vector<std::string> out;
  for (auto& f : findings) out.push_back(std::string(check::severity_name(f.severity)) + " " + f.id + " " + f.subject);
  return out;
}

}  // namespace

TEST_CASE("bonding files of EL5, EL6 and current kernels", "[net][bonding]") {
  auto b = fixture("el6-healthy.bond0", "bond0");
  CHECK(b.active_backup());
  CHECK(b.primary == "eth0");
  CHECK(b.active_slave == "eth0");
  CHECK(b.mii_status == "up");
  CHECK(b.miimon == 100);
  CHECK(b.updelay == 120000);
  REQUIRE(b.slaves.size() == 2);
  CHECK(b.slaves[1].name == "eth3");
  CHECK(b.slaves[1].speed == "1000 Mbps");
  CHECK(b.slaves[1].permanent_mac == "00:1b:21:9d:59:fc");
  auto old = fixture("el5-old.bond0", "bond0");
  CHECK(old.primary == "eth0");
  CHECK(old.slaves[0].speed.empty());
  auto down = fixture("el6-down.bond0", "bond0");
  CHECK(down.active_slave.empty());
  CHECK(down.slaves[0].link_failures == 2);
  auto now = fixture("current-kernel.bond0", "bond0");
  CHECK(now.slaves[1].speed == "Unknown");
  CHECK(now.slaves[1].mii_status == "down");
  CHECK(fixture("el6-failed-over.bond2", "bond2").slaves[0].mii_status == "going back");
}

TEST_CASE("garbage is not a bonding file", "[net][bonding]") {
  CHECK_THROWS_WITH(net::parse_bonding("bond0", "hello\n"), Catch::Contains("bond0 line 1 is not a bonding status line"));
  CHECK_THROWS_WITH(net::parse_bonding("bond0", "Key: value\n"), Catch::Contains("not a /proc/net/bonding file"));
  CHECK_THROWS_WITH(net::parse_bonding("bond0", "Bonding Mode: x\nMII Status: up\nMII Polling Interval (ms): fast\n"),
                    Catch::Contains("not a number"));
}

TEST_CASE("several files behind head-style headers", "[net][bonding]") {
  std::string dir = std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/bonding/";
  auto text = "==> /proc/net/bonding/bond0 <==\n" + test::read_file(dir + "el6-healthy.bond0") +
              "\n==> /proc/net/bonding/bond1 <==\n" + test::read_file(dir + "el6-degraded.bond1");
  auto bonds = net::parse_node_state(text).bonds;
  REQUIRE(bonds.size() == 2);
  CHECK(bonds[1].name == "bond1");
  CHECK(bonds[1].slaves[1].mii_status == "down");
}

TEST_CASE("bond findings against the plan", "[net][check]") {
  auto c = plan::make_cluster(plan::InitOptions{});
  auto& node = *c.node("an-node01");
  auto healthy = ids(net::check_bonds(c, node, {fixture("el6-healthy.bond0", "bond0")}));
  CHECK(std::count(healthy.begin(), healthy.end(), "OK net.bond-ok an-node01 bond0") == 1);
  CHECK(std::count(healthy.begin(), healthy.end(), "CRITICAL net.bond-missing an-node01 bond1") == 1);
  CHECK(std::count(healthy.begin(), healthy.end(), "CRITICAL net.bond-missing an-node01 bond2") == 1);

  auto degraded = net::check_bonds(c, node, {fixture("el6-degraded.bond1", "bond1")});
  CHECK(ids(degraded)[1] == "WARNING net.bond-degraded an-node01 bond1");
  CHECK(degraded[1].message == "bond1 is degraded: slave eth4 is down (3 link failures)");

  auto over = ids(net::check_bonds(c, node, {fixture("el6-failed-over.bond2", "bond2")}));
  CHECK(std::count(over.begin(), over.end(), "WARNING net.not-on-primary an-node01 bond2") == 1);
  CHECK(std::count(over.begin(), over.end(), "WARNING net.bond-degraded an-node01 bond2") == 1);

  auto down = ids(net::check_bonds(c, node, {fixture("el6-down.bond0", "bond0")}));
  CHECK(std::count(down.begin(), down.end(), "CRITICAL net.bond-down an-node01 bond0") == 1);
  CHECK(check::worst(net::check_bonds(c, node, {fixture("el6-down.bond0", "bond0")})) == check::Severity::critical);
}
