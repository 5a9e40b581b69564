// Editing the plan: add, set, remove, check, history, and the promise that a
// refused command leaves the ledger as it was.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

void sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

struct Planned : Anvil {
  Planned() { run_ok({"ip-plan", "init"}); }
};

}  // namespace

TEST_CASE("devices and VMs get the next conventional address", "[cli][edit]") {
  Planned a;
  CHECK(a.run_ok({"ip-plan", "add", "device", "pdu", "pdu1"}).out == "+ pdu1 10.20.2.1\n");
  CHECK(a.run_ok({"ip-plan", "add", "device", "pdu", "pdu2"}).out == "+ pdu2 10.20.2.2\n");
  CHECK(a.run_ok({"ip-plan", "add", "device", "switch", "switch1"}).out == "+ switch1 10.20.3.1\n");
  CHECK(a.run_ok({"ip-plan", "add", "device", "ups", "ups1"}).out == "+ ups1 10.20.3.2\n");
  CHECK(a.run_ok({"ip-plan", "add", "vm", "vm01-dev"}).out == "+ vm01-dev 10.255.1.1\n");
  CHECK(a.run_ok({"ip-plan", "add", "vm", "vm02", "--address", "10.255.1.50"}).out == "+ vm02 10.255.1.50\n");
  CHECK(a.run_ok({"ip-plan", "remove", "device", "pdu1"}).out == "- pdu1 10.20.2.1\n");
  CHECK(a.run_ok({"ip-plan", "add", "device", "pdu", "pdu3"}).out == "+ pdu3 10.20.2.1\n");
  auto edit = a.json({"ip-plan", "set", "an-node01.bcn", "10.20.0.11"});
  CHECK(edit["dry_run"] == false);
  CHECK(edit["run_id"].is_number());
  CHECK(edit["changes"] == json::parse(R"([{"key":"an-node01.bcn","before":"10.20.0.1","after":"10.20.0.11"}])"));
  CHECK(a.run_ok({"ip-plan", "check"}).out == "ok: the plan of cluster an-cluster-01 has no problems\n");
}

TEST_CASE("refused edits: one line, the documented exit code, the ledger unchanged", "[cli][edit]") {
  Planned a;
  a.run_ok({"ip-plan", "add", "vm", "vm1"});
  auto before = read_file(a.ledger());
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string says;
  };
  std::vector<Case> cases = {
      {{"ip-plan", "set", "an-node01.bcn", "10.20.0.2"}, 1, "already used by"},
      {{"ip-plan", "set", "an-node01.sn", "10.11.0.1"}, 1, "outside the sn network 10.10.0.0/16"},
      {{"ip-plan", "set", "an-node01.sn", "10.10.255.255"}, 1, "network or broadcast address"},
      {{"ip-plan", "set", "an-node09.bcn", "10.20.0.9"}, 2, "unknown key 'an-node09.bcn'"},
      {{"ip-plan", "set", "an-node01.bcn", "10.20.0.300"}, 2, "invalid address '10.20.0.300'"},
      {{"ip-plan", "set", "sn.subnet", "10.20.0.0/16"}, 1, "overlaps"},
      {{"ip-plan", "set", "ifn.subnet", "10.255.0.0"}, 2, "invalid subnet"},
      {{"ip-plan", "set", "cluster.name", "a-very-long-cluster"}, 2, "at most 15"},
      {{"ip-plan", "set", "an-node01.bcn"}, 2, "needs a KEY and a VALUE"},
      {{"ip-plan", "add", "vm", "vm1"}, 1, "already in the plan"},
      {{"ip-plan", "add", "vm", "VM_2"}, 2, "vm name 'VM_2'"},
      {{"ip-plan", "add", "vm", "vm3", "--address", "10.20.0.1"}, 1, "outside the ifn network"},
      {{"ip-plan", "add", "device", "toaster", "t1"}, 2, "toaster"},
      {{"ip-plan", "remove", "vm", "ghost"}, 1, "no vm 'ghost'"},
      {{"ip-plan", "remove", "device", "an-node01-ipmi"}, 1, "IPMI BMC of node an-node01"},
      {{"ip-plan", "remove", "node", "an-node01"}, 2, "node"},
  };
  for (auto& c : cases) {
    std::string joined;
    for (auto& w : c.args) joined += w + " ";
    INFO("anvil " << joined << "\nstderr: " << a.run(c.args).err);
    auto r = a.run(c.args);
    CHECK(r.status == c.status);
    CHECK(lines(r.err).size() == 1);
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK(r.out.empty());
  }
  CHECK(read_file(a.ledger()) == before);
  CHECK(a.json({"history"})["runs"].size() == 2);
}

TEST_CASE("a dry run shows the change and writes nothing", "[cli][edit]") {
  Planned a;
  auto before = read_file(a.ledger());
  auto r = a.run_ok({"--dry-run", "ip-plan", "set", "ifn.subnet", "10.99.0.0/16"});
  CHECK(r.out ==
        "~ ifn.subnet 10.255.0.0/16 -> 10.99.0.0/16\n"
        "~ ifn.gateway 10.255.255.254 -> 10.99.255.254\n"
        "~ ifn.dns 10.255.255.254 -> 10.99.255.254\n"
        "~ an-node01.ifn 10.255.0.1 -> 10.99.0.1\n"
        "~ an-node02.ifn 10.255.0.2 -> 10.99.0.2\n");
  CHECK(r.err == "anvil: dry run: the ledger was not changed\n");
  auto j = a.json({"ip-plan", "add", "vm", "vm1", "--dry-run"});
  CHECK(j["dry_run"] == true);
  CHECK(j["run_id"].is_null());
  CHECK(read_file(a.ledger()) == before);
}

