#include "storage/init_plan.hpp"

#include <algorithm>

#include "exec/quote.hpp"
#include "storage/fstab.hpp"

namespace anvil::storage {
namespace {

using exec::command_line;

std::string q(const std::string& s) { return exec::shell_quote(s); }

}  // namespace

const char* where_name(Where w) { return w == Where::first ? "first" : "both"; }

std::vector<Step> init_steps(const StorageLayout& layout) {
  validate_layout(layout);
  std::vector<Step> out;
  for (auto& v : layout.vgs)
    out.push_back({Where::first, StepKind::run, command_line({"pvcreate", v.device}),
                   "make " + v.device + " an LVM physical volume; DRBD copies the label to the other node"});
  for (auto& v : layout.vgs)
    out.push_back({Where::first, StepKind::run, command_line({"vgcreate", "-c", "y", v.vg, v.device}),
                   "the clustered volume group " + v.vg + " on " + v.device + "; clvmd tells the other node"});
  if (!layout.gfs2) return out;
  auto& g = *layout.gfs2;
  auto [size_flag, size] = lv_size_option(g.size);
  out.push_back({Where::first, StepKind::run, command_line({"lvcreate", size_flag, size, "-n", g.lv, g.vg}),
                 "the LV for GFS2 (" + g.size + "); clvmd activates it on both nodes"});
  out.push_back({Where::first, StepKind::run,
                 command_line({"mkfs.gfs2", "-O", "-p", "lock_dlm", "-j", std::to_string(g.journals), "-t", g.lock_table(layout.cluster),
                               g.device()}),
                 "GFS2 with DLM locking in lock table " + g.lock_table(layout.cluster) + ", one journal per node that mounts it (" +
                     std::to_string(g.journals) + ")"});
  out.push_back({Where::both, StepKind::fstab, gfs2_uuid_command(g),
                 "the fstab line for " + g.mount_point + " by the new filesystem's UUID, so that it is mounted at boot"});
  out.push_back({Where::both, StepKind::run, command_line({"mkdir", "-p", g.mount_point}), "the mount point"});
  out.push_back({Where::both, StepKind::run, command_line({"mount", g.mount_point}),
                 "mount it through its fstab line, as the boot will: a bad line shows now, not at the next boot"});
  return out;
}

std::vector<std::string> init_refusals(const StorageLayout& layout, const std::vector<NodeStorage>& nodes) {
  validate_layout(layout);
  std::vector<std::string> out;
  auto once = [&](const std::string& line) {
    if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
  };

  for (auto& n : nodes)
    if (n.clvmd_running == false)
      out.push_back("clvmd is not running on " + n.node + ": start it (/etc/init.d/clvmd start   # on " + n.node +
                    "); vgcreate -c y needs it on both nodes, and without it LVM hides clustered VGs from these checks");

  // What LVM shows is the same on both nodes (DRBD, clvmd): say it once, from the first node that shows it.
  for (auto& v : layout.vgs) {
    for (auto& n : nodes) {
      auto* pv = n.pv(v.device);
      if (!pv || pv->vg.empty()) continue;
      if (pv->vg == v.vg)
        once(v.device + " already holds VG " + v.vg + " (seen on " + n.node +
             "): storage init has run; see anvil storage status");
      else
        once(v.device + " already is a PV of VG " + q(pv->vg) + " (seen on " + n.node + "), which the plan does not have: pvcreate would " +
             "destroy it; if nothing in it is wanted: vgremove " + q(pv->vg) + " && pvremove " + q(v.device) + "   # on " + n.node);
      break;
    }
    for (auto& n : nodes) {
      auto* vg = n.vg(v.vg);
      if (!vg) continue;
      std::vector<std::string> elsewhere;
      for (auto& pv : n.pvs)
        if (pv.vg == v.vg && pv.name != v.device) elsewhere.push_back(pv.name);
      if (!elsewhere.empty() || !n.pv(v.device) || n.pv(v.device)->vg != v.vg)
        once("a VG named " + v.vg + " already exists on " + n.node + (elsewhere.empty() ? "" : " (on " + elsewhere.front() + ")") +
             ", not on " + v.device + ": rename it (vgrename " + q(v.vg) + " NEW   # on " + n.node +
             ") or give the plan another VG name");
      break;
    }
  }

  if (layout.gfs2) {
    auto& g = *layout.gfs2;
    for (auto& n : nodes)
      if (n.lv(g.vg, g.lv)) {
        once("the LV " + g.vg + "/" + g.lv + " already exists (seen on " + n.node + "): mkfs.gfs2 would destroy what is on it; " +
             "if nothing on it is wanted: lvremove " + q(g.vg + "/" + g.lv) + "   # on " + n.node);
        break;
      }
  }

  for (auto& n : nodes) {
    if (layout.gfs2) {
      auto& g = *layout.gfs2;
      if (auto m = mounted_at(n.mounts, g.mount_point))
        out.push_back(g.mount_point + " on " + n.node + " already has " + m->fstype + " " + m->device +
                      " mounted: if it is not wanted there, umount " + q(g.mount_point) + "   # on " + n.node);
      for (auto& dev : {g.device(), mapper_path(g.vg, g.lv)})
        for (auto& m : mounts_of(n.mounts, dev))
          if (without_trailing_slash(m.mount_point) != without_trailing_slash(g.mount_point))
            out.push_back(dev + " is mounted at " + m.mount_point + " on " + n.node + " (" + m.fstype + "): umount " + q(m.mount_point) +
                          "   # on " + n.node + ", if what is on it is not wanted");
    }
    for (auto& v : layout.vgs)
      for (auto& m : mounts_of(n.mounts, v.device))
        out.push_back(v.device + " is mounted at " + m.mount_point + " on " + n.node + " (" + m.fstype +
                      "): a filesystem lives on the DRBD device itself, and pvcreate for VG " + v.vg +
                      " would destroy it; move its data off, then: umount " + q(m.mount_point) + "   # on " + n.node);
  }
  return out;
}

}  // namespace anvil::storage
