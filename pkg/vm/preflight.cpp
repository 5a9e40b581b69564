#include "vm/preflight.hpp"

#include <cstdio>

#include "plan/vm_plan.hpp"

namespace anvil::vm {
namespace {

std::string mib(std::int64_t kib) { return std::to_string(kib / 1024) + " MiB"; }

// The resource's device in a node's DRBD state: by name (DRBD 9) or by the
// plan's minor (/proc/drbd).
const drbd::DeviceStatus* device_of(const drbd::DrbdState& s, const plan::DrbdResource& r) {
  for (auto& d : s.devices)
    if ((!d.resource.empty() && d.resource == r.name) || (d.resource.empty() && d.minor == r.minor)) return &d;
  return nullptr;
}

void drbd_blockers(const plan::Cluster& c, const NodeFacts& source, const NodeFacts& target, std::vector<Blocker>& out) {
  if (c.drbd.empty()) {
    out.push_back({"drbd.none-planned", "the plan has no DRBD resource, so the guest's disk is not known to be replicated; "
                                        "plan one with `anvil drbd add`"});
    return;
  }
  if (!c.drbd_settings.dual_primary)
    out.push_back({"drbd.single-primary", "DRBD is planned single-primary (drbd.dual-primary no): a live migration needs the "
                                          "disk writable on both nodes at once; `anvil ip-plan set drbd.dual-primary yes` and `anvil drbd apply`"});
  for (auto* side : {&source, &target}) {
    if (!side->drbd) continue;  // said in `unreadable`
    for (auto& r : c.drbd) {
      auto* d = device_of(*side->drbd, r);
      if (!d || d->unconfigured) {
        out.push_back({"drbd.down", r.name + " is not up on " + side->node + "; `anvil drbd up " + r.name + " " + side->node + "`"});
        continue;
      }
      if (d->connection != "Connected")
        out.push_back({"drbd.not-connected", r.name + " on " + side->node + " is " + (d->connection.empty() ? "unconnected" : d->connection) +
                                                 ", not Connected: the peer would not see the guest's writes; `anvil drbd status`"});
      if (d->disk != "UpToDate")
        out.push_back({"drbd.not-uptodate", r.name + "'s disk on " + side->node + " is " + d->disk + ", not UpToDate" +
                                                (d->sync ? " (resync " + std::to_string(static_cast<int>(d->sync->percent)) + "% done)" : "") +
                                                "; wait for the resync (`anvil drbd status`)"});
      if (d->role != "Primary")
        out.push_back({"drbd.not-primary", r.name + " is " + d->role + " on " + side->node +
                                               ": the guest's disk must be writable on both nodes; `anvil drbd primary " + r.name + " " + side->node + "`"});
    }
  }
}

}  // namespace

const DomainInfo* domain_in(const NodeFacts& facts, const std::string& name) {
  for (auto& d : facts.domains)
    if (d.name == name) return &d;
  return nullptr;
}

std::vector<Blocker> migration_blockers(const plan::Cluster& c, const plan::Vm& guest, const NodeFacts& source,
                                        const NodeFacts& target, const JobProgress& job) {
  std::vector<Blocker> out;
  for (auto* side : {&source, &target})
    for (auto& why : side->unreadable) out.push_back({"node.unreadable", "cannot tell on " + side->node + ": " + why});
  auto* here = domain_in(source, guest.name);
  auto* there = domain_in(target, guest.name);
  // What a node's libvirtd holds is unknown when the node could not be
  // read: no verdict on the guest there (node.unreadable says why).
  const bool source_known = source.unreadable.empty();
  if (there && there->state == state_running)
    out.push_back({"vm.on-target", guest.name + " runs on " + target.node + " already"});
  else if (!source_known)
    ;
  else if (!here)
    out.push_back({"vm.not-defined", guest.name + " is not defined on " + source.node + "; `anvil vm list` shows where it is"});
  else if (here->state != state_running)
    out.push_back({"vm.not-running", guest.name + " is " + here->state + " on " + source.node +
                                         ", not running: a live migration moves a running guest; start it with `anvil vm start " + guest.name + "`"});
  if (there && there->state != state_running)
    out.push_back({"vm.defined-on-target", guest.name + " is defined on " + target.node + " too (" + there->state +
                                               "): one definition per guest; `anvil vm undefine " + guest.name + " --node " + target.node + "`"});
  if (job.active)
    out.push_back({"vm.busy", guest.name + " has a job running on " + source.node + " (" + (job.operation.empty() ? "unknown" : job.operation) +
                                  ", " + std::to_string(job.percent()) + "% done): it is being migrated already; wait for it"});
  drbd_blockers(c, source, target, out);
  auto* ifn = c.network("ifn");
  const std::string bridge = ifn && !ifn->bridge.empty() ? ifn->bridge : "vbr2";
  if (target.unreadable.empty() && !target.has_bridge)
    out.push_back({"vm.no-bridge", target.node + " has no bridge " + bridge + " for the guest's NIC; `anvil net check " + target.node + "`"});
  if (target.unreadable.empty() && !guest.disk_lv.empty() && !target.has_disk)
    out.push_back({"vm.no-disk", target.node + " has no block device " + guest.disk_lv +
                                     " (the guest's LV): is the clustered VG active there? `vgchange -ay` on " + target.node});
  std::int64_t need = (here && here->max_memory_kib > 0 ? here->max_memory_kib
                       : guest.ram_mib                  ? static_cast<std::int64_t>(*guest.ram_mib) * 1024
                                                        : 0) +
                      qemu_overhead_kib;
  if (target.unreadable.empty() && target.mem_available_kib < need)
    out.push_back({"vm.not-enough-ram", target.node + " has " + mib(target.mem_available_kib) + " available; " + guest.name + " needs " +
                                            mib(need) + " (its RAM and QEMU's own): move another guest away or stop one first"});
  return out;
}

}  // namespace anvil::vm
