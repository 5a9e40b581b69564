// The binary's surface: help, version, usage errors, init and show.
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;
using nlohmann::json;

TEST_CASE("the version names anvil and the libraries of this build", "[cli]") {
  Anvil a;
  auto r = a.run_ok({"--version"});
  CHECK(r.out.rfind("anvil 0.1.0\n", 0) == 0);
  CHECK(r.out.find("SQLite 3.") != std::string::npos);
  CHECK(r.out.find("libssh 0.") != std::string::npos);
  if (static_build())
    CHECK(r.out.find("libvirt through virsh") != std::string::npos);
  else
    CHECK(r.out.find("libvirt 9.") != std::string::npos);
}

TEST_CASE("help lists the commands and the global options", "[cli]") {
  Anvil a;
  auto r = a.run_ok({"--help"});
  for (const char* word : {"ip-plan", "history", "--ledger", "--json", "--dry-run", "--yes", "--reason", "--verbose",
                           "--color", "--cluster", "--version"}) {
    INFO(word);
    CHECK(r.out.find(word) != std::string::npos);
  }
  CHECK(a.run_ok({"ip-plan", "--help"}).out.find("init") != std::string::npos);
}

TEST_CASE("usage errors: one line on stderr, exit 2, nothing created", "[cli]") {
  Anvil a;
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  std::vector<Case> cases = {
      {{}, "subcommand"},
      {{"frobnicate"}, "frobnicate"},
      {{"ip-plan", "show", "--bogus"}, "--bogus"},
      {{"--color", "sometimes", "history"}, "sometimes"},
      {{"ip-plan", "init", "--bcn", "10.20.0.0/33"}, "invalid bcn subnet '10.20.0.0/33'"},
      {{"ip-plan", "init", "--ifn", "10.255.0.1/16"}, "invalid ifn subnet"},
      {{"ip-plan", "init", "--name", "an-cluster-000001"}, "cman allows at most 15"},
      {{"ip-plan", "init", "--nodes", "an-node01"}, "exactly two node names"},
      {{"ip-plan", "init", "--nodes", "an-node01,Node;rm"}, "node name 'Node;rm'"},
      {{"ip-plan", "init", "--number", "0"}, "outside 1-255"},
      {{"ip-plan", "init", "--profile", "el9"}, "unknown profile"},
      {{"ip-plan", "init", "--nodes", "n0,n1"}, "node numbers (the digits a name ends in) must be 1-254"},
      {{"--json", "--dry-run", "bogus"}, "unknown command 'bogus'"},
      {{"--dry-run", "ip-plan", "bogus"}, "unknown command 'ip-plan bogus'"},
  };
  for (auto& c : cases) {
    std::string joined;
    for (auto& w : c.args) joined += w + " ";
    INFO("anvil " << joined);
    auto r = a.run(c.args);
    CHECK(r.status == 2);
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK(r.out.empty());
  }
  CHECK_FALSE(std::filesystem::exists(a.ledger()));
}

TEST_CASE("with --json an error is a JSON object on stderr", "[cli]") {
  Anvil a;
  auto r = a.run({"ip-plan", "show", "--json"});
  CHECK(r.status == 1);
  auto e = json::parse(r.err);
  CHECK(e["schema_version"] == 1);
  CHECK(e["error"]["kind"] == "failed");
  CHECK(e["error"]["message"].get<std::string>().find("anvil ip-plan init") != std::string::npos);
  auto u = a.run({"ip-plan", "init", "--bcn", "x", "--json=true"});
  CHECK(u.status == 2);
  CHECK(json::parse(u.err)["error"]["kind"] == "usage");
}

