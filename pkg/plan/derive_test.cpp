#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "plan/derive.hpp"
#include "plan/validate.hpp"

using namespace anvil::plan;

namespace {
std::string addr(const Cluster& c, const std::string& node, const std::string& net) {
  return c.node(node)->address_on(net)->ip.str();
}
}  // namespace

TEST_CASE("the seed's cluster is derived with its conventions", "[plan][derive]") {
  auto c = make_cluster(InitOptions{});
  CHECK(c.name == "an-cluster-01");
  REQUIRE(c.nodes.size() == 2);
  CHECK(addr(c, "an-node01", "bcn") == "10.20.0.1");
  CHECK(addr(c, "an-node01", "sn") == "10.10.0.1");
  CHECK(addr(c, "an-node01", "ifn") == "10.255.0.1");
  CHECK(addr(c, "an-node02", "bcn") == "10.20.0.2");
  CHECK(addr(c, "an-node02", "sn") == "10.10.0.2");
  CHECK(addr(c, "an-node02", "ifn") == "10.255.0.2");
  CHECK(c.device("an-node01-ipmi")->address.ip.str() == "10.20.1.1");
  CHECK(c.device("an-node02-ipmi")->address.ip.str() == "10.20.1.2");
  CHECK(validate(c).empty());
}

TEST_CASE("the seed's interface, bond and bridge mapping", "[plan][derive]") {
  auto c = make_cluster(InitOptions{});
  auto& bcn = *c.network("bcn");
  auto& sn = *c.network("sn");
  auto& ifn = *c.network("ifn");
  CHECK(bcn.links == std::vector<std::string>{"eth0", "eth3"});
  CHECK(bcn.bond == "bond0");
  CHECK(bcn.bridge == "vbr0");
  CHECK(sn.links == std::vector<std::string>{"eth1", "eth4"});
  CHECK(sn.bond == "bond1");
  CHECK(sn.bridge.empty());  // no vbr1: the SN is never used by a VM
  CHECK(sn.carrier() == "bond1");
  CHECK(ifn.links == std::vector<std::string>{"eth2", "eth5"});
  CHECK(ifn.bond == "bond2");
  CHECK(ifn.bridge == "vbr2");
  auto& interfaces = c.nodes[0].interfaces;
  REQUIRE(interfaces.size() == 11);  // 6 NICs, 3 bonds, 2 bridges
  auto find = [&](const std::string& name) {
    for (auto& i : interfaces)
      if (i.name == name) return i;
    FAIL("no interface " << name);
    return Interface{};
  };
  CHECK(find("eth3").master == "bond0");
  CHECK(find("eth4").master == "bond1");
  CHECK(find("bond0").master == "vbr0");
  CHECK(find("bond1").master.empty());
  CHECK(find("bond2").master == "vbr2");
  CHECK(find("vbr2").kind == "bridge");
}

TEST_CASE("node numbers come from the names' digits", "[plan][derive]") {
  CHECK(node_number_from_name("an-node01", 1) == 1);
  CHECK(node_number_from_name("an-node12", 1) == 12);
  CHECK(node_number_from_name("alpha", 2) == 2);
  InitOptions o;
  o.nodes = {"an-node03", "an-node04"};
  auto c = make_cluster(o);
  CHECK(addr(c, "an-node03", "bcn") == "10.20.0.3");
  CHECK(c.device("an-node04-ipmi")->address.ip.str() == "10.20.1.4");
}

TEST_CASE("changed subnets follow the same convention", "[plan][derive]") {
  InitOptions o;
  o.bcn = "172.16.0.0/16";
  o.sn = "172.17.0.0/16";
  o.ifn = "192.168.0.0/16";
  o.number = 7;
  auto c = make_cluster(o);
  CHECK(addr(c, "an-node01", "bcn") == "172.16.0.1");
  CHECK(addr(c, "an-node02", "sn") == "172.17.0.2");
  CHECK(addr(c, "an-node02", "ifn") == "192.168.0.2");
  CHECK(c.device("an-node02-ipmi")->address.ip.str() == "172.16.1.2");
  CHECK(c.network("ifn")->gateway->str() == "192.168.255.254");
  CHECK(device_address(*c.network("bcn"), "pdu", 3).str() == "172.16.2.3");
  CHECK(device_address(*c.network("bcn"), "switch", 1).str() == "172.16.3.1");
  CHECK(vm_address(*c.network("ifn"), c.number, 4).str() == "192.168.7.4");
}

TEST_CASE("a network too small for the convention is refused with a reason", "[plan][derive]") {
  InitOptions o;
  o.bcn = "10.20.0.0/24";  // the BMCs would need 10.20.1.x
  try {
    make_cluster(o);
    FAIL("a /24 BCN was accepted");
  } catch (const anvil::Error& e) {
    CHECK(std::string(e.what()).find("too small") != std::string::npos);
  }
}

TEST_CASE("a malformed subnet is a usage error", "[plan][derive]") {
  InitOptions o;
  o.sn = "10.10.0.0/99";
  try {
    make_cluster(o);
    FAIL("accepted");
  } catch (const anvil::Error& e) {
    CHECK(e.kind() == anvil::ErrorKind::usage);
  }
}

TEST_CASE("sequences take the lowest free number", "[plan][derive]") {
  auto c = make_cluster(InitOptions{});
  CHECK(next_device_sequence(c, "pdu") == 1);
  c.devices.push_back({"pdu1", "pdu", "", 1, {"bcn", *Ipv4::parse("10.20.2.1")}});
  c.devices.push_back({"pdu3", "pdu", "", 3, {"bcn", *Ipv4::parse("10.20.2.3")}});
  CHECK(next_device_sequence(c, "pdu") == 2);
  // switches and UPSes share 10.20.3.z
  c.devices.push_back({"switch1", "switch", "", 1, {"bcn", *Ipv4::parse("10.20.3.1")}});
  CHECK(next_device_sequence(c, "ups") == 2);
  CHECK(next_vm_sequence(c) == 1);
}
