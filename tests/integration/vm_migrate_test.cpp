// Live migration between two real libvirtds (tests/harness/libvirtd-nodes,
// both in one network namespace of their own with the IFN bridge vbr2),
// driven by anvil through both transports: virsh on the sshd nodes and the
// libvirt client library here. The guest is the plan's own, as `anvil vm
// render` writes it: KVM, its disk a loop device standing in for the
// clustered LV (the same block device on both "nodes", as DRBD makes it),
// its NIC on vbr2. What the preflight reads on a node is shaped in that
// node's own mount namespace: /proc/drbd (ANVIL_DRBD_PROC), the bridge (a
// tmpfs over /sys/class/net) and the memory (a file over /proc/meminfo).
#include <catch2/catch.hpp>

#include <filesystem>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::string harness_path() { return std::string(ANVIL_SOURCE_DIR) + "/tests/harness/libvirtd-nodes"; }

// The two libvirtds, stopped (guests and all) by PID when the test ends.
class LibvirtdNodes {
 public:
  explicit LibvirtdNodes(std::string dir) : dir_(std::move(dir)) {
    auto r = run_process({"sh", harness_path(), "start", dir_, "--netns", "127.0.0.2", "127.0.0.3"});
    INFO("libvirtd-nodes start: " << r.err);
    REQUIRE(r.status == 0);
  }
  ~LibvirtdNodes() { run_process({"sh", harness_path(), "stop", dir_}); }
  std::string uri(const std::string& addr) const {
    auto r = run_process({"sh", harness_path(), "uri", dir_, addr});
    REQUIRE(r.status == 0);
    return r.out.substr(0, r.out.find('\n'));
  }
  void stop(const std::string& addr) const { REQUIRE(run_process({"sh", harness_path(), "stop", dir_, addr}).status == 0); }

 private:
  std::string dir_;
};

// A 64 MiB file as a block device: the guest's "LV".
class LoopDisk {
 public:
  explicit LoopDisk(const std::string& file) {
    REQUIRE(run_process({"truncate", "-s", "64M", file}).status == 0);
    auto r = run_process({"losetup", "-f", "--show", file});
    REQUIRE(r.status == 0);
    device_ = r.out.substr(0, r.out.find('\n'));
  }
  ~LoopDisk() { run_process({"losetup", "-d", device_}); }
  const std::string& device() const { return device_; }

 private:
  std::string device_;
};

const char* header83 =
    "version: 8.3.16 (api:88/proto:86-97)\n"
    "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by root@an-node02.example.com, 2014-11-24 14:51:37\n";
const char* counters = "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n";

std::string proc_drbd(const std::string& state) { return std::string(header83) + " 0: " + state + "\n" + counters; }
const std::string in_sync = "cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----";

struct Setup {
  SshCluster c;
  LibvirtdNodes libvirt{c.dir().file("libvirt")};
  LoopDisk disk{c.dir().file("vm1.img")};

  Setup() {
    c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
    for (auto [addr, node] : {std::pair{"127.0.0.2", "an-node02"}, std::pair{"127.0.0.3", "an-node03"}}) {
      set_drbd(addr, in_sync);
      c.set_environment(addr, "ANVIL_DRBD_PROC=/root/proc-drbd\nLIBVIRT_DEFAULT_URI=" + libvirt.uri(addr) + "\n");
      c.run_ok({"ip-plan", "set", std::string(node) + ".libvirt-uri", libvirt.uri(addr)});
      // The node's IFN bridge, as its /sys shows it (in its own mounts only).
      auto bridge = c.ssh(addr, "mount -t tmpfs -o size=1m anvil-test /sys/class/net && mkdir -p /sys/class/net/vbr2/bridge");
      INFO(bridge.err);
      REQUIRE(bridge.status == 0);
    }
    c.run_ok({"vm", "add", "vm1", "--ram", "64M", "--vcpus", "1", "--disk-lv", disk.device(), "--node", "an-node02"});
  }
  void set_drbd(const std::string& addr, const std::string& state) const { write_file(c.home(addr) + "/proc-drbd", proc_drbd(state)); }
  // Where vm1 runs, as `anvil vm list --json` says.
  std::string where(const std::string& transport) const {
    auto r = c.run({"--json", "vm", "list", "--transport", transport});  // exit 3 while a node is down
    auto doc = json::parse(r.out);
    std::string out;
    for (auto& g : doc["guests"])
      if (g["name"] == "vm1" && g["state"] == "running") out += (out.empty() ? "" : ",") + g["node"].get<std::string>();
    return out;
  }
};

