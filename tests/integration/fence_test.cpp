// `anvil fence check|node|history` against the real fence_ipmilan and one
// simulated BMC per node (OpenIPMI's ipmi_sim, tests/harness/ipmi-bmc) on
// the plan's IPMI addresses (127.0.1.x: the test plan's BCN is loopback).
// The agents run on the real sshd nodes, from each node's peer, as the
// cluster fences; the power state changes are observed in the simulator.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "integration/bmcs.hpp"
#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

}  // namespace

TEST_CASE("fence check proves each BMC answers, from the node's peer; failures are CRITICAL and fast", "[ssh][fence]") {
  NEEDS_ROOT();
  SshCluster c;
  Bmcs b(c);
  auto plan = c.json({"ip-plan", "show"});
  REQUIRE(plan["cluster"]["devices"][0]["address"] == "127.0.1.2");
  plan_fencing(c, b);

  auto ok = c.run({"fence", "check"});
  INFO(ok.out << ok.err);
  CHECK(ok.status == 0);
  CHECK(has(ok.out, "OK fence.device-ok an-node02 ipmi an-node02-ipmi: an-node02-ipmi answered an-node03 in "));
  CHECK(has(ok.out, "OK fence.device-ok an-node03 ipmi an-node03-ipmi: an-node03-ipmi answered an-node02 in "));
  auto nagios = c.run({"fence", "check", "--format", "nagios"});
  CHECK(nagios.out.rfind("FENCE OK: 2 OK | critical=0;;;0 warning=0;;;0 unknown=0;;;0 ok=2;;;0 an-node02_ipmi_an-node02-ipmi=", 0) == 0);

  // The machine behind an-node03's BMC is off: the device works, but it
  // does not control a running member.
  b.set_power(3, "off");
  auto off = c.run({"fence", "check", "an-node03"});
  CHECK(off.status == 2);
  CHECK(has(off.out, "CRITICAL fence.wrong-power-state an-node03 ipmi an-node03-ipmi: an-node03-ipmi says an-node03 is off"));
  b.set_power(3, "on");

  // A wrong password: refused by the BMC, reported in a second or so.
  RunOptions wrong = c.environment();
  wrong.input = "not-the-password\n";
  auto stored = c.run({"--json", "fence", "set-credentials", "an-node02-ipmi"}, wrong);
  REQUIRE(stored.status == 0);
  CHECK(json::parse(stored.out)["password_stored"] == true);
  CHECK_FALSE(has(stored.out, "not-the-password"));
  auto start = std::chrono::steady_clock::now();
  auto refused = c.run({"fence", "check", "an-node02", "--json"});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  CHECK(refused.status == 2);
  auto finding = json::parse(refused.out)["findings"][0];
  CHECK(finding["id"] == "fence.device-failed");
  CHECK(has(finding["message"].get<std::string>(), "Unable to obtain correct plug status"));

  // A BMC that is down: the agent's own power_timeout and anvil's --timeout
  // bound the wait, so cron never hangs.
  b.stop(3);
  start = std::chrono::steady_clock::now();
  auto down = c.run({"fence", "check", "an-node03", "--timeout", "8", "--format", "nagios"});
  auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < std::chrono::seconds(15));
  CHECK(down.status == 2);
  CHECK(down.out.rfind("FENCE CRITICAL: 1 CRITICAL; an-node03 ipmi an-node03-ipmi: ", 0) == 0);

  // Every check is in the fence history; no password anywhere in the outputs.
  auto history = c.json({"fence", "history", "--limit", "100"})["events"];
  CHECK(history.size() >= 6);
  CHECK(history[0]["kind"] == "check");
  CHECK(has(history[0]["outcome"].get<std::string>(), "failed"));
  for (auto& out : {ok.out, ok.err, nagios.out, refused.out, down.out, c.run({"fence", "list"}).out, history.dump()})
    CHECK_FALSE(has(out, password));
}