TEST_CASE("history records every change with who, why and what", "[cli][history]") {
  Planned a;
  a.run_ok({"ip-plan", "add", "device", "pdu", "pdu1", "--reason", "rack B PDU installed"});
  a.run_ok({"--dry-run", "ip-plan", "add", "vm", "never"});
  auto runs = a.json({"history"})["runs"];
  REQUIRE(runs.size() == 2);
  CHECK(runs[0]["command"] == "ip-plan add device");
  CHECK(runs[0]["reason"] == "rack B PDU installed");
  CHECK(runs[0]["summary"] == "+ pdu1 10.20.2.1");
  CHECK(runs[0]["exit_status"] == 0);
  CHECK(runs[0]["changes"] == 1);
  CHECK(runs[0]["argv"][1] == "ip-plan");
  CHECK(runs[0]["argv"].back() == "rack B PDU installed");
  CHECK(runs[1]["command"] == "ip-plan init");
  CHECK(runs[1]["reason"].is_null());
  CHECK(runs[0]["id"].get<int>() > runs[1]["id"].get<int>());
  CHECK(a.json({"history", "--limit", "1"})["runs"].size() == 1);
  auto text = a.run_ok({"history"}).out;
  CHECK(lines(text).size() == 3);
  CHECK(text.find("+ pdu1 10.20.2.1 (rack B PDU installed)") != std::string::npos);
  CHECK(a.run({"history", "--limit", "0"}).status == 2);
}

TEST_CASE("check reports every problem of a plan edited behind anvil's back", "[cli][check]") {
  Planned a;
  a.run_ok({"ip-plan", "add", "vm", "vm1"});
  sql(a.ledger(),
      "UPDATE addresses SET address = '10.20.0.1' WHERE address = '10.20.0.2';"
      "UPDATE addresses SET address = '10.99.0.1' WHERE address = '10.255.1.1';"
      "UPDATE clusters SET name = 'a-cluster-name-too-long';");
  auto r = a.run({"ip-plan", "check"});
  CHECK(r.status == 1);
  auto out = lines(r.out);
  CHECK(out.size() == 3);
  CHECK(r.out.find("cluster-name: cluster name 'a-cluster-name-too-long' is 23 characters long") != std::string::npos);
  CHECK(r.out.find("address-duplicate: an-node02.bcn address 10.20.0.1 is already used by an-node01.bcn") !=
        std::string::npos);
  CHECK(r.out.find("address-outside-network: vm1 address 10.99.0.1 is outside the ifn network 10.255.0.0/16") !=
        std::string::npos);
  auto j = json::parse(a.run({"ip-plan", "check", "--json"}).out);
  CHECK(j["ok"] == false);
  CHECK(j["problems"].size() == 3);
  // An edit that does not add a problem is still allowed on such a plan...
  a.run_ok({"ip-plan", "set", "cluster.domain", "example.org"});
  // ...and fixing one is too.
  a.run_ok({"ip-plan", "set", "an-node02.bcn", "10.20.0.2"});
  CHECK(lines(a.run({"ip-plan", "check"}).out).size() == 2);
}

TEST_CASE("several clusters in one ledger", "[cli]") {
  Planned a;
  a.run_ok({"ip-plan", "init", "--name", "an-cluster-02", "--number", "2", "--nodes", "an-node03,an-node04"});
  auto r = a.run({"ip-plan", "show"});
  CHECK(r.status == 2);
  CHECK(r.err.find("choose one with --cluster") != std::string::npos);
  CHECK(a.json({"--cluster", "an-cluster-02", "ip-plan", "show"})["cluster"]["nodes"][0]["name"] == "an-node03");
  RunOptions env;
  env.env["ANVIL_CLUSTER"] = "an-cluster-02";
  auto via_env = a.run({"ip-plan", "add", "vm", "vm1"}, env);
  CHECK(via_env.out == "+ vm1 10.255.2.1\n");
  CHECK(a.run({"--cluster", "nope", "ip-plan", "show"}).status == 1);
  auto list = a.json({"ip-plan", "list"})["clusters"];
  REQUIRE(list.size() == 2);
  CHECK(list[1]["vms"] == 1);
  CHECK(a.json({"--cluster", "an-cluster-01", "history"})["runs"].size() == 1);
}

TEST_CASE("set --list shows every key with its value", "[cli]") {
  Planned a;
  auto keys = a.json({"ip-plan", "set", "--list"})["keys"];
  CHECK(keys["an-node01.ipmi"] == "10.20.1.1");
  CHECK(keys["sn.bridge"] == "none");
  CHECK(keys["bcn.links"] == "eth0,eth3");
  CHECK(keys["cluster.name"] == "an-cluster-01");
}
