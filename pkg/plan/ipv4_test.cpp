#include <catch2/catch.hpp>

#include "plan/ipv4.hpp"

using anvil::plan::Cidr;
using anvil::plan::Ipv4;

TEST_CASE("IPv4 addresses parse strictly and print canonically", "[plan][ipv4]") {
  CHECK(Ipv4::parse("10.20.0.1")->str() == "10.20.0.1");
  CHECK(Ipv4::parse("255.255.255.255")->value == 0xffffffffu);
  CHECK(Ipv4::parse("0.0.0.0")->value == 0u);
  for (const char* bad : {"", "10.20.0", "10.20.0.1.5", "10.20.0.256", "10.020.0.1", "10.20.0.-1", "a.b.c.d",
                          "10.20.0.1 ", " 10.20.0.1", "10..0.1", "1e1.0.0.1", "10.20.0.1/16"}) {
    INFO(bad);
    CHECK_FALSE(Ipv4::parse(bad));
  }
}

TEST_CASE("CIDR networks must be given by their base address", "[plan][ipv4]") {
  auto bcn = Cidr::parse("10.20.0.0/16");
  REQUIRE(bcn);
  CHECK(bcn->str() == "10.20.0.0/16");
  CHECK(bcn->last().str() == "10.20.255.255");
  CHECK(bcn->contains(*Ipv4::parse("10.20.3.4")));
  CHECK_FALSE(bcn->contains(*Ipv4::parse("10.21.0.1")));
  CHECK_FALSE(Cidr::parse("10.20.0.1/16"));  // a host address is a typo, not a network
  CHECK_FALSE(Cidr::parse("10.20.0.0/33"));
  CHECK_FALSE(Cidr::parse("10.20.0.0"));
  CHECK_FALSE(Cidr::parse("10.20.0.0/"));
  CHECK(Cidr::parse("0.0.0.0/0")->contains(*Ipv4::parse("8.8.8.8")));
}

TEST_CASE("host addresses exclude the network and broadcast addresses", "[plan][ipv4]") {
  auto net = *Cidr::parse("192.168.1.0/24");
  CHECK_FALSE(net.is_host(*Ipv4::parse("192.168.1.0")));
  CHECK_FALSE(net.is_host(*Ipv4::parse("192.168.1.255")));
  CHECK(net.is_host(*Ipv4::parse("192.168.1.1")));
  auto p2p = *Cidr::parse("192.168.1.0/31");
  CHECK(p2p.is_host(*Ipv4::parse("192.168.1.0")));
  CHECK(net.at(255)->str() == "192.168.1.255");
  CHECK_FALSE(net.at(256));
}

TEST_CASE("overlapping networks are detected both ways", "[plan][ipv4]") {
  auto big = *Cidr::parse("10.0.0.0/8");
  auto small = *Cidr::parse("10.20.0.0/16");
  auto other = *Cidr::parse("192.168.0.0/16");
  CHECK(big.overlaps(small));
  CHECK(small.overlaps(big));
  CHECK_FALSE(small.overlaps(other));
}
