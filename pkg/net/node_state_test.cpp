#include <catch2/catch.hpp>

#include <algorithm>

#include "core/error.hpp"
#include "net/address_check.hpp"
#include "net/ip_addr.hpp"
#include "net/node_state.hpp"
#include "plan/derive.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

// An EL6 node of the seed, healthy, as `node_state_script` prints it.
const char* healthy_addr =
    "1: lo    inet 127.0.0.1/8 scope host lo\n"
    "1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever\n"
    "7: bond1    inet 10.10.0.1/16 brd 10.10.255.255 scope global bond1\n"
    "10: vbr0    inet 10.20.0.1/16 brd 10.20.255.255 scope global vbr0\n"
    "11: vbr2    inet 10.255.0.1/16 brd 10.255.255.255 scope global vbr2\n"
    "11: vbr2    inet6 fe80::2e0:81ff:fec7:ec47/64 scope link \\       valid_lft forever preferred_lft forever\n";

std::string capture(const std::string& addr, const std::string& vbr0_ports) {
  std::string bonding = test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/bonding/el6-healthy.bond0");
  return "==> /proc/net/bonding/bond0 <==\n" + bonding + "==> ip -o addr <==\n" + addr +
         "==> /sys/class/net/vbr0/brif <==\n" + vbr0_ports + "==> /sys/class/net/vbr2/brif <==\nbond2\nvnet0\n";
}

std::vector<std::string> ids(const std::vector<check::Finding>& fs) {
  std::vector<std::string> out;
  for (auto& f : fs) out.push_back(std::string(check::severity_name(f.severity)) + " " + f.id + " " + f.subject);
  return out;
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("ip -o addr, old and new", "[net][parse]") {
  auto a = net::parse_ip_addr(healthy_addr);
  REQUIRE(a.size() == 6);
  CHECK(a[3].interface == "vbr0");
  CHECK(a[3].address == "10.20.0.1");
  CHECK(a[3].prefix == 16);
  CHECK(a[1].family == "inet6");
  auto veth = net::parse_ip_addr("5: veth0@if4    inet 192.0.2.1/24 scope global veth0\\       valid_lft forever preferred_lft forever\n");
  CHECK(veth[0].interface == "veth0");
  CHECK_THROWS_WITH(net::parse_ip_addr("garbage here\n"), Catch::Contains("line 1 is not `ip -o addr` output"));
}

TEST_CASE("a node's whole network state from one capture", "[net][parse]") {
  auto s = net::parse_node_state(capture(healthy_addr, "bond0\n"));
  CHECK(s.bonds.size() == 1);
  CHECK(s.has_addresses);
  CHECK(s.addresses.size() == 6);
  CHECK(s.bridge_ports["vbr2"] == std::vector<std::string>{"bond2", "vnet0"});
  CHECK_THROWS_WITH(net::parse_node_state("==> /etc/passwd <==\nroot:x:0:0\n"), Catch::Contains("unknown section"));
}

TEST_CASE("addresses and bridges against the plan", "[net][check]") {
  auto c = plan::make_cluster(plan::InitOptions{});
  auto& n = *c.node("an-node01");
  auto healthy = ids(net::check_addresses(c, n, net::parse_node_state(capture(healthy_addr, "bond0\n"))));
  CHECK(has(healthy, "OK net.address-ok an-node01 vbr0"));
  CHECK(has(healthy, "OK net.address-ok an-node01 bond1"));
  CHECK(has(healthy, "OK net.address-ok an-node01 vbr2"));
  CHECK(healthy.size() == 3);

  std::string broken_addr =
      "2: eth0    inet 10.20.0.1/16 scope global eth0\n"     // the BCN address on a slave
      "7: bond1    inet 10.10.0.9/16 scope global bond1\n";  // a wrong SN address
  auto broken = net::check_addresses(c, n, net::parse_node_state(capture(broken_addr, "")));
  auto b = ids(broken);
  CHECK(has(b, "CRITICAL net.address-misplaced an-node01 vbr0"));
  CHECK(has(b, "CRITICAL net.address-wrong an-node01 bond1"));
  CHECK(has(b, "CRITICAL net.address-missing an-node01 vbr2"));
  CHECK(has(b, "CRITICAL net.bridge-port-missing an-node01 vbr0"));
  auto wrong = std::find_if(broken.begin(), broken.end(), [](auto& f) { return f.id == "net.address-wrong"; });
  CHECK(wrong->message == "bond1 has 10.10.0.9/16, not the planned sn address 10.10.0.1/16");
  CHECK(wrong->fix.find("ip addr add 10.10.0.1/16 dev bond1") != std::string::npos);
}
