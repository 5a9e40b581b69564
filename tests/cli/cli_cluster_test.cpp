// `anvil cluster status|check` from captures of cman_tool status, cman_tool
// nodes and clustat -x (tests/fixtures/cluster, in the formats of RHCS 3).
#include <catch2/catch.hpp>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

namespace {
std::string capture(const std::string& name) { return std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/cluster/" + name + ".txt"; }
bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// The plan the captures come from: the tutorial's names.
void alteeve(const Anvil& a) {
  a.run_ok({"ip-plan", "init", "--domain", "alteeve.ca"});
  a.run_ok({"ip-plan", "add", "vm", "vm01-web"});
  a.run_ok({"ip-plan", "add", "vm", "vm02-db"});
}
}  // namespace

TEST_CASE("cluster status and check from captures", "[cli][cluster][check]") {
  Anvil a;
  alteeve(a);
  auto status = a.run_ok({"cluster", "status", "an-node01", "--from", capture("healthy")});
  CHECK(has(status.out, "cluster an-cluster-01, config_version 7: quorate, votes 2 of 1 expected (quorum 1), two_node\n"));
  CHECK(has(status.out, "service:storage_n02  started  an-node02.alteeve.ca"));
  auto j = a.json({"cluster", "status", "an-node01", "--from", capture("healthy")});
  CHECK(j["schema_version"] == 1);
  CHECK(j["nodes"][0]["state"]["quorum"]["two_node"] == true);
  CHECK(j["nodes"][0]["state"]["members"].size() == 2);

  // Healthy but for vm02-db, which the plan prefers on the first node.
  auto healthy = a.run({"cluster", "check", "an-node01", "--from", capture("healthy"), "--format", "nagios"});
  CHECK(healthy.status == 1);
  CHECK(healthy.out.rfind("CLUSTER WARNING: 1 WARNING", 0) == 0);
  CHECK(has(healthy.out, "members=2;;;0;2"));
  auto lost = a.run({"cluster", "check", "an-node01", "--from", capture("peer-lost")});
  CHECK(lost.status == 2);
  CHECK(has(lost.out, "CRITICAL cluster.member-missing an-node02: an-node02 is not a cluster member: cman_tool nodes shows it dead (X)"));
  auto failed = a.run({"cluster", "check", "an-node01", "--from", capture("service-failed")});
  CHECK(has(failed.out, "CRITICAL cluster.service-failed service:storage_n02"));
  auto inquorate = a.run({"cluster", "check", "an-node01", "--from", capture("not-quorate")});
  CHECK(has(inquorate.out, "CRITICAL cluster.not-quorate an-cluster-01"));
  CHECK(has(inquorate.out, "CRITICAL cluster.two-node-wrong an-cluster-01"));
  CHECK(has(a.run({"cluster", "check", "an-node01", "--from", capture("no-rgmanager")}).out, "cluster.rgmanager-down"));
  CHECK(has(a.run({"cluster", "check", "an-node01", "--from", capture("vm-on-other-node")}).out,
            "WARNING cluster.vm-outside-domain vm:vm01-web: vm:vm01-web runs on an-node02, not on its preferred node an-node01"));
  auto down = a.run({"cluster", "check", "an-node01", "--from", capture("cman-down"), "--json"});
  CHECK(down.status == 2);
  CHECK(nlohmann::json::parse(down.out)["findings"][0]["id"] == "cluster.cman-down");
}

TEST_CASE("cluster check: malformed captures and bad arguments, one line, UNKNOWN", "[cli][cluster][check]") {
  Anvil a;
  alteeve(a);
  auto before = read_file(a.ledger());
  auto garbage = a.run({"cluster", "check", "an-node01", "--from", capture("garbage-status-number")});
  CHECK(garbage.status == 3);
  CHECK(garbage.out.rfind("UNKNOWN: ", 0) == 0);
  CHECK(lines(garbage.err).size() == 1);
  CHECK(has(garbage.err, "line 10 of the cluster state: Expected votes: 'two' is not a number"));
  CHECK(a.run({"cluster", "status", "an-node01", "--from", capture("garbage-clustat-broken")}).status == 1);
  CHECK(a.run({"cluster", "check", "--all", "--from", capture("healthy")}).status == 3);
  CHECK(a.run({"cluster", "check", "an-node01", "--format", "xml"}).status == 3);
  CHECK(read_file(a.ledger()) == before);
}
