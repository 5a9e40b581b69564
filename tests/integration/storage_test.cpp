// `anvil storage` against the sshd nodes, whose LVM tools are this
// machine's real ones (lvm2 2.03: no clvmd, and no device-mapper in this
// kernel, so no LV can be created or activated), each node with its own
// /etc (overlay): its own lvm.conf, fstab and /etc/init.d/clvmd. (The init
// refusals on real LVM state, a PV and a VG on a loop device, are in
// pkg/storage/init_lvm_test.cpp.)
#include <catch2/catch.hpp>

#include <filesystem>

#include "integration/ssh_cluster.hpp"

using namespace anvil::test;
using nlohmann::json;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

void plan_storage(const SshCluster& c) {
  c.run_ok({"drbd", "add", "r0", "--disk", "an-node02=/dev/sda5", "--disk", "an-node03=/dev/sda5"});
  c.run_ok({"drbd", "add", "r1", "--disk", "an-node02=/dev/sda6", "--disk", "an-node03=/dev/sda6"});
  c.run_ok({"storage", "add-vg", "an02-vg0", "--drbd", "r0"});
  c.run_ok({"storage", "add-vg", "an03-vg0", "--drbd", "r1"});
  c.run_ok({"storage", "gfs2", "--size", "20G"});
}

// clvmd "runs" on a node: its init script says so (EL6's status action).
// Written through the node's own /etc (its overlay), as its admin would.
void clvmd_running(const SshCluster& c, const std::string& addr) {
  auto r = c.ssh(addr, "printf '#!/bin/sh\\n[ \"$1\" = status ] && exit 0\\nexit 1\\n' >/etc/init.d/clvmd && chmod 755 /etc/init.d/clvmd");
  INFO(r.err);
  REQUIRE(r.status == 0);
}

std::string read_local(const std::string& path) {
  auto r = run_process({"cat", path});
  return r.out;
}

}  // namespace

TEST_CASE("storage apply edits only lvm.conf's clvmd settings and fstab's GFS2 line on each node; undo restores them", "[ssh][storage]") {
  NEEDS_ROOT();
  SshCluster c;
  plan_storage(c);
  auto original = read_local("/etc/lvm/lvm.conf");
  REQUIRE_FALSE(original.empty());
  auto diff = c.run({"storage", "diff", "--all"});
  CHECK(diff.status == 1);
  CHECK(has(diff.out, "+++ an-node02:/etc/lvm/lvm.conf (plan)"));
  CHECK(has(diff.out, "+\tfilter = [ \"r|^/dev/sda5$|\", \"r|^/dev/sda6$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]"));
  CHECK(has(diff.out, "+/dev/an02-vg0/shared /shared gfs2 defaults,noatime,nodiratime 0 0"));

  auto dry = c.run_ok({"--dry-run", "storage", "apply", "--all"});
  CHECK_FALSE(std::filesystem::exists(c.etc_file("127.0.0.2", "lvm/lvm.conf")));

  auto applied = c.run_ok({"storage", "apply", "--all"});
  CHECK(has(applied.out, "an-node02: 2 file(s) changed"));
  auto edited = read_local(c.etc_file("127.0.0.3", "lvm/lvm.conf"));
  // Every line of Debian's file is still there, in order; three are new.
  std::size_t kept = 0, at = 0;
  for (auto& line : lines(original)) {
    auto found = edited.find(line + "\n", at);
    if (found != std::string::npos) {
      ++kept;
      at = found + line.size() + 1;
    }
  }
  CHECK(kept == lines(original).size());
  CHECK(lines(edited).size() == lines(original).size() + 3);
  CHECK(has(edited, "\tlocking_type = 3\n"));
  CHECK(has(read_local(c.etc_file("127.0.0.3", "fstab")), "/dev/an03-vg0/shared") == false);  // one filesystem, on an02-vg0
  CHECK(has(read_local(c.etc_file("127.0.0.3", "fstab")), "/dev/an02-vg0/shared /shared gfs2 defaults,noatime,nodiratime 0 0\n"));
  CHECK(c.run({"storage", "diff", "--all"}).status == 0);  // as planned now

  auto history = c.json({"history"});
  auto run = std::to_string(history["runs"][0]["id"].get<int>());
  c.run_ok({"history", "undo", run});
  CHECK(read_local(c.etc_file("127.0.0.3", "lvm/lvm.conf")) == original);
}

