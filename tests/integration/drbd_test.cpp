// `anvil drbd diff|apply|status|check` and the guarded actions against real
// sshd nodes in their own network namespaces (their SN address is theirs,
// which drbdadm checks) with their own /etc. The kernel has no DRBD module:
// drbdadm parses and plans for real (`drbdadm -d adjust all`), and a command
// that needs the module fails on the node, which the ledger records. Each
// node's login environment makes drbdadm take the plan's host name
// (__DRBD_NODE__) and speak 8.3, and gives the DRBD state to read
// (ANVIL_DRBD_PROC) and the libvirt guests (a test-driver URI).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

const char* header83 =
    "version: 8.3.16 (api:88/proto:86-97)\n"
    "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by root@an-node02.example.com, 2014-11-24 14:51:37\n";
const char* counters = "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n";

// A node's environment: its DRBD identity and state, and its guests.
void node_env(const SshCluster& c, const std::string& addr, const std::string& proc_drbd, bool runs_vms) {
  auto n = addr.substr(addr.rfind('.') + 1);
  write_file(c.home(addr) + "/proc-drbd", proc_drbd);
  write_file(c.home(addr) + "/no-vms.xml", "<node>\n</node>\n");
  c.set_environment(addr, "__DRBD_NODE__=an-node0" + n + ".example.com\n"
                          "DRBD_DRIVER_VERSION_OVERRIDE=8.3.16\n"
                          "ANVIL_DRBD_PROC=/root/proc-drbd\n"
                          "LIBVIRT_DEFAULT_URI=" + std::string(runs_vms ? "test:///default" : "test:///root/no-vms.xml") + "\n");
}

void plan_r0(const SshCluster& c) {
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
}

}  // namespace

TEST_CASE("drbd diff and apply the configuration; drbdadm -d adjust shows what DRBD would do", "[ssh][drbd][netns]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) node_env(c, addr, "", false);
  plan_r0(c);
  auto res = [&](const std::string& addr, const std::string& name) { return c.etc_file(addr, "drbd.d/" + name); };

  auto diff = c.run({"drbd", "diff", "--all"});
  CHECK(diff.status == 1);
  CHECK(has(diff.out, "--- /dev/null\n+++ an-node02:/etc/drbd.d/r0.res (plan)"));

  auto dry = c.run_ok({"--dry-run", "drbd", "apply", "--all"});
  CHECK(has(dry.out, "would then show `drbdadm -d adjust all` on each node"));
  CHECK_FALSE(std::filesystem::exists(res("127.0.0.2", "r0.res")));

  auto applied = c.run_ok({"drbd", "apply", "--all", "--reason", "r0 for the VMs"});
  INFO(applied.out << applied.err);
  CHECK(has(applied.out, "an-node02: 3 file(s) changed; `drbdadm adjust all` would run:\n"));
  // The real drbdadm read the new files on each node, as that node.
  CHECK(has(applied.out, "drbdsetup-83 0 net ipv4:10.10.0.2:7788 ipv4:10.10.0.3:7788 C"));
  CHECK(has(applied.out, "drbdsetup-83 0 net ipv4:10.10.0.3:7788 ipv4:10.10.0.2:7788 C"));
  CHECK(has(applied.out, "--allow-two-primaries"));
  CHECK(applied.err == "anvil: DRBD was not adjusted; check the commands above, then run again with --yes\n");
  CHECK(has(read_file(res("127.0.0.3", "r0.res")), "address   10.10.0.3:7788;"));
  CHECK(c.run({"drbd", "diff", "--all"}).status == 0);

  // A resource the plan drops: its .res goes at the next apply.
  c.run_ok({"drbd", "add", "r1", "--disk", "an-node02=/dev/sdb1", "--disk", "an-node03=/dev/sdb1"});
  c.run_ok({"drbd", "apply", "--all"});
  CHECK(std::filesystem::exists(res("127.0.0.2", "r1.res")));
  c.run_ok({"drbd", "remove", "r1"});
  auto stale = c.run_ok({"drbd", "apply", "an-node02"});
  CHECK(has(stale.out, "an-node02: 1 file(s) changed"));
  CHECK_FALSE(std::filesystem::exists(res("127.0.0.2", "r1.res")));
  auto removal_run = c.json({"history", "--limit", "1"})["runs"][0]["id"].get<int>();
  c.run_ok({"history", "undo", std::to_string(removal_run)});
  CHECK(std::filesystem::exists(res("127.0.0.2", "r1.res")));

  // --yes lets DRBD take it: the kernel here has no DRBD, so drbdadm fails
  // on the node, which anvil says in one line and the ledger keeps.
  auto adjust = c.run({"--yes", "drbd", "apply", "an-node03"});
  CHECK(adjust.status == 1);
  CHECK(has(adjust.err, "anvil: an-node03: drbdadm adjust all on an-node03 failed (exit 1): "));
  auto run = c.json({"history", "--limit", "1"})["runs"][0];
  CHECK(run["command"] == "drbd apply");
  auto changes = c.json({"history", "show", std::to_string(run["id"].get<int>())})["changes"];
  bool recorded = false;
  for (auto& ch : changes)
    recorded = recorded || (ch["target"] == "drbdadm adjust all" && ch["status"].get<std::string>().rfind("failed: exit 1", 0) == 0);
  CHECK(recorded);
}

