// The JSON document of every command that reads or changes the nodes, as
// golden files (tests/golden/json/COMMAND.json; docs/json.md describes
// each), against the sshd test nodes an-node02 (127.0.0.2) and an-node03
// (127.0.0.3). What the nodes hold is set up by each test so that the
// documents do not depend on this machine: files in the nodes' own /etc,
// their DRBD state (ANVIL_DRBD_PROC), libvirt's test driver with fixed
// UUIDs, the network namespaces' fixed addresses and MACs. normalized()
// (anvil_fixture.hpp) takes out times, durations, this machine's user and
// host names and the scratch directory. Commands whose nodes run in
// parallel are recorded in either order, so the history of a run is shown
// for runs on one node. The commands that need no node are
// tests/cli/cli_json_golden_test.cpp. ANVIL_TEST_ACCEPT=1 rewrites the files.
#include <catch2/catch.hpp>

#include "integration/bmcs.hpp"
#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using ordered_json = nlohmann::ordered_json;

namespace {

// The document on stdout, whatever the exit status (for a command whose
// exit status is checked elsewhere or is in question).
ordered_json any_status_document(const Anvil& c, const std::vector<std::string>& args) {
  std::vector<std::string> with_json = {"--json"};
  with_json.insert(with_json.end(), args.begin(), args.end());
  auto r = c.run(with_json);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(ordered_json::accept(r.out));
  return ordered_json::parse(r.out);
}

const char* header83 =
    "version: 8.3.16 (api:88/proto:86-97)\n"
    "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by root@an-node02.example.com, 2014-11-24 14:51:37\n";
const char* counters = "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n";

std::string proc_drbd(const std::string& state) { return std::string(header83) + " 0: " + state + "\n" + counters; }

// A node's login environment: its DRBD identity and state file, and a
// libvirt test driver without guests.
void drbd_node(const SshCluster& c, const std::string& addr, const std::string& proc) {
  auto n = addr.substr(addr.rfind('.') + 1);
  write_file(c.home(addr) + "/proc-drbd", proc);
  write_file(c.home(addr) + "/no-vms.xml", "<node>\n</node>\n");
  c.set_environment(addr, "__DRBD_NODE__=an-node0" + n + ".example.com\n"
                          "DRBD_DRIVER_VERSION_OVERRIDE=8.3.16\n"
                          "ANVIL_DRBD_PROC=/root/proc-drbd\n"
                          "LIBVIRT_DEFAULT_URI=test:///root/no-vms.xml\n");
}

}  // namespace

TEST_CASE("json golden: node list, ping, exec, put; history show, diff and undo of a node run", "[ssh][json]") {
  NEEDS_ROOT();
  SshCluster c;
  check_golden_json("node-list-ssh", c.document({"node", "list"}), c);
  check_golden_json("node-ping", c.document({"node", "ping"}), c);
  auto exec = c.document({"node", "exec", "--all", "--", "echo", "hello;", "echo", "oops", ">&2"});
  CHECK(exec["run_id"] == 4);
  check_golden_json("node-exec", exec, c);
  check_golden_json("node-exec-dry-run", c.document({"--dry-run", "node", "exec", "--all", "--", "echo", "hello"}), c);
  // A command that fails on the node: its exit status, and anvil's 1.
  check_golden_json("node-exec-failed", c.document({"node", "exec", "an-node02", "--", "echo", "no;", "exit", "3"}, 1), c);

  REQUIRE(c.ssh("127.0.0.2", "echo 'Welcome to an-cluster-01' > /etc/motd-anvil").status == 0);
  REQUIRE(c.ssh("127.0.0.3", "echo 'Welcome to an-cluster-01' > /etc/motd-anvil").status == 0);
  write_file(c.dir().file("motd"), "Welcome to an-cluster-01\nMaintenance: Sunday 02:00 UTC\n");
  check_golden_json("node-put-dry-run", c.document({"--dry-run", "node", "put", "/etc/motd-anvil", "--all", "--from", c.dir().file("motd")}),
                    c);
  // On one node, so that the run's changes have one order.
  auto put = c.document({"node", "put", "/etc/motd-anvil", "an-node02", "--from", c.dir().file("motd"), "--reason", "maintenance notice"});
  check_golden_json("node-put", put, c);
  auto run = std::to_string(put["run_id"].get<int>());
  check_golden_json("history-show-node-put", c.document({"history", "show", run}), c);
  check_golden_json("history-diff-node-put", c.document({"history", "diff", run}), c);
  check_golden_json("history-undo-dry-run", c.document({"--dry-run", "history", "undo", run}), c);
  check_golden_json("history-undo", c.document({"history", "undo", run, "--reason", "notice was premature"}), c);
  check_golden_json("history-list-nodes", c.document({"history", "--limit", "3"}), c);

  auto cat = c.document({"node", "exec", "an-node02", "--", "cat", "/etc/motd-anvil"});
  check_golden_json("history-diff-command", c.document({"history", "diff", std::to_string(cat["run_id"].get<int>())}), c);

  // an-node03 where no sshd listens: each node has its entry.
  c.run_ok({"node", "set", "an-node03", "--host", "127.0.0.9"});
  check_golden_json("node-ping-critical", c.document({"node", "ping"}, 2), c);
  check_golden_json("node-exec-partial", c.document({"node", "exec", "--all", "--", "cat", "/etc/motd-anvil"}, 3), c);
}

