// `anvil net diff|apply` against real sshd nodes whose
// /etc/sysconfig/network-scripts is their own (overlay in a mount namespace).
#include <catch2/catch.hpp>

#include <filesystem>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

TEST_CASE("net diff and apply bring network-scripts in line with the plan, and undo puts them back", "[ssh][net]") {
  NEEDS_ROOT();
  SshCluster c;
  auto no_dir = c.run({"net", "diff", "an-node02"});
  CHECK(no_dir.status == 1);
  CHECK(no_dir.err.find("has no /etc/sysconfig/network-scripts; is it an EL6 node?") != std::string::npos);
  for (const char* addr : {"127.0.0.2", "127.0.0.3"})
    REQUIRE(c.ssh(addr, "mkdir -p /etc/sysconfig/network-scripts && cd /etc/sysconfig/network-scripts && "
                        "printf 'DEVICE=lo\\n' > ifcfg-lo && printf 'DEVICE=eth9\\n' > ifcfg-eth9 && "
                        "printf 'DEVICE=\"eth0\"\\nBOOTPROTO=\"dhcp\"\\n' > ifcfg-eth0")
                .status == 0);
  auto scripts = [&](const std::string& addr, const std::string& name) {
    return c.etc_file(addr, "sysconfig/network-scripts/" + name);
  };

  auto diff = c.run({"net", "diff", "an-node02"});
  CHECK(diff.status == 1);
  CHECK(diff.out.find("-BOOTPROTO=\"dhcp\"") != std::string::npos);
  CHECK(diff.out.find("--- an-node02:/etc/sysconfig/network-scripts/ifcfg-eth9\n+++ /dev/null") != std::string::npos);
  CHECK(diff.out.find("ifcfg-lo") == std::string::npos);

  auto dry = c.run_ok({"net", "apply", "--all", "--dry-run"});
  CHECK(dry.out.find("== an-node03\n") != std::string::npos);
  CHECK(read_file(scripts("127.0.0.2", "ifcfg-eth0")) == "DEVICE=\"eth0\"\nBOOTPROTO=\"dhcp\"\n");

  auto applied = c.run_ok({"net", "apply", "--all", "--reason", "initial network"});
  CHECK(applied.out == "an-node02: 12 file(s) changed\nan-node03: 12 file(s) changed\n");
  CHECK(applied.err.find("networking was not restarted") != std::string::npos);
  CHECK(read_file(scripts("127.0.0.2", "ifcfg-vbr0")).find("IPADDR=\"127.0.0.2\"") != std::string::npos);
  CHECK(read_file(scripts("127.0.0.3", "ifcfg-bond1")).find("IPADDR=\"10.10.0.3\"") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(scripts("127.0.0.2", "ifcfg-eth9")));
  CHECK(read_file(scripts("127.0.0.2", "ifcfg-lo")) == "DEVICE=lo\n");
  CHECK(c.run({"net", "diff", "--all"}).status == 0);
  CHECK(c.run_ok({"net", "apply", "--all"}).out == "an-node02: as planned already\nan-node03: as planned already\n");

  auto run = c.json({"history", "--limit", "2"})["runs"][1];
  CHECK(run["command"] == "net apply");
  CHECK(run["changes"] == 24);
  c.run_ok({"history", "undo", std::to_string(run["id"].get<int>())});
  CHECK(read_file(scripts("127.0.0.2", "ifcfg-eth0")) == "DEVICE=\"eth0\"\nBOOTPROTO=\"dhcp\"\n");
  CHECK(read_file(scripts("127.0.0.3", "ifcfg-eth9")) == "DEVICE=eth9\n");
  CHECK_FALSE(std::filesystem::exists(scripts("127.0.0.2", "ifcfg-vbr2")));
}

TEST_CASE("net map reads the node's links next to the plan's roles", "[ssh][net]") {
  NEEDS_ROOT();
  SshCluster c;
  auto r = c.run_ok({"net", "map", "an-node02"});
  CHECK(r.out.rfind("INTERFACE", 0) == 0);
  // The sshd nodes share this machine's links, which have no eth0..eth5:
  // the plan's NICs show as missing, with their roles.
  CHECK(r.out.find("bcn link 2 (bond0, switch 2)") != std::string::npos);
  auto j = c.json({"net", "map", "an-node02"});
  bool found_role = false;
  for (auto& row : j["interfaces"]) found_role = found_role || row["role"] == "sn link 1 (bond1, switch 1)";
  CHECK(found_role);
}

TEST_CASE("net check on nodes without bonds is CRITICAL, naming each missing bond", "[ssh][net]") {
  NEEDS_ROOT();
  SshCluster c;
  // The test nodes share this machine's kernel, which has no bonding driver.
  auto r = c.run({"net", "check", "--all", "--format", "nagios"});
  CHECK(r.status == 2);
  // 3 bonds, 3 addresses (127.0.0.2 is routed on lo, not assigned) and 2 bridges missing on each node.
  CHECK(r.out.rfind("NET CRITICAL: 16 CRITICAL; an-node02 bond0: bond0 (bcn) does not exist on an-node02", 0) == 0);
  auto text = c.run({"net", "check", "an-node03"}).out;
  CHECK(text.find("CRITICAL net.bridge-missing an-node03 vbr2: bridge vbr2 (ifn) does not exist on an-node03\n") != std::string::npos);
  CHECK(text.find("CRITICAL net.address-missing an-node03 bond1: the sn address 10.10.0.3/16 is not on an-node03\n") != std::string::npos);
  c.harness({"stop", c.dir().file("nodes"), "127.0.0.3"});
  auto one_down = c.run({"net", "check", "--all", "--json"});
  CHECK(one_down.status == 2);
  auto findings = json::parse(one_down.out)["findings"];
  bool unknown = false;
  for (auto& f : findings) unknown = unknown || (f["id"] == "net.node-unreadable" && f["subject"] == "an-node03");
  CHECK(unknown);
}