TEST_CASE("storage init: the steps per node in a dry run, refusals that change nothing, and the first failing step named", "[ssh][storage]") {
  NEEDS_ROOT();
  SshCluster c;
  plan_storage(c);
  // No clvmd on this machine: init refuses, saying so for each node.
  auto refused = c.run({"storage", "init", "--yes"});
  CHECK(refused.status == 1);
  CHECK(has(refused.err, "refused to initialise the clustered storage; nothing was changed:"));
  CHECK(has(refused.err, "clvmd"));
  for (auto addr : {"127.0.0.2", "127.0.0.3"}) clvmd_running(c, addr);

  auto dry = c.run_ok({"--dry-run", "storage", "init"});
  CHECK(has(dry.out, "would run on an-node02: pvcreate /dev/drbd0\n"));
  CHECK(has(dry.out, "would run on an-node02: vgcreate -c y an02-vg0 /dev/drbd0\n"));
  CHECK(has(dry.out, "would run on an-node02: lvcreate -L 20G -n shared an02-vg0\n"));
  CHECK(has(dry.out, "would run on an-node02: mkfs.gfs2 -O -p lock_dlm -j 2 -t an-cluster-01:shared /dev/an02-vg0/shared\n"));
  CHECK(has(dry.out, "would run on an-node03: mount /shared\n"));
  CHECK(dry.out.find("pvcreate /dev/drbd0") < dry.out.find("vgcreate"));
  CHECK(dry.out.find("mkfs.gfs2") < dry.out.find("would run on an-node02: mount /shared"));

  // Something mounted at the mount point on a node: refused. (The mount
  // point moves into the node's own /root: a /shared made here would be
  // this machine's.)
  c.run_ok({"ip-plan", "set", "storage.gfs2.mount-point", "/root/shared"});
  REQUIRE(c.ssh("127.0.0.3", "mkdir -p /root/shared && mount -t tmpfs -o size=1m anvil-test /root/shared").status == 0);
  auto mounted = c.run({"storage", "init", "--yes"});
  CHECK(mounted.status == 1);
  CHECK(has(mounted.err, "/root/shared"));
  CHECK(has(mounted.err, "an-node03"));
  REQUIRE(c.ssh("127.0.0.3", "umount /root/shared").status == 0);

  // Not confirmed: no terminal, no --yes.
  CHECK(c.run({"storage", "init"}).status == 2);

  // Nothing in the way: the first step runs and fails (no /dev/drbd0 here),
  // which stops the rest and is recorded.
  auto failed = c.run({"storage", "init", "--yes"});
  CHECK(failed.status == 1);
  CHECK(has(failed.err, "`pvcreate /dev/drbd0` failed on an-node02"));
  CHECK(has(failed.err, "done before it: nothing"));
  auto history = c.run_ok({"history"});
  CHECK(has(history.out, "storage init failed"));
}

TEST_CASE("storage status, check and lv refusals on nodes without clustered storage", "[ssh][storage]") {
  NEEDS_ROOT();
  SshCluster c;
  plan_storage(c);
  auto status = c.json({"storage", "status", "--all"});
  CHECK(status["nodes"][0]["ok"] == true);
  CHECK(status["nodes"][0]["clvmd_running"] == false);
  auto check = c.run({"storage", "check", "--all", "--format", "nagios"});
  CHECK(check.status == 2);
  CHECK(has(check.out, "STORAGE CRITICAL"));
  auto text = c.run({"storage", "check", "--all"});
  CHECK(has(text.out, "CRITICAL storage.vg-missing an-node02 an02-vg0"));
  CHECK(has(text.out, "CRITICAL storage.clvmd-down an-node03"));

  auto create = c.run({"storage", "lv", "create", "an02-vg0/vm1", "--size", "10G"});
  CHECK(create.status == 1);
  CHECK(has(create.err, "VG an02-vg0 does not exist on an-node02 (yet): `anvil storage init` creates it"));
  auto refused = c.run({"--json", "storage", "lv", "create", "an02-vg0/vm1", "--size", "10G"});
  CHECK(refused.status == 1);
  auto doc = json::parse(refused.out);
  CHECK(doc["command"].is_null());
  CHECK(doc["refused"].size() >= 1);
  auto other = c.run({"storage", "lv", "create", "/dev/nope/vm1", "--size", "10G"});
  CHECK(other.status == 1);
  CHECK(has(other.err, "VG nope is not a clustered VG of the plan"));
  auto remove = c.run({"storage", "lv", "remove", "an02-vg0/vm1", "--yes", "--transport", "virsh"});
  CHECK(remove.status == 1);
  CHECK(has(remove.err, "LV an02-vg0/vm1 does not exist on any node"));
}