TEST_CASE("json golden: net diff and apply", "[ssh][json]") {
  NEEDS_ROOT();
  SshCluster c;
  // No network-scripts at all: the node's entry says why.
  check_golden_json("net-diff-failed", c.document({"net", "diff", "an-node02"}, 1), c);
  for (const char* addr : {"127.0.0.2", "127.0.0.3"})
    REQUIRE(c.ssh(addr, "mkdir -p /etc/sysconfig/network-scripts && cd /etc/sysconfig/network-scripts && "
                        "printf 'DEVICE=lo\\n' > ifcfg-lo && "
                        "printf 'DEVICE=\"eth0\"\\nBOOTPROTO=\"dhcp\"\\nNM_CONTROLLED=\"yes\"\\nONBOOT=\"yes\"\\n' > ifcfg-eth0 && "
                        "printf 'DEVICE=\"eth6\"\\nBOOTPROTO=\"dhcp\"\\nONBOOT=\"no\"\\n' > ifcfg-eth6")
              .status == 0);
  check_golden_json("net-diff", c.document({"net", "diff", "an-node02"}, 1), c);
  check_golden_json("net-apply-dry-run", c.document({"--dry-run", "net", "apply", "an-node02"}), c);
  check_golden_json("net-apply", c.document({"net", "apply", "--all", "--reason", "bonds and bridges"}), c);
  check_golden_json("net-diff-same", c.document({"net", "diff", "an-node02"}), c);
  check_golden_json("net-apply-restart-dry-run", c.document({"--dry-run", "--yes", "net", "apply", "an-node02", "--restart"}), c);
  c.run_ok({"node", "set", "an-node03", "--host", "127.0.0.9"});
  check_golden_json("net-diff-partial", c.document({"net", "diff", "--all"}, 3), c);
  check_golden_json("net-apply-partial", c.document({"net", "apply", "--all"}, 3), c);
}

TEST_CASE("json golden: net status, check and map, drbd apply, on nodes with a network of their own", "[ssh][json][netns]") {
  NEEDS_ROOT();
  SshCluster c(SshCluster::Network::netns);
  check_golden_json("net-status-nodes", c.document({"net", "status", "--all"}), c);
  check_golden_json("net-check-nodes", c.document({"net", "check", "an-node02"}, 2), c);
  check_golden_json("net-map", c.document({"net", "map", "an-node02"}), c);

  // drbdadm on the nodes reads the files as the plan's host names, with
  // the SN addresses of the namespaces.
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) drbd_node(c, addr, "");
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
  check_golden_json("drbd-apply", c.document({"drbd", "apply", "--all", "--reason", "r0 for the VMs"}), c);
  check_golden_json("drbd-diff-same", c.document({"drbd", "diff", "an-node02"}), c);
}