TEST_CASE("drbd status and check read each node's state", "[ssh][drbd][netns]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  plan_r0(c);
  // No DRBD at all on an-node03 (no state file: as without the module).
  node_env(c, "127.0.0.2",
           std::string(header83) + " 0: cs:SyncSource ro:Primary/Primary ds:UpToDate/Inconsistent C r-----\n" + counters +
               "\t[=====>..............] sync'ed: 33.3% (699/1024)M\n\tfinish: 0:00:35 speed: 20,224 (20,480) K/sec\n",
           false);
  c.set_environment("127.0.0.3", "ANVIL_DRBD_PROC=/root/absent\n");
  auto status = c.json({"drbd", "status", "--all"});
  auto& d = status["nodes"][0]["devices"][0];
  CHECK(d["resource"] == "r0");
  CHECK(d["connection"] == "SyncSource");
  CHECK(d["peer_disk"] == "Inconsistent");
  CHECK(d["sync"]["percent"] == 33.3);
  CHECK(status["nodes"][1]["format"] == "none");
  auto text = c.run_ok({"drbd", "status", "--all"});
  CHECK(has(text.out, "an-node02  r0"));
  CHECK(has(text.err, "anvil: an-node03: DRBD is not loaded (no /proc/drbd)"));
  auto check = c.run({"drbd", "check", "--all", "--format", "nagios"});
  CHECK(check.status == 2);
  CHECK(has(check.out, "an-node03"));
  CHECK(has(check.out, "an-node02_r0_synced=33.3%"));
  auto syncing = c.run({"drbd", "check", "an-node02"});
  CHECK(syncing.status == 1);
  CHECK(has(syncing.out, "WARNING drbd.syncing an-node02 r0"));
}

TEST_CASE("drbd actions look at both nodes and refuse what would lose data or strand VMs", "[ssh][drbd][netns]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  plan_r0(c);
  auto standalone = [](const std::string& role, const std::string& disk) {
    return std::string(header83) + " 0: cs:StandAlone ro:" + role + "/Unknown ds:" + disk + "/DUnknown   r-----\n" + counters;
  };
  // A split brain: an-node02 Primary with a guest running, an-node03 Secondary.
  node_env(c, "127.0.0.2", standalone("Primary", "UpToDate"), true);
  node_env(c, "127.0.0.3", standalone("Secondary", "UpToDate"), false);
  c.run_ok({"drbd", "apply", "--all"});  // so that drbdadm on the nodes knows r0

  auto refused = c.run({"--yes", "drbd", "secondary", "r0", "an-node02"});
  CHECK(refused.status == 1);
  CHECK(refused.err == "anvil: refused: an-node02 runs VMs (test) on the cluster's storage; demoting r0 would pull it from "
                       "under them: migrate or stop them first\n");
  auto no_yes = c.run({"drbd", "disconnect", "r0", "an-node03"});
  CHECK(no_yes.status == 1);  // refused before asking: it is StandAlone already
  CHECK(has(no_yes.err, "refused: r0 is already disconnected on an-node03 (StandAlone)"));
  auto runs_before = c.json({"history"})["runs"].size();

  auto explained = c.run({"drbd", "split-brain", "r0"});
  CHECK(explained.status == 1);
  CHECK(has(explained.out, "an-node02: StandAlone, Primary, disk UpToDate, peer's disk DUnknown, running VMs: test\n"));
  CHECK(has(explained.out, "discard an-node03's changes: an-node03 is Secondary and runs no VMs"));
  CHECK(has(explained.out, "  on an-node03: drbdadm -- --discard-my-data connect r0\n  on an-node02: drbdadm connect r0\n"));
  auto wrong_side = c.run({"--yes", "drbd", "split-brain", "r0", "--discard", "an-node02"});
  CHECK(wrong_side.status == 1);
  CHECK(has(wrong_side.err, "refused: an-node02 runs VMs (test)"));
  auto not_confirmed = c.run({"drbd", "split-brain", "r0", "--discard", "an-node03"});
  CHECK(not_confirmed.status == 2);  // no terminal, no --yes
  CHECK(c.json({"history"})["runs"].size() == runs_before);  // nothing recorded, nothing ran

  auto dry = c.run_ok({"--dry-run", "--yes", "drbd", "split-brain", "r0", "--discard", "an-node03"});
  CHECK(dry.out == "would run on an-node03: drbdadm -- --discard-my-data connect r0\nwould run on an-node02: drbdadm connect r0\n");

  // For real: the command reaches drbdadm on the node, which has no DRBD
  // module; the run stops at the first failing step and the ledger has it.
  auto real = c.run({"--yes", "drbd", "split-brain", "r0", "--discard", "an-node03", "--reason", "split brain after the switch reboot"});
  CHECK(real.status == 1);
  INFO(real.err);
  CHECK(has(real.err, "drbdadm -- --discard-my-data connect r0 on an-node03 failed (exit 20): "));
  auto run = c.json({"history", "--limit", "1"})["runs"][0];
  CHECK(run["command"] == "drbd split-brain");
  auto changes = c.json({"history", "show", std::to_string(run["id"].get<int>())})["changes"];
  REQUIRE(changes.size() == 1);  // the survivor's step never ran
  CHECK(changes[0]["node"] == "an-node03");
  CHECK(changes[0]["status"] == "failed: exit 20");

  // primary on a node whose disk is not UpToDate is refused.
  node_env(c, "127.0.0.3", std::string(header83) + " 0: cs:WFConnection ro:Secondary/Unknown ds:Outdated/DUnknown C r-----\n" + counters,
           false);
  auto promote = c.run({"--yes", "drbd", "primary", "r0", "an-node03"});
  CHECK(promote.status == 1);
  CHECK(has(promote.err, "refused: an-node03's disk of r0 is Outdated"));
}

