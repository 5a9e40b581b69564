// `anvil net status|check` and `net apply --restart` against nodes with a
// network of their own: each sshd node runs in its own network namespace
// with real bridges, veth links and the seed's addresses, reached through
// its BCN address (tests/harness/sshd-nodes --netns). The kernel here has no
// bonding driver, so the bonds are veths named bond0..bond2; the "network
// restart" is tests/harness/netns-network-restart, which applies the ifcfg
// files to the namespace with ip(8), so a wrong BCN address really cuts the
// node off.
#include <catch2/catch.hpp>

#include <filesystem>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

std::string restart_command() { return "sh " + std::string(ANVIL_SOURCE_DIR) + "/tests/harness/netns-network-restart"; }

bool has_line_with(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("net status and check read the nodes' own bridges, links and addresses", "[ssh][net][netns]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  auto status = c.json({"net", "status", "--all"});
  auto& n2 = status["nodes"][0];
  REQUIRE(n2["ok"] == true);
  CHECK(n2["bonds"].empty());  // no bonding driver in this kernel
  json expected_addresses = json::array({{{"interface", "vbr0"}, {"address", "10.20.0.2"}, {"prefix", 16}},
                                         {{"interface", "bond1"}, {"address", "10.10.0.2"}, {"prefix", 16}},
                                         {{"interface", "vbr2"}, {"address", "10.255.0.2"}, {"prefix", 16}}});
  for (auto& want : expected_addresses) {
    bool found = false;
    for (auto& a : n2["addresses"]) found = found || a == want;
    CHECK(found);
  }
  CHECK(n2["bridges"]["vbr0"] == json::array({"bond0"}));
  CHECK(n2["bridges"]["vbr2"] == json::array({"bond2"}));
  CHECK(status["nodes"][1]["bridges"]["vbr2"] == json::array({"bond2"}));

  auto check = c.run({"net", "check", "an-node03"});
  CHECK(check.status == 2);  // the bonds are missing, nothing else
  CHECK(has_line_with(check.out, "OK net.address-ok an-node03 vbr0: 10.20.0.3/16 on vbr0 (bcn)"));
  CHECK(has_line_with(check.out, "OK net.address-ok an-node03 bond1: 10.10.0.3/16 on bond1 (sn)"));
  CHECK(check.out.find("bridge-") == std::string::npos);

  // Break the node's network for real, from outside, and see check say so.
  auto ns = c.netns_of("127.0.0.3");
  REQUIRE(run_process({"ip", "-n", ns, "addr", "del", "10.10.0.3/16", "dev", "bond1"}).status == 0);
  REQUIRE(run_process({"ip", "-n", ns, "addr", "add", "10.10.0.3/16", "dev", "vbr2"}).status == 0);
  REQUIRE(run_process({"ip", "-n", ns, "link", "set", "bond2", "nomaster"}).status == 0);  // not bond0: the BCN is how anvil gets in
  auto broken = c.run({"net", "check", "an-node03"}).out;
  CHECK(has_line_with(broken, "CRITICAL net.address-misplaced an-node03 bond1: the sn address 10.10.0.3 is on vbr2 (/16), not 10.10.0.3/16 on bond1"));
  CHECK(has_line_with(broken, "CRITICAL net.bridge-port-missing an-node03 vbr2: bond2 is not a port of vbr2: the ifn is cut off from it"));
  CHECK(c.run({"net", "check", "an-node02"}).out.find("address-misplaced") == std::string::npos);
}

TEST_CASE("net apply --restart: a restart that cuts the node off is rolled back by the guard; a good one is confirmed",
          "[ssh][net][netns][guard]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  for (const char* addr : {"127.0.0.2", "127.0.0.3"})
    REQUIRE(c.ssh(addr, "mkdir -p /etc/sysconfig/network-scripts").status == 0);
  auto vbr0 = [&](const std::string& addr) { return c.etc_file(addr, "sysconfig/network-scripts/ifcfg-vbr0"); };
  auto addresses = [&](const std::string& addr) {
    return run_process({"ip", "-n", c.netns_of(addr), "-o", "-4", "addr", "show", "dev", "vbr0"}).out;
  };

  // A dry run says what it would do, and does nothing: no file, no guard.
  auto dry = c.run_ok({"--dry-run", "net", "apply", "--all", "--restart", "--restart-command", restart_command()});
  CHECK(has_line_with(dry.out, "would then restart networking one node at a time with `" + restart_command() + "`"));
  CHECK(has_line_with(dry.out, "/var/lib/anvil/net-guard/run-"));  // the guard's preparation, as a planned command
  CHECK(!std::filesystem::exists(vbr0("127.0.0.2")));
  CHECK(c.ssh("127.0.0.2", "test ! -e /var/lib/anvil/net-guard").status == 0);

  // The files as planned, without a restart: the baseline the guard keeps.
  c.run_ok({"net", "apply", "--all"});
  // A wrong BCN address for an-node02: its restart moves vbr0 to .99, and
  // anvil, which reaches it at 10.20.0.2, loses it.
  c.run_ok({"ip-plan", "set", "an-node02.bcn", "10.20.0.99"});
  c.run_ok({"ip-plan", "set", "ifn.dns", "10.255.255.253"});  // a harmless change for both nodes
  auto started = std::chrono::steady_clock::now();
  auto bad = c.run({"--json", "net", "apply", "--all", "--restart", "--yes", "--confirm-timeout", "8", "--restart-command",
                    restart_command(), "--reason", "guard test"});
  auto took = std::chrono::steady_clock::now() - started;
  INFO(bad.out << bad.err);
  CHECK(bad.status == 1);
  auto result = json::parse(bad.out);
  CHECK(result["nodes"][0]["restart"]["outcome"] == "rolled-back");
  CHECK(result["nodes"][0]["restart"]["seconds"].get<double>() >= 7.0);
  CHECK(result["nodes"][1]["restart"]["outcome"] == "not-restarted");  // one node at a time: an-node03 was spared
  CHECK(took >= std::chrono::seconds(8));
  // an-node02 is as it was: old file, old address, reachable.
  CHECK(has_line_with(read_file(vbr0("127.0.0.2")), "IPADDR=\"10.20.0.2\""));
  CHECK(has_line_with(addresses("127.0.0.2"), "10.20.0.2/16"));
  CHECK(!has_line_with(addresses("127.0.0.2"), "10.20.0.99"));
  CHECK(c.run_ok({"node", "exec", "an-node02", "--", "true"}).status == 0);
  // an-node03 has its new files (written before the restarts), not restarted.
  CHECK(has_line_with(read_file(c.etc_file("127.0.0.3", "sysconfig/network-scripts/ifcfg-vbr2")), "DNS1=\"10.255.255.253\""));
  // The ledger tells what happened.
  auto run_id = result["run_id"].get<int>();
  auto changes = c.json({"history", "show", std::to_string(run_id)})["changes"];
  std::string restart_status;
  for (auto& ch : changes)
    if (ch["kind"] == "command" && ch["node"] == "an-node02" &&
        ch["target"].get<std::string>().rfind("restart networking (guarded", 0) == 0)
      restart_status = ch["status"];
  CHECK(restart_status.rfind("failed: no confirmation within the timeout; rolled back by the guard after ", 0) == 0);

  // The same in text: one line on stderr that says what happened.
  c.run_ok({"ip-plan", "set", "an-node02.bcn", "10.20.0.2"});
  auto good = c.run({"net", "apply", "--all", "--restart", "--yes", "--confirm-timeout", "30", "--restart-command",
                     restart_command()});
  INFO(good.out << good.err);
  CHECK(good.status == 0);
  CHECK(has_line_with(good.out, "an-node02: networking restarted; reachable again after "));
  CHECK(has_line_with(good.out, "an-node03: networking restarted; reachable again after "));
  CHECK(has_line_with(addresses("127.0.0.2"), "10.20.0.2/16"));
  // Confirmed guards are done: no lock owner left behind, state "confirmed".
  auto state = c.ssh("127.0.0.3", "sleep 2; cat /var/lib/anvil/net-guard/run-*/state | sort | uniq -c");
  CHECK(has_line_with(state.out, "confirmed"));
  CHECK(c.ssh("127.0.0.3", "test ! -e /var/lock/anvil.owner").status == 0);
}

TEST_CASE("net apply --restart: a failing restart command rolls back at once", "[ssh][net][netns][guard]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  REQUIRE(c.ssh("127.0.0.3", "mkdir -p /etc/sysconfig/network-scripts").status == 0);
  c.run_ok({"net", "apply", "an-node03"});
  c.run_ok({"ip-plan", "set", "ifn.dns", "10.255.255.253"});
  // Fails on the new files only, like a restart that chokes on a bad option.
  auto choke = "if grep -q 10.255.255.253 /etc/sysconfig/network-scripts/ifcfg-vbr2; then echo 'vbr2: bad DNS1' >&2; exit 6; fi; " +
               restart_command();
  auto r = c.run({"net", "apply", "an-node03", "--restart", "--yes", "--confirm-timeout", "60", "--restart-command", choke});
  CHECK(r.status == 1);
  CHECK(has_line_with(r.err, "an-node03: the restart command failed (exit 6: vbr2: bad DNS1); "
                             "the guard put the previous files back and restarted networking"));
  CHECK(!has_line_with(read_file(c.etc_file("127.0.0.3", "sysconfig/network-scripts/ifcfg-vbr2")), "10.255.255.253"));
}