TEST_CASE("fence node power-cycles a node through its first working method, recorded; refused without a reason or a yes",
          "[ssh][fence]") {
  NEEDS_ROOT();
  SshCluster c;
  Bmcs b(c);
  plan_fencing(c, b);
  auto no_reason = c.run({"--yes", "fence", "node", "an-node03"});
  CHECK(no_reason.status == 2);
  CHECK(no_reason.err == "anvil: say why with --reason TEXT: fencing a node is recorded with its reason\n");
  auto no_yes = c.run({"fence", "node", "an-node03", "--reason", "test"});
  CHECK(no_yes.status == 2);
  CHECK(b.log(3).empty());  // nothing happened to the machine

  auto dry = c.run_ok({"--dry-run", "--yes", "fence", "node", "an-node03", "--reason", "test"});
  CHECK(has(dry.out, "would fence an-node03 from an-node02, method by method until one works:\n"
                     "  ipmi: fence_ipmilan (on stdin: action=reboot ipaddr=127.0.1.3 login=admin passwd=******** "));
  CHECK(b.log(3).empty());
  auto dry_doc = c.json({"--dry-run", "--yes", "fence", "node", "an-node03", "--reason", "test"});
  CHECK(dry_doc["dry_run"] == true);
  CHECK(dry_doc["from"] == "an-node02");
  CHECK(dry_doc["calls"][0]["action"] == "reboot");
  CHECK_FALSE(has(dry_doc.dump(), password));
  CHECK(b.log(3).empty());

  auto fenced = c.run({"--yes", "fence", "node", "an-node03", "--reason", "hung after a kernel oops"});
  INFO(fenced.out << fenced.err);
  CHECK(fenced.status == 0);
  CHECK(has(fenced.out, "an-node03 fenced with method ipmi from an-node02\n"));
  // The simulator saw the power go off and on again.
  auto log = b.log(3);
  CHECK(has(log, "set power 0"));
  CHECK(log.find("set power 1") > log.find("set power 0"));
  CHECK(b.power(3) == "on\n");
  CHECK(b.log(2).empty());  // the other node's BMC was not touched

  auto runs = c.json({"history", "--limit", "1"})["runs"][0];
  CHECK(runs["command"] == "fence node");
  CHECK(runs["reason"] == "hung after a kernel oops");
  auto events = c.json({"fence", "history"})["events"];
  CHECK(events[0]["kind"] == "fence");
  CHECK(events[0]["action"] == "reboot");
  CHECK(events[0]["from"] == "an-node02");
  auto shown = c.run_ok({"history", "show", std::to_string(runs["id"].get<int>())});
  CHECK_FALSE(has(shown.out, password));
  CHECK_FALSE(has(fenced.out + fenced.err + dry.out, password));

  // With its BMC down and no other method, fencing fails loudly.
  b.stop(2);
  auto failed = c.run({"--yes", "fence", "node", "an-node02", "--reason", "test", "--timeout", "10"});
  CHECK(failed.status == 1);
  CHECK(has(failed.err, "anvil: could not fence an-node02: every method failed"));
}

TEST_CASE("fence node refuses to shoot the node that may hold the only UpToDate data, unless --force", "[ssh][fence]") {
  NEEDS_ROOT();
  SshCluster c;
  Bmcs b(c);
  plan_fencing(c, b);
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
  // an-node02, the peer of an-node03, is Inconsistent: an-node03 has the data.
  write_file(c.home("127.0.0.2") + "/proc-drbd",
             "version: 8.3.16 (api:88/proto:86-97)\n"
             "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by root@an-node02.example.com, 2014-11-24 14:51:37\n"
             " 0: cs:WFConnection ro:Secondary/Unknown ds:Inconsistent/DUnknown C r-----\n"
             "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:1048576\n");
  c.set_environment("127.0.0.2", "ANVIL_DRBD_PROC=/root/proc-drbd\n");
  auto refused = c.run({"--yes", "fence", "node", "an-node03", "--reason", "test"});
  CHECK(refused.status == 1);
  CHECK(refused.err == "anvil: refused: an-node02's disk of r0 is Inconsistent: an-node03 may hold the only UpToDate copy, "
                       "and fencing it loses what was written since (--force fences anyway)\n");
  CHECK(b.log(3).empty());
  auto forced = c.run({"--yes", "fence", "node", "an-node03", "--reason", "test", "--force"});
  CHECK(forced.status == 0);
  CHECK(has(b.log(3), "set power 0"));
}
