#include <catch2/catch.hpp>

#include <algorithm>

#include "plan/derive.hpp"
#include "plan/drbd_plan.hpp"
#include "plan/vm_plan.hpp"
#include "vm/preflight.hpp"

using namespace anvil;
using namespace anvil::vm;

namespace {

plan::Cluster cluster() {
  auto c = plan::make_cluster(plan::InitOptions{});
  c = plan::add_drbd_resource(c, "r0", {"an-node01=/dev/sda5", "an-node02=/dev/sda5"}, std::nullopt, std::nullopt);
  return plan::add_guest(c, {"vm1", "2G", 2, "/dev/vg0/vm1", "an-node01", "", {}});
}

drbd::DrbdState drbd_state(const std::string& cs, const std::string& role, const std::string& disk) {
  drbd::DeviceStatus d;
  d.minor = 0;
  d.connection = cs;
  d.role = role;
  d.peer_role = "Primary";
  d.disk = disk;
  d.peer_disk = "UpToDate";
  return {"proc-8.3", "8.3.16", {d}};
}

NodeFacts healthy(const std::string& node, bool runs_vm1) {
  NodeFacts f;
  f.node = node;
  f.drbd = drbd_state("Connected", "Primary", "UpToDate");
  f.has_bridge = true;
  f.has_disk = true;
  f.mem_available_kib = 8LL * 1024 * 1024;
  if (runs_vm1) f.domains.push_back({"vm1", state_running, true, 2, 2LL * 1024 * 1024, ""});
  return f;
}

std::vector<std::string> ids(const std::vector<Blocker>& b) {
  std::vector<std::string> out;
  for (auto& x : b) out.push_back(x.id);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& what) { return std::find(v.begin(), v.end(), what) != v.end(); }

}  // namespace

TEST_CASE("a running guest on healthy nodes may migrate", "[vm][preflight]") {
  auto c = cluster();
  CHECK(migration_blockers(c, *c.vm("vm1"), healthy("an-node01", true), healthy("an-node02", false), {}).empty());
}

TEST_CASE("the preflight names every blocker at once", "[vm][preflight]") {
  auto c = cluster();
  auto source = healthy("an-node01", true);
  auto target = healthy("an-node02", false);
  target.drbd = drbd_state("SyncTarget", "Primary", "Inconsistent");
  target.has_bridge = false;
  target.has_disk = false;
  target.mem_available_kib = 1024 * 1024;  // 1 GiB for a 2 GiB guest
  JobProgress job;
  job.active = true;
  job.operation = "Outgoing migration";
  auto b = migration_blockers(c, *c.vm("vm1"), source, target, job);
  auto i = ids(b);
  CHECK(has(i, "drbd.not-connected"));
  CHECK(has(i, "drbd.not-uptodate"));
  CHECK(has(i, "vm.no-bridge"));
  CHECK(has(i, "vm.no-disk"));
  CHECK(has(i, "vm.not-enough-ram"));
  CHECK(has(i, "vm.busy"));
  for (auto& x : b)
    if (x.id == "vm.not-enough-ram") CHECK(x.message == "an-node02 has 1024 MiB available; vm1 needs 2176 MiB (its RAM and QEMU's own): move another guest away or stop one first");
}

TEST_CASE("the preflight refuses a peer that is not UpToDate or not Primary", "[vm][preflight]") {
  auto c = cluster();
  auto target = healthy("an-node02", false);
  target.drbd = drbd_state("Connected", "Secondary", "Outdated");
  auto i = ids(migration_blockers(c, *c.vm("vm1"), healthy("an-node01", true), target, {}));
  CHECK(i == std::vector<std::string>{"drbd.not-uptodate", "drbd.not-primary"});
}

TEST_CASE("the preflight wants a running guest, defined once, and dual-primary DRBD", "[vm][preflight]") {
  auto c = cluster();
  auto source = healthy("an-node01", false);
  source.domains.push_back({"vm1", state_shut_off, true, 2, 2LL * 1024 * 1024, ""});
  CHECK(ids(migration_blockers(c, *c.vm("vm1"), source, healthy("an-node02", false), {})) == std::vector<std::string>{"vm.not-running"});
  CHECK(ids(migration_blockers(c, *c.vm("vm1"), healthy("an-node01", false), healthy("an-node02", false), {})) ==
        std::vector<std::string>{"vm.not-defined"});
  CHECK(ids(migration_blockers(c, *c.vm("vm1"), healthy("an-node01", false), healthy("an-node02", true), {})) ==
        std::vector<std::string>{"vm.on-target"});
  c.drbd_settings.dual_primary = false;
  CHECK(has(ids(migration_blockers(c, *c.vm("vm1"), healthy("an-node01", true), healthy("an-node02", false), {})), "drbd.single-primary"));
  c.drbd.clear();
  CHECK(ids(migration_blockers(c, *c.vm("vm1"), healthy("an-node01", true), healthy("an-node02", false), {})) ==
        std::vector<std::string>{"drbd.none-planned"});
}

TEST_CASE("a node the preflight cannot read blocks the migration", "[vm][preflight]") {
  auto c = cluster();
  auto target = healthy("an-node02", false);
  target.unreadable.push_back("cannot reach libvirtd on an-node02 (qemu+tcp://127.0.0.3/system): Connection refused");
  target.drbd.reset();
  auto b = migration_blockers(c, *c.vm("vm1"), healthy("an-node01", true), target, {});
  REQUIRE(b.size() == 1);
  CHECK(b[0].id == "node.unreadable");
  CHECK(b[0].message.find("Connection refused") != std::string::npos);
}

TEST_CASE("a source the preflight cannot read gets no verdict on its guest", "[vm][preflight]") {
  auto c = cluster();
  auto source = healthy("an-node01", false);
  source.unreadable.push_back("cannot reach an-node01: Connection refused");
  source.drbd.reset();
  auto i = ids(migration_blockers(c, *c.vm("vm1"), source, healthy("an-node02", false), {}));
  CHECK(i == std::vector<std::string>{"node.unreadable"});
}
