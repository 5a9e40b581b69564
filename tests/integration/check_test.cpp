// `anvil check` against the sshd test nodes and their simulated BMCs: every
// check in one pass, the findings kept per run, --changes, --ignore, and
// the overall deadline against a node that never answers.
#include <catch2/catch.hpp>
#include <signal.h>

#include <thread>

#include "integration/bmcs.hpp"
#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

// libvirt on the nodes: the test driver with no guests (virsh is installed
// here, libvirtd is not: without this, anvil check rightly says it cannot
// tell which guests run, an UNKNOWN).
void no_guests(const SshCluster& c) {
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) {
    write_file(c.home(addr) + "/no-vms.xml", "<node>\n</node>\n");
    c.set_environment(addr, "LIBVIRT_DEFAULT_URI=test:///root/no-vms.xml\n");
  }
}

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }
bool has_id(const json& findings, const std::string& id, const std::string& severity) {
  for (auto& f : findings)
    if (f["id"] == id && f["severity"] == severity) return true;
  return false;
}
}  // namespace

TEST_CASE("anvil check runs every check at once, keeps the findings, and reports what changed", "[ssh][check]") {
  NEEDS_ROOT();
  SshCluster c;
  no_guests(c);
  Bmcs b(c);
  plan_fencing(c, b);
  auto first = c.run({"check", "--json"});
  INFO(first.out << first.err);
  CHECK(first.status == 2);  // these nodes have no bonds, no cman: CRITICAL
  auto doc = json::parse(first.out);
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["status"] == "CRITICAL");
  auto& f = doc["findings"];
  CHECK(has_id(f, "fence.device-ok", "OK"));          // the BMCs answer from each peer
  CHECK(has_id(f, "net.bond-missing", "CRITICAL"));   // no bonding driver here
  CHECK(has_id(f, "cluster.cman-down", "CRITICAL"));  // no cman here
  CHECK_FALSE(has_id(f, "node.unreachable", "CRITICAL"));

  // From cron: the first run reports every problem as new, the next nothing.
  auto changes1 = c.run({"check", "--changes"});
  CHECK(changes1.status == 2);
  auto changes2 = c.run({"check", "--changes"});
  CHECK(changes2.out.empty());
  // A BMC goes down: only that is said.
  b.stop(3);
  auto changes3 = c.run({"check", "--changes"});
  CHECK(has(changes3.out, "NEW CRITICAL fence."));
  CHECK(has(changes3.out, "an-node03 ipmi an-node03-ipmi"));
  CHECK(lines(changes3.out).size() <= 2);

  // --ignore demotes what the admin knows about; the rest keeps its weight.
  auto ignored = c.run({"check", "--format", "nagios", "--ignore", "net.bond-missing", "--ignore", "net.address-missing",
                        "--ignore", "net.bridge-missing", "--ignore", "cluster.cman-down", "--ignore", "fence.device-failed",
                        "--ignore", "fence.no-answer"});
  CHECK(ignored.status == 1);
  CHECK(ignored.out.rfind("ANVIL WARNING: ", 0) == 0);

  // Check runs are in the history.
  auto runs = c.json({"history", "--limit", "1"})["runs"];
  CHECK(runs[0]["command"] == "check");
  CHECK(has(runs[0]["summary"].get<std::string>(), "WARNING: 0 critical"));
}

TEST_CASE("anvil check keeps its overall deadline when a node never answers", "[ssh][check]") {
  NEEDS_ROOT();
  SshCluster c;
  // A listener that accepts and never speaks SSH: a hung node.
  int hang = start_process({"socat", "TCP-LISTEN:2222,bind=127.0.0.9,reuseaddr,fork", "EXEC:sleep 20"}, {});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  c.run_ok({"node", "set", "an-node03", "--host", "127.0.0.9", "--port", "2222"});
  auto start = std::chrono::steady_clock::now();
  auto r = c.run({"check", "--timeout", "5", "--format", "nagios"});
  auto took = std::chrono::steady_clock::now() - start;
  ::kill(hang, SIGTERM);  // ours, by PID
  wait_process(hang);
  CHECK(took < std::chrono::seconds(9));
  CHECK(r.status == 3);
  CHECK(r.out.rfind("ANVIL UNKNOWN: ", 0) == 0);
  CHECK(has(r.out, "did not finish within 5 s"));
  // Bad arguments are UNKNOWN too, for the monitoring system.
  CHECK(c.run({"check", "--format", "xml"}).status == 3);
  CHECK(c.run({"check", "--timeout", "1"}).status == 3);
}

TEST_CASE("anvil check includes the clustered storage and where the guests run", "[ssh][check]") {
  NEEDS_ROOT();
  SshCluster c;
  no_guests(c);
  // an-node03's libvirtd runs vm1, whose plan prefers an-node02.
  write_file(c.home("127.0.0.3") + "/guests.xml",
             "<node><domain type='test'><name>vm1</name><memory unit='MiB'>256</memory><os><type>hvm</type></os></domain></node>\n");
  c.set_environment("127.0.0.3", "LIBVIRT_DEFAULT_URI=test:///root/guests.xml\n");
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
  c.run_ok({"storage", "add-vg", "an02-vg0", "--drbd", "r0"});
  c.run_ok({"vm", "add", "vm1", "--ram", "256M", "--vcpus", "1", "--disk-lv", "/dev/an02-vg0/vm1", "--node", "an-node02"});
  auto r = c.run({"check", "--json"});
  INFO(r.out << r.err);
  auto doc = json::parse(r.out);
  auto& f = doc["findings"];
  CHECK(has_id(f, "vm.away-from-home", "WARNING"));
  CHECK(has_id(f, "storage.vg-missing", "CRITICAL"));  // no VG on this machine
  CHECK(has_id(f, "storage.clvmd-down", "CRITICAL"));
  CHECK_FALSE(has_id(f, "check.vm-unreadable", "UNKNOWN"));
  CHECK_FALSE(has_id(f, "check.storage-unreadable", "UNKNOWN"));
}