TEST_CASE("json golden: drbd diff, status, check, wait, split-brain and the guarded actions", "[ssh][json]") {
  NEEDS_ROOT();
  SshCluster c;
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
  c.run_ok({"drbd", "add", "r1", "--disk", "an-node02=/dev/sda6", "--disk", "an-node03=/dev/sda6"});
  // The node's configuration: an old drbd.conf, no global_common.conf, a
  // resource the plan does not have.
  REQUIRE(c.ssh("127.0.0.2", "mkdir -p /etc/drbd.d && rm -f /etc/drbd.d/* && "
                             "printf 'include \"drbd.d/*.res\";\\n' > /etc/drbd.conf && "
                             "printf 'resource r9 {\\n}\\n' > /etc/drbd.d/r9.res")
              .status == 0);
  check_golden_json("drbd-diff", c.document({"drbd", "diff", "an-node02"}, 1), c);
  check_golden_json("drbd-apply-dry-run", c.document({"--dry-run", "drbd", "apply", "an-node02"}), c);

  // r0 resyncing and r1 in sync on an-node02; no DRBD on an-node03.
  drbd_node(c, "127.0.0.2",
            std::string(header83) + " 0: cs:SyncSource ro:Primary/Primary ds:UpToDate/Inconsistent C r-----\n" + counters +
                "\t[=====>..............] sync'ed: 33.3% (699/1024)M\n\tfinish: 0:00:35 speed: 20,224 (20,480) K/sec\n" +
                " 1: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n" + counters);
  drbd_node(c, "127.0.0.3", "");
  c.set_environment("127.0.0.3", "ANVIL_DRBD_PROC=/root/absent\nLIBVIRT_DEFAULT_URI=test:///root/no-vms.xml\n");
  check_golden_json("drbd-status-nodes", c.document({"drbd", "status", "--all"}), c);
  check_golden_json("drbd-check-nodes", c.document({"drbd", "check", "--all"}, 2), c);

  // Resyncing on both sides: drbd wait gives up at its deadline.
  auto syncing = std::string(header83) + " 0: cs:SyncTarget ro:Primary/Primary ds:Inconsistent/UpToDate C r-----\n" + counters +
                 "\t[=====>..............] sync'ed: 33.3% (699/1024)M\n\tfinish: 0:00:35 speed: 20,224 (20,480) K/sec\n" +
                 " 1: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n" + counters;
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) drbd_node(c, addr, syncing);
  check_golden_json("drbd-wait-timeout", c.document({"drbd", "wait", "r0", "--timeout", "1", "--interval", "1"}, 1), c);

  // In sync on both.
  auto synced = proc_drbd("cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----") +
                " 1: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n" + counters;
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) drbd_node(c, addr, synced);
  check_golden_json("drbd-wait", c.document({"drbd", "wait", "r0"}), c);
  check_golden_json("drbd-action-dry-run", c.document({"--dry-run", "--yes", "drbd", "secondary", "r0", "an-node03"}), c);

  // A split brain: both StandAlone, an-node02 Primary, an-node03 Secondary.
  drbd_node(c, "127.0.0.2", proc_drbd("cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown   r-----"));
  drbd_node(c, "127.0.0.3", proc_drbd("cs:StandAlone ro:Secondary/Unknown ds:UpToDate/DUnknown   r-----"));
  check_golden_json("drbd-wait-hopeless", c.document({"drbd", "wait", "r0"}, 1), c);
  // docs/json.md: "The exit status is 0 with --json either way": not
  // checked here (anvil 0.1.0 exits 1).
  check_golden_json("drbd-split-brain", any_status_document(c, {"drbd", "split-brain", "r0"}), c);
  check_golden_json("drbd-split-brain-discard-dry-run",
                    c.document({"--dry-run", "--yes", "drbd", "split-brain", "r0", "--discard", "an-node03"}), c);
}