std::vector<std::string> transports() {
  if (static_build()) return {"virsh"};
  return {"virsh", "libvirt"};
}

}  // namespace

TEST_CASE("vm define, start and live migration between two real libvirtds, through both transports", "[ssh][vm][libvirtd]") {
  NEEDS_ROOT();
  Setup s;
  auto& c = s.c;
  // The GFS2 filesystem rgmanager reads the definitions from: here the
  // node's own /root/shared (a /shared made here would be this machine's).
  c.run_ok({"storage", "add-vg", "an02-vg0", "--drbd", "r0"});
  c.run_ok({"storage", "gfs2", "--mount-point", "/root/shared"});
  std::filesystem::create_directories(c.home("127.0.0.2") + "/shared/definitions");
  auto defined = c.run_ok({"vm", "define", "vm1", "--transport", "virsh"});
  CHECK(defined.out == "defined vm1 on an-node02; its definition for rgmanager is /root/shared/definitions/vm1.xml\n");
  CHECK(read_file(c.home("127.0.0.2") + "/shared/definitions/vm1.xml") == c.run_ok({"vm", "render", "vm1"}).out);
  CHECK(has(c.run_ok({"cluster", "render"}).out, "path=\"/root/shared/definitions/\""));
  CHECK(c.run_ok({"vm", "start", "vm1"}).out == "started vm1 on an-node02\n");
  for (auto& t : transports()) {
    INFO("transport " << t);
    REQUIRE(s.where(t) == "an-node02");
    auto there = c.json({"vm", "migrate", "vm1", "--transport", t, "--reason", "maintenance of an-node02"});
    auto& m = there["migrations"][0];
    CHECK(m["outcome"] == "migrated");
    CHECK(m["from"] == "an-node02");
    CHECK(m["to"] == "an-node03");
    CHECK(m["took_ms"].get<int>() > 0);
    CHECK(s.where(t) == "an-node03");
    auto info = c.run_ok({"vm", "info", "vm1", "--transport", t});
    CHECK(has(info.out, "on an-node03:  running, 64M, 1 vCPUs\n"));  // the definition moved with it, and it is anvil's
    CHECK_FALSE(has(info.out, "on an-node02"));
    auto back = c.run_ok({"vm", "migrate", "--all", "--from", "an-node03", "--transport", t});
    CHECK(has(back.out, "migrated vm1 from an-node03 to an-node02 in "));
    CHECK(s.where(t) == "an-node02");
  }
  auto history = c.run_ok({"history"});
  CHECK(has(history.out, "vm migrate"));
  CHECK(has(history.out, "vm1 an-node02 -> an-node03: migrated in "));
}

