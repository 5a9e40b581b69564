#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "net/ip_link.hpp"
#include "plan/names.hpp"

using namespace anvil;

// As EL6's iproute (2.6.32) prints it: a backslash joins the two lines.
static const char* el6_output =
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 16436 qdisc noqueue state UNKNOWN \\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "2: eth0: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master bond0 state UP qlen 1000\\    link/ether 00:E0:81:C7:EC:49 brd ff:ff:ff:ff:ff:ff\n"
    "3: eth1: <NO-CARRIER,BROADCAST,MULTICAST,SLAVE,UP> mtu 1500 qdisc mq master bond1 state DOWN qlen 1000\\    link/ether 00:e0:81:c7:ec:48 brd ff:ff:ff:ff:ff:ff\n"
    "8: bond0: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP \\    link/ether 00:e0:81:c7:ec:49 brd ff:ff:ff:ff:ff:ff\n"
    "11: vbr0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN \\    link/ether 00:e0:81:c7:ec:49 brd ff:ff:ff:ff:ff:ff\n";

// As current iproute2 prints it (veth pairs carry @peer).
static const char* current_output =
    "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
    "5: veth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master vbr0 state UP mode DEFAULT group default qlen 1000\\    link/ether 6a:1f:0b:aa:10:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n"
    "6: tun0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN mode DEFAULT group default qlen 500\\    link/none \n";

TEST_CASE("ip -o link from EL6 and current iproute", "[net][parse]") {
  auto old = net::parse_ip_link(el6_output);
  REQUIRE(old.size() == 5);
  CHECK(old[1].name == "eth0");
  CHECK(old[1].mac == "00:e0:81:c7:ec:49");  // lower-cased
  CHECK(old[1].state == "UP");
  CHECK(old[2].state == "DOWN");
  CHECK(old[0].type == "loopback");
  auto now = net::parse_ip_link(current_output);
  REQUIRE(now.size() == 3);
  CHECK(now[1].name == "veth0");
  CHECK(now[1].index == 5);
  CHECK(now[1].mac == "6a:1f:0b:aa:10:02");
  CHECK(now[2].type == "none");
  CHECK(now[2].mac.empty());
}

TEST_CASE("garbage is refused with the line", "[net][parse]") {
  CHECK_THROWS_WITH(net::parse_ip_link("hello world\n"), Catch::Contains("line 1 is not `ip -o link` output"));
  CHECK_THROWS_WITH(net::parse_ip_link(std::string(el6_output) + "x: y: <UP>\n"), Catch::Contains("line 6"));
  CHECK(plan::normal_mac("52:54:00:AB:cd:01") == "52:54:00:ab:cd:01");
  CHECK(plan::normal_mac("52:54:00:ab:cd").empty());
  CHECK(plan::normal_mac("52-54-00-ab-cd-01").empty());
}