TEST_CASE("json golden: cluster diff, apply, status and check on the nodes", "[ssh][json]") {
  NEEDS_ROOT();
  SshCluster c;
  for (auto device : {"an-node02-ipmi", "an-node03-ipmi"}) {
    c.run_ok({"fence", "set-device", device, "--login", "admin"});
    RunOptions in = c.environment();
    in.input = "not-shown\n";
    REQUIRE(c.run({"fence", "set-credentials", device}, in).status == 0);
  }
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) REQUIRE(c.ssh(addr, "mkdir -p /etc/cluster").status == 0);
  check_golden_json("cluster-diff", c.document({"cluster", "diff", "--all"}, 1), c);
  auto dry = c.document({"--dry-run", "cluster", "apply", "--all"});
  CHECK(dry.dump().find("not-shown") == std::string::npos);
  check_golden_json("cluster-apply-dry-run", dry, c);
  check_golden_json("cluster-apply", c.document({"cluster", "apply", "--all", "--reason", "first cluster.conf"}), c);
  check_golden_json("cluster-apply-unchanged", c.document({"cluster", "apply", "--all"}), c);
  check_golden_json("cluster-diff-same", c.document({"cluster", "diff", "--all"}), c);
  // No cman here.
  check_golden_json("cluster-status-nodes", c.document({"cluster", "status", "--all"}), c);
  check_golden_json("cluster-check-nodes", c.document({"cluster", "check", "--all"}, 2), c);
  // No cman to start: the first step fails, and the document says which.
  // (anvil 0.1.0 also prints the error object on stderr then, and with
  // --dry-run prints its text, also with --json.)
  check_golden_json("cluster-start-failed", any_status_document(c, {"cluster", "start", "an-node02"}), c);
}

TEST_CASE("json golden: fence check and history, and anvil check, against simulated BMCs", "[ssh][json]") {
  NEEDS_ROOT();
  SshCluster c;
  Bmcs b(c);
  plan_fencing(c, b);
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) {
    write_file(c.home(addr) + "/no-vms.xml", "<node>\n</node>\n");
    c.set_environment(addr, "LIBVIRT_DEFAULT_URI=test:///root/no-vms.xml\n");
  }
  check_golden_json("fence-check-node", c.document({"fence", "check", "an-node02"}), c);
  // One probe so far: the history has one order.
  check_golden_json("fence-history", c.document({"fence", "history"}), c);
  check_golden_json("fence-check", c.document({"fence", "check"}), c);

  auto check = c.document({"check"}, 2);  // no bonds, no cman on these nodes
  check_golden_json("check", check, c);
  // --changes changes the text, not the document.
  CHECK(normalized(c.document({"check", "--changes"}, 2), c.dir().path()) == normalized(check, c.dir().path()));

  b.stop(3);
  check_golden_json("fence-check-no-answer", c.document({"fence", "check", "an-node03", "--timeout", "2"}, 2), c);
}

