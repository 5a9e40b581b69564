// `anvil __complete`: what the shell scripts ask, answered from the command
// tree and the ledger. (The scripts themselves run in real shells in
// tests/shell/completion.sh.)
#include <catch2/catch.hpp>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

namespace {

std::vector<std::string> complete(const Anvil& a, std::vector<std::string> words) {
  words.insert(words.begin(), "__complete");
  auto r = a.run_ok(words);
  CHECK(r.err.empty());
  return lines(r.out);
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("completion offers commands, options and choices from the command tree", "[cli][complete]") {
  Anvil a;
  CHECK(complete(a, {""}) == V{"check", "cluster", "drbd", "fence", "history", "ip-plan", "net", "node", "storage", "vm"});
  CHECK(complete(a, {"ip-plan", ""}) == V{"add", "check", "init", "list", "remove", "set", "show"});
  CHECK(complete(a, {"ip-plan", "s"}) == V{"set", "show"});
  CHECK(complete(a, {"ip-plan", "add", ""}) == V{"device", "vm"});
  CHECK(complete(a, {"ip-plan", "add", "device", ""}) == V{"pdu", "switch", "ups"});
  CHECK(complete(a, {"ip-plan", "show", "--format", ""}) == V{"csv", "hosts", "json", "table"});
  CHECK(complete(a, {"--color", ""}) == V{"always", "auto", "never"});
  auto options = complete(a, {"ip-plan", "show", "--"});
  for (const char* o : {"--format", "--json", "--ledger", "--dry-run", "--help", "--cluster"}) {
    INFO(o);
    CHECK(std::find(options.begin(), options.end(), o) != options.end());
  }
  CHECK(complete(a, {"ip-plan", "init", "--n"}) == V{"--name", "--nodes", "--number"});
  CHECK(complete(a, {"ip-plan", "show", "--format=c"}) == V{"--format=csv"});
  CHECK(complete(a, {"--color=n"}) == V{"--color=never"});
  // flags take no value: the word after them is a command again
  CHECK(complete(a, {"--json", "--dry-run", "-v", "ip-plan", "l"}) == V{"list"});
}

TEST_CASE("completion reads names from the ledger without changing it", "[cli][complete]") {
  Anvil a;
  CHECK(complete(a, {"ip-plan", "set", ""}).empty());  // no ledger yet: nothing, no error, no file
  a.run_ok({"ip-plan", "init"});
  a.run_ok({"ip-plan", "add", "device", "pdu", "pdu1"});
  a.run_ok({"ip-plan", "add", "vm", "vm1"});
  auto before = read_file(a.ledger());
  CHECK(complete(a, {"ip-plan", "remove", "device", ""}) == V{"pdu1"});
  CHECK(complete(a, {"ip-plan", "remove", "vm", ""}) == V{"vm1"});
  CHECK(complete(a, {"ip-plan", "set", "an-node02."}) ==
        V{"an-node02.bcn", "an-node02.eth0.mac", "an-node02.eth0.switch", "an-node02.eth1.mac", "an-node02.eth1.switch",
          "an-node02.eth2.mac", "an-node02.eth2.switch", "an-node02.eth3.mac", "an-node02.eth3.switch", "an-node02.eth4.mac",
          "an-node02.eth4.switch", "an-node02.eth5.mac", "an-node02.eth5.switch", "an-node02.fence-order", "an-node02.fence.ipmi", "an-node02.ifn", "an-node02.ipmi", "an-node02.libvirt-uri", "an-node02.sn",
          "an-node02.ssh-host", "an-node02.ssh-identity", "an-node02.ssh-known-hosts", "an-node02.ssh-port",
          "an-node02.ssh-user"});
  CHECK(complete(a, {"--cluster", ""}) == V{"an-cluster-01"});
  CHECK(complete(a, {"--cluster=an"}) == V{"--cluster=an-cluster-01"});
  CHECK(complete(a, {"ip-plan", "set", "--dry-run", "an-node01.i"}) == V{"an-node01.ifn", "an-node01.ipmi"});
  CHECK(complete(a, {"--cluster=an-cluster-01", "ip-plan", "set", "pd"}) == V{"pdu1", "pdu1.agent", "pdu1.login"});
  auto other = a.dir().file("other.db");
  a.run_ok({"--ledger", other, "ip-plan", "init", "--name", "lab"});
  CHECK(complete(a, {"--ledger", other, "--cluster", ""}) == V{"lab"});
  CHECK(read_file(a.ledger()) == before);
}

TEST_CASE("completion names the plan's guests, DRBD resources, fence devices and methods, and clustered VGs", "[cli][complete]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  a.run_ok({"drbd", "add", "r0", "--disk", "an-node01=/dev/sda5", "--disk", "an-node02=/dev/sda5"});
  a.run_ok({"storage", "add-vg", "an01-vg0", "--drbd", "r0"});
  a.run_ok({"vm", "add", "vm01-dev", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/an01-vg0/vm01-dev", "--node", "an-node01"});
  a.run_ok({"fence", "add-device", "pdu1", "--agent", "fence_apc_snmp"});
  a.run_ok({"fence", "add-method", "an-node01", "--device", "pdu1", "--port", "1"});
  auto before = read_file(a.ledger());
  CHECK(complete(a, {"vm", "migrate", ""}) == V{"vm01-dev"});
  CHECK(complete(a, {"vm", "migrate", "vm01-dev", "--to", ""}) == V{"an-node01", "an-node02"});
  CHECK(complete(a, {"vm", "add", ""}).empty());  // a new name: nothing to offer
  CHECK(complete(a, {"drbd", "wait", ""}) == V{"r0"});
  CHECK(complete(a, {"drbd", "primary", "r0", ""}) == V{"an-node01", "an-node02"});
  CHECK(complete(a, {"fence", "set-credentials", ""}) == V{"an-node01-ipmi", "an-node02-ipmi", "pdu1"});
  CHECK(complete(a, {"fence", "remove-method", "an-node01", ""}) == V{"ipmi", "pdu"});
  CHECK(complete(a, {"storage", "remove-vg", ""}) == V{"an01-vg0"});
  CHECK(complete(a, {"storage", "add-vg", "x", "--drbd", ""}) == V{"r0"});
  CHECK(complete(a, {"storage", "lv", "create", ""}) == V{"an01-vg0/vm01-dev"});
  CHECK(read_file(a.ledger()) == before);
}