TEST_CASE("init plans the seed's cluster and show prints it", "[cli][golden]") {
  Anvil a;
  auto r = a.run_ok({"ip-plan", "init"});
  CHECK(r.err.find("planned cluster an-cluster-01 in " + a.ledger()) != std::string::npos);
  check_golden("ip-plan-show-seed.txt", a.run_ok({"ip-plan", "show"}).out);
  CHECK(r.out == a.run_ok({"ip-plan", "show"}).out);
  check_golden("ip-plan-show-seed.hosts", a.run_ok({"ip-plan", "show", "--format", "hosts"}).out);
  check_golden("ip-plan-show-seed.csv", a.run_ok({"ip-plan", "show", "--format=csv"}).out);
  check_golden("ip-plan-show-seed.json", a.run_ok({"ip-plan", "show", "--json"}).out);
  // --format json and --json are the same document
  CHECK(a.run_ok({"ip-plan", "show", "--format", "json"}).out == a.run_ok({"ip-plan", "show", "--json"}).out);
}

TEST_CASE("show --json carries the plan", "[cli]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto doc = a.json({"ip-plan", "show"});
  CHECK(doc["schema_version"] == 1);
  auto& c = doc["cluster"];
  CHECK(c["name"] == "an-cluster-01");
  CHECK(c["nodes"][0]["addresses"]["bcn"] == "10.20.0.1");
  CHECK(c["nodes"][1]["addresses"]["sn"] == "10.10.0.2");
  CHECK(c["nodes"][1]["addresses"]["ifn"] == "10.255.0.2");
  CHECK(c["devices"][0]["address"] == "10.20.1.1");
  CHECK(c["networks"][1]["bridge"].is_null());
}

TEST_CASE("a plan with changed subnets", "[cli][golden]") {
  Anvil a;
  a.run_ok({"ip-plan", "init", "--name", "lab-7", "--number", "7", "--domain", "lab.example.org", "--nodes",
            "lab-n11,lab-n12", "--bcn", "172.16.0.0/16", "--sn", "172.17.0.0/16", "--ifn", "192.168.0.0/16"});
  a.run_ok({"ip-plan", "add", "vm", "web1"});
  a.run_ok({"ip-plan", "add", "device", "pdu", "pdu1"});
  check_golden("ip-plan-show-lab.hosts", a.run_ok({"ip-plan", "show", "--format", "hosts"}).out);
  auto c = a.json({"ip-plan", "show"})["cluster"];
  CHECK(c["nodes"][0]["addresses"]["bcn"] == "172.16.0.11");
  CHECK(c["vms"][0]["address"] == "192.168.7.1");
  CHECK(c["devices"][2]["address"] == "172.16.2.1");
}

TEST_CASE("init refuses a cluster that is already planned and overlapping networks", "[cli]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto again = a.run({"ip-plan", "init"});
  CHECK(again.status == 1);
  CHECK(again.err == "anvil: cluster 'an-cluster-01' is already planned in " + a.ledger() +
                         "; change it with `anvil ip-plan set`, or choose another name\n");
  auto overlap = a.run({"ip-plan", "init", "--name", "other", "--number", "2", "--sn", "10.20.0.0/16"});
  CHECK(overlap.status == 1);
  CHECK(overlap.err.find("overlaps") != std::string::npos);
  CHECK(a.json({"ip-plan", "list"})["clusters"].size() == 1);
}

TEST_CASE("a dry-run init creates no ledger", "[cli]") {
  Anvil a;
  auto r = a.run_ok({"--dry-run", "ip-plan", "init"});
  CHECK(r.err.find("dry run") != std::string::npos);
  CHECK(r.out.find("10.20.0.1") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(a.ledger()));
}

TEST_CASE("colour only when asked or on a terminal", "[cli]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  CHECK(a.run_ok({"ip-plan", "show"}).out.find("\033[") == std::string::npos);
  CHECK(a.run_ok({"ip-plan", "show", "--color", "always"}).out.find("\033[1m") != std::string::npos);
  auto err = a.run({"ip-plan", "remove", "vm", "ghost", "--color=always"});
  CHECK(err.err.find("\033[31m") != std::string::npos);
}