TEST_CASE("json golden: storage diff, apply, and init and lv create refused", "[ssh][json]") {
  NEEDS_ROOT();
  SshCluster c;
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
  c.run_ok({"vm", "add", "vm1", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/an02-vg0/vm1", "--node", "an-node02"});
  c.run_ok({"storage", "add-vg", "an02-vg0", "--drbd", "r0"});
  c.run_ok({"storage", "gfs2", "--size", "20G"});
  // The nodes' own lvm.conf and fstab, not this machine's.
  for (auto addr : {"127.0.0.2", "127.0.0.3"})
    REQUIRE(c.ssh(addr, "mkdir -p /etc/lvm && printf 'global {\\n\\tlocking_type = 1\\n}\\ndevices {\\n\\tdir = \"/dev\"\\n}\\n' > /etc/lvm/lvm.conf && "
                        "printf 'proc /proc proc defaults 0 0\\n' > /etc/fstab")
                .status == 0);
  check_golden_json("storage-diff", c.document({"storage", "diff", "an-node02"}, 1), c);
  check_golden_json("storage-apply-dry-run", c.document({"--dry-run", "storage", "apply", "an-node02"}), c);
  check_golden_json("storage-apply", c.document({"storage", "apply", "--all", "--reason", "clvmd locking"}), c);
  check_golden_json("storage-diff-same", c.document({"storage", "diff", "--all"}), c);
  // No clvmd on these nodes: refused, with the steps it would run.
  check_golden_json("storage-init-refused", c.document({"--dry-run", "storage", "init"}, 1), c);
  check_golden_json("storage-lv-create-refused", c.document({"--dry-run", "storage", "lv", "create", "an02-vg0/vm1", "--size", "20G"}, 1), c);
}

TEST_CASE("json golden: vm list, info and the operations against libvirt's test driver", "[ssh][json][vm]") {
  NEEDS_ROOT();
  SshCluster c;
  c.run_ok({"vm", "add", "vm1", "--ram", "1G", "--vcpus", "1", "--disk-lv", "/dev/an02-vg0/vm1", "--node", "an-node02"});
  c.run_ok({"vm", "add", "vm2", "--ram", "512M", "--vcpus", "1", "--disk-lv", "/dev/an03-vg0/vm2", "--node", "an-node03"});
  // an-node02 has vm1 shut off (defined by anvil: the plan's UUID) and a
  // guest the plan does not know, running; an-node03 has none. Every
  // connection starts from the file, so each run sees this state.
  auto render = c.document({"vm", "render", "vm1"});
  auto xml = render["domain_xml"].get<std::string>();
  auto uuid = xml.substr(xml.find("<uuid>") + 6, 36);
  write_file(c.home("127.0.0.2") + "/guests.xml",
             "<node>\n"
             "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
             "    <name>vm1</name><uuid>" + uuid + "</uuid><memory unit='MiB'>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os>\n"
             "    <test:runstate>5</test:runstate>\n"
             "  </domain>\n"
             "  <domain type='test'>\n"
             "    <name>old-test</name><uuid>5b288f42-2b16-4783-ae6b-5db279ffea82</uuid><memory unit='MiB'>512</memory><vcpu>2</vcpu>"
             "<os><type>hvm</type></os>\n"
             "  </domain>\n"
             "</node>\n");
  write_file(c.home("127.0.0.3") + "/guests.xml", "<node>\n</node>\n");
  for (auto addr : {"127.0.0.2", "127.0.0.3"})
    c.set_environment(addr, "LIBVIRT_DEFAULT_URI=test:///root/guests.xml\nANVIL_DRBD_PROC=/root/absent\n");
  const std::vector<std::string> virsh = {"--transport", "virsh"};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), virsh.begin(), virsh.end());
    return args;
  };

  check_golden_json("vm-list", c.document(with({"vm", "list"})), c);
  check_golden_json("vm-info", c.document(with({"vm", "info", "vm1"})), c);
  check_golden_json("vm-info-not-in-plan", c.document(with({"vm", "info", "old-test"})), c);
  check_golden_json("vm-info-not-defined", c.document(with({"vm", "info", "vm2"})), c);
  check_golden_json("vm-start", c.document(with({"vm", "start", "vm1", "--reason", "test"})), c);
  check_golden_json("vm-shutdown-already", c.document(with({"vm", "shutdown", "vm1"})), c);
  check_golden_json("vm-destroy-already", c.document(with({"--yes", "vm", "destroy", "vm1"})), c);
  check_golden_json("vm-define-dry-run", c.document(with({"--dry-run", "vm", "define", "vm2"})), c);
  check_golden_json("vm-define", c.document(with({"vm", "define", "vm2"})), c);
  check_golden_json("vm-undefine", c.document(with({"vm", "undefine", "vm1"})), c);
  check_golden_json("vm-migrate-refused", c.document(with({"vm", "migrate", "vm1"}), 1), c);
  check_golden_json("vm-migrate-none", c.document(with({"vm", "migrate", "--all", "--from", "an-node03"})), c);

  // an-node03's libvirtd does not answer: its entry says so, exit 3.
  c.set_environment("127.0.0.3", "LIBVIRT_DEFAULT_URI=qemu+tcp://127.0.0.3:1/system\n");
  check_golden_json("vm-list-partial", c.document(with({"vm", "list"}), 3), c);
}
