#include <catch2/catch.hpp>

#include <algorithm>

#include "plan/derive.hpp"
#include "plan/names.hpp"
#include "plan/validate.hpp"

using namespace anvil::plan;

namespace {

bool has(const std::vector<Problem>& problems, const std::string& id) {
  return std::any_of(problems.begin(), problems.end(), [&](auto& p) { return p.id == id; });
}

Cluster seed() { return make_cluster(InitOptions{}); }

}  // namespace

TEST_CASE("a duplicate address is found and names both holders", "[plan][validate]") {
  auto c = seed();
  c.node("an-node02")->address_on("bcn")->ip = *Ipv4::parse("10.20.0.1");
  auto problems = validate(c);
  REQUIRE(has(problems, "address-duplicate"));
  auto& p = *std::find_if(problems.begin(), problems.end(), [](auto& p) { return p.id == "address-duplicate"; });
  CHECK(p.message.find("an-node01.bcn") != std::string::npos);
  CHECK(p.message.find("an-node02.bcn") != std::string::npos);
}

TEST_CASE("an address outside its network is found", "[plan][validate]") {
  auto c = seed();
  c.node("an-node01")->address_on("sn")->ip = *Ipv4::parse("10.11.0.1");
  CHECK(has(validate(c), "address-outside-network"));
}

TEST_CASE("network and broadcast addresses are not host addresses", "[plan][validate]") {
  auto c = seed();
  c.node("an-node01")->address_on("sn")->ip = *Ipv4::parse("10.10.255.255");
  CHECK(has(validate(c), "address-not-host"));
}

TEST_CASE("overlapping networks are found", "[plan][validate]") {
  auto c = seed();
  c.network("sn")->subnet = *Cidr::parse("10.0.0.0/8");
  auto problems = validate(c);
  CHECK(has(problems, "network-overlap"));
}

TEST_CASE("names that break the rules are found", "[plan][validate]") {
  auto c = seed();
  c.name = "an-cluster-0001-x";  // 17 characters: over cman's 15
  c.vms.push_back({"Bad_Name", 1, {"ifn", *Ipv4::parse("10.255.1.1")}, {}, {}, ""});
  auto problems = validate(c);
  CHECK(has(problems, "cluster-name"));
  CHECK(has(problems, "host-name"));
}

TEST_CASE("one name for two hosts is found", "[plan][validate]") {
  auto c = seed();
  c.vms.push_back({"an-node01", 1, {"ifn", *Ipv4::parse("10.255.1.1")}, {}, {}, ""});
  CHECK(has(validate(c), "name-duplicate"));
}

TEST_CASE("a link in two bonds is found", "[plan][validate]") {
  auto c = seed();
  c.network("sn")->links = {"eth0", "eth4"};
  CHECK(has(validate(c), "interface-duplicate"));
}

TEST_CASE("a two-node cluster has two nodes with distinct numbers", "[plan][validate]") {
  auto c = seed();
  c.nodes[1].number = 1;
  CHECK(has(validate(c), "node-number"));
  c.nodes.pop_back();
  CHECK(has(validate(c), "node-count"));
}

TEST_CASE("a gateway outside its network is found", "[plan][validate]") {
  auto c = seed();
  c.network("ifn")->gateway = *Ipv4::parse("192.168.0.1");
  CHECK(has(validate(c), "gateway-outside-network"));
}

TEST_CASE("new_problems ignores what was already wrong", "[plan][validate]") {
  auto before = seed();
  before.node("an-node01")->address_on("sn")->ip = *Ipv4::parse("10.11.0.1");
  auto after = before;
  after.domain = "example.org";
  CHECK(new_problems(before, after).empty());
  after.node("an-node02")->address_on("bcn")->ip = *Ipv4::parse("10.20.0.1");
  CHECK(has(new_problems(before, after), "address-duplicate"));
}

TEST_CASE("name rules", "[plan][names]") {
  CHECK_FALSE(cluster_name_problem("an-cluster-01"));
  CHECK(cluster_name_problem("an-cluster-00001"));  // 16
  CHECK(cluster_name_problem("1cluster"));
  CHECK_FALSE(host_name_problem("an-node01"));
  CHECK(host_name_problem("An-node01"));
  CHECK(host_name_problem("-node"));
  CHECK(host_name_problem("node-"));
  CHECK(host_name_problem("no de"));
  CHECK(host_name_problem("a;rm -rf /"));
  CHECK(host_name_problem(std::string(64, 'a')));
  CHECK_FALSE(domain_problem("alteeve.ca"));
  CHECK(domain_problem("alteeve..ca"));
  CHECK(domain_problem("Example.com"));
}
