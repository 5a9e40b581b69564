#include <catch2/catch.hpp>

#include "net/render_el6.hpp"
#include "plan/derive.hpp"
#include "plan/mutate.hpp"

using namespace anvil;

namespace {

std::string file(const std::vector<net::RenderedFile>& files, const std::string& name) {
  for (auto& f : files)
    if (f.name == name) return f.content;
  FAIL("no " << name);
  return "";
}

bool has_line(const std::string& content, const std::string& line) { return content.find(line + "\n") != std::string::npos; }

}  // namespace

TEST_CASE("the seed's ifcfg files for node 1", "[net][render]") {
  auto c = plan::make_cluster(plan::InitOptions{});
  auto files = net::render_el6(c, *c.node("an-node01"));
  std::vector<std::string> names;
  for (auto& f : files) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"ifcfg-eth0", "ifcfg-eth1", "ifcfg-eth2", "ifcfg-eth3", "ifcfg-eth4",
                                          "ifcfg-eth5", "ifcfg-bond0", "ifcfg-bond1", "ifcfg-bond2", "ifcfg-vbr0",
                                          "ifcfg-vbr2"});
  auto eth3 = file(files, "ifcfg-eth3");
  CHECK(has_line(eth3, "DEVICE=\"eth3\""));
  CHECK(has_line(eth3, "MASTER=\"bond0\""));
  CHECK(has_line(eth3, "SLAVE=\"yes\""));
  CHECK(has_line(eth3, "NM_CONTROLLED=\"no\""));
  CHECK(has_line(eth3, "ONBOOT=\"yes\""));
  CHECK(eth3.find("HWADDR") == std::string::npos);  // no MAC known yet
  auto bond0 = file(files, "ifcfg-bond0");
  CHECK(has_line(bond0, "BONDING_OPTS=\"mode=1 miimon=100 use_carrier=1 updelay=120000 downdelay=0 primary=eth0\""));
  CHECK(has_line(bond0, "BRIDGE=\"vbr0\""));
  CHECK(bond0.find("IPADDR") == std::string::npos);
  auto bond1 = file(files, "ifcfg-bond1");  // the SN: no bridge, the bond holds the address
  CHECK(has_line(bond1, "IPADDR=\"10.10.0.1\""));
  CHECK(has_line(bond1, "NETMASK=\"255.255.0.0\""));
  CHECK(bond1.find("BRIDGE") == std::string::npos);
  CHECK(bond1.find("GATEWAY") == std::string::npos);
  auto vbr0 = file(files, "ifcfg-vbr0");
  CHECK(has_line(vbr0, "TYPE=\"Bridge\""));
  CHECK(has_line(vbr0, "IPADDR=\"10.20.0.1\""));
  CHECK(vbr0.find("GATEWAY") == std::string::npos);
  auto vbr2 = file(files, "ifcfg-vbr2");
  CHECK(has_line(vbr2, "IPADDR=\"10.255.0.1\""));
  CHECK(has_line(vbr2, "GATEWAY=\"10.255.255.254\""));
  CHECK(has_line(vbr2, "DNS1=\"10.255.255.254\""));
}

TEST_CASE("known MACs pin HWADDR, and bonding options are settable", "[net][render]") {
  auto c = plan::make_cluster(plan::InitOptions{});
  c.node("an-node02")->interfaces[0].mac = "52:54:00:aa:bb:cc";  // eth0
  c = plan::set_value(c, "sn.bond-options", "mode=1 miimon=50 primary=eth4");
  auto files = net::render_el6(c, *c.node("an-node02"));
  CHECK(has_line(file(files, "ifcfg-eth0"), "HWADDR=\"52:54:00:aa:bb:cc\""));
  CHECK(has_line(file(files, "ifcfg-bond1"), "BONDING_OPTS=\"mode=1 miimon=50 primary=eth4\""));
  CHECK(has_line(file(files, "ifcfg-bond1"), "IPADDR=\"10.10.0.2\""));
  CHECK(net::is_kept_el6_file("ifcfg-lo"));
  CHECK_FALSE(net::is_kept_el6_file("ifcfg-eth9"));
  CHECK_FALSE(net::is_kept_el6_file("ifcfg-eth0.100"));  // a VLAN: a real interface
  CHECK(net::is_kept_el6_file("ifcfg-eth0.bak"));
  CHECK(net::is_kept_el6_file("ifcfg-eth0~"));
  CHECK(net::is_kept_el6_file("ifcfg-bond0.rpmsave"));
}