TEST_CASE("drbd wait returns once both nodes are in sync, times out while they resync, and gives up on a StandAlone side", "[ssh][drbd]") {
  NEEDS_ROOT();
  SshCluster c;  // the loopback nodes: drbd wait only reads the state
  plan_r0(c);
  auto synced = std::string(header83) + " 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n" + counters;
  auto syncing = std::string(header83) + " 0: cs:SyncTarget ro:Primary/Primary ds:Inconsistent/UpToDate C r-----\n" + counters +
                 "\t[=====>..............] sync'ed: 33.3% (699/1024)M\n\tfinish: 0:00:35 speed: 20,224 (20,480) K/sec\n";
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) node_env(c, addr, synced, false);
  auto done = c.run_ok({"drbd", "wait", "r0"});
  CHECK(has(done.out, "r0 is in sync: Connected, UpToDate on both nodes (waited "));

  node_env(c, "127.0.0.3", syncing, false);
  auto started = std::chrono::steady_clock::now();
  auto late = c.run({"drbd", "wait", "r0", "--timeout", "3", "--interval", "1"});
  CHECK(late.status == 1);
  CHECK(late.err == "anvil: still not in sync after 3 s: r0: resync 33.3% (0:00:35 left, 20224 K/s)\n");
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::seconds(3));
  CHECK(late.out.empty());  // no progress line without a terminal

  // At a terminal the resync is shown on one line of stderr, rewritten in
  // place (script(1) gives anvil a pseudo-terminal); from cron, above, not.
  auto tty = run_process({"script", "-qec", anvil_bin() + " --ledger " + c.ledger() + " drbd wait r0 --timeout 2 --interval 1", "/dev/null"},
                         c.environment());
  CHECK(tty.status == 1);
  CHECK(has(tty.out, "\r\033[Kr0: resync 33.3% (0:00:35 left, 20224 K/s)"));
  CHECK(has(tty.out, "still not in sync after 2 s"));

  // The resync ends while anvil waits: it returns at the next look.
  write_file(c.home("127.0.0.3") + "/proc-drbd", syncing);
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    write_file(c.home("127.0.0.3") + "/proc-drbd", synced);
  });
  auto waited = c.json({"drbd", "wait", "r0", "--interval", "1", "--timeout", "30"});
  finisher.join();
  CHECK(waited["in_sync"] == true);
  CHECK(waited["waited_s"].get<int>() >= 1);
  CHECK(waited["waited_s"].get<int>() < 10);

  node_env(c, "127.0.0.3", std::string(header83) + " 0: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown   r-----\n" + counters, false);
  auto hopeless = c.run({"drbd", "wait", "r0", "--timeout", "600"});
  CHECK(hopeless.status == 1);
  CHECK(has(hopeless.err, "waiting cannot help: r0 is StandAlone on an-node03"));
}