TEST_CASE("the migration preflight refuses, naming why, and moves nothing", "[ssh][vm][libvirtd]") {
  NEEDS_ROOT();
  Setup s;
  auto& c = s.c;
  c.run_ok({"vm", "define", "vm1"});
  c.run_ok({"vm", "start", "vm1"});
  for (auto& t : transports()) {
    INFO("transport " << t);
    // The peer's copy is not UpToDate: it is still resyncing.
    s.set_drbd("127.0.0.3", "cs:SyncTarget ro:Primary/Primary ds:Inconsistent/UpToDate C r-----");
    auto resync = c.run({"vm", "migrate", "vm1", "--transport", t});
    CHECK(resync.status == 1);
    CHECK(has(resync.err, "refused to migrate vm1 from an-node02 to an-node03; nothing was moved:"));
    CHECK(has(resync.err, "[drbd.not-uptodate] r0's disk on an-node03 is Inconsistent, not UpToDate"));
    CHECK(has(resync.err, "[drbd.not-connected] r0 on an-node03 is SyncTarget, not Connected"));
    s.set_drbd("127.0.0.3", in_sync);

    // Not enough memory on the peer.
    auto small = c.ssh("127.0.0.3", "printf 'MemTotal: 65536 kB\\nMemFree: 1024 kB\\nMemAvailable: 20480 kB\\n' >/root/meminfo && "
                                    "mount --bind /root/meminfo /proc/meminfo");
    REQUIRE(small.status == 0);
    auto ram = c.run({"vm", "migrate", "vm1", "--transport", t});
    CHECK(ram.status == 1);
    CHECK(has(ram.err, "[vm.not-enough-ram] an-node03 has 20 MiB available; vm1 needs 192 MiB"));
    REQUIRE(c.ssh("127.0.0.3", "umount /proc/meminfo").status == 0);

    // The peer has no bridge for the guest's NIC.
    REQUIRE(c.ssh("127.0.0.3", "rmdir /sys/class/net/vbr2/bridge").status == 0);
    auto refused = c.run({"--json", "vm", "migrate", "vm1", "--transport", t});
    CHECK(refused.status == 1);
    auto bridge = json::parse(refused.out);
    CHECK(bridge["migrations"][0]["outcome"] == "refused");
    CHECK(bridge["migrations"][0]["blockers"][0]["id"] == "vm.no-bridge");
    REQUIRE(c.ssh("127.0.0.3", "mkdir /sys/class/net/vbr2/bridge").status == 0);

    // --dry-run runs the preflight only.
    auto dry = c.run_ok({"--dry-run", "vm", "migrate", "vm1", "--transport", t});
    CHECK(dry.out == "would migrate vm1 from an-node02 to an-node03 (preflight passed)\n");
    CHECK(s.where(t) == "an-node02");
  }
  // The peer's libvirtd is down: no verdict possible, nothing moves.
  s.libvirt.stop("127.0.0.3");
  for (auto& t : transports()) {
    auto down = c.run({"vm", "migrate", "vm1", "--transport", t});
    CHECK(down.status == 1);
    CHECK(has(down.err, "[node.unreadable] cannot tell on an-node03: "));
  }
  CHECK(s.where("virsh") == "an-node02");
}

TEST_CASE("vm shutdown waits for the guest, then reports; destroy and undefine finish the job", "[ssh][vm][libvirtd]") {
  NEEDS_ROOT();
  Setup s;
  auto& c = s.c;
  auto defined = c.run_ok({"vm", "define", "vm1"});
  CHECK(has(defined.out, "/shared/definitions is not there on an-node02 (GFS2 not mounted?): rgmanager's copy was not written"));
  c.run_ok({"vm", "start", "vm1"});
  // The guest has no operating system: nothing acts on the ACPI request.
  auto stubborn = c.run({"vm", "shutdown", "vm1", "--timeout", "2"});
  CHECK(stubborn.status == 1);
  CHECK(has(stubborn.err, "anvil: vm1 is still running on an-node02 after 2 s"));
  auto refused = c.run({"vm", "undefine", "vm1"});
  CHECK(refused.status == 1);
  CHECK(has(refused.err, "vm1 is running on an-node02: shut it down first"));
  CHECK(c.run_ok({"vm", "destroy", "vm1", "--yes"}).out == "powered vm1 off on an-node02\n");
  CHECK(c.run_ok({"vm", "undefine", "vm1"}).out == "undefined vm1 on an-node02\n");
  auto list = c.json({"vm", "list"});
  CHECK(list["guests"][0]["state"] == "not defined");
}
