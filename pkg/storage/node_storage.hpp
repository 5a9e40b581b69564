// One node's storage as read from it: the parsed vgs, lvs, pvs and
// /proc/mounts, and what the caller found out about clvmd and lvm.conf.
// The input of the refusals of `storage init` and of the storage check.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/lvm_conf.hpp"
#include "storage/lvm_report.hpp"
#include "storage/mounts.hpp"

namespace anvil::storage {

struct NodeStorage {
  std::string node;  // "an-a05n01"
  std::vector<VolumeGroup> vgs;
  std::vector<LogicalVolume> lvs;
  std::vector<PhysicalVolume> pvs;
  std::vector<Mount> mounts;
  // Whether clvmd runs there (`/etc/init.d/clvmd status`); nothing when
  // not asked. Without it vgs and pvs skip clustered VGs and their PVs, so
  // what they report is incomplete.
  std::optional<bool> clvmd_running;
  // The node's lvm.conf as read_lvm_cluster_settings gives it; nothing when
  // not read.
  std::optional<LvmClusterSettings> lvm_conf;

  const VolumeGroup* vg(const std::string& name) const {
    for (auto& v : vgs)
      if (v.name == name) return &v;
    return nullptr;
  }
  const LogicalVolume* lv(const std::string& vg_name, const std::string& name) const {
    for (auto& l : lvs)
      if (l.vg == vg_name && l.name == name) return &l;
    return nullptr;
  }
  const PhysicalVolume* pv(const std::string& device) const {
    for (auto& p : pvs)
      if (p.name == device) return &p;
    return nullptr;
  }
};

}  // namespace anvil::storage
