// Clustered storage in the plan: which DRBD resource carries which
// clustered VG (`anvil storage add-vg`), and the GFS2 filesystem for /shared
// (`anvil storage gfs2`); their keys for `anvil ip-plan set`:
// storage.vg.VG (its DRBD resource) and storage.gfs2.FIELD (vg, lv, size,
// name, mount-point, journals).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

Cluster add_storage_vg(Cluster c, const std::string& name, const std::string& drbd);
// Refused while the GFS2 filesystem or a guest's disk is on it.
Cluster remove_storage_vg(Cluster c, const std::string& name);

struct Gfs2Spec {  // nothing: keep (or the default for a new filesystem)
  std::optional<std::string> vg, lv, size, name, mount_point;
  std::optional<int> journals;
};
Cluster set_gfs2(Cluster c, const Gfs2Spec& spec);
// Takes the filesystem out of the plan (not off the nodes).
Cluster remove_gfs2(Cluster c);

bool is_storage_key(const std::string& key);
std::vector<std::string> storage_keys(const Cluster& c);
std::string storage_value(const Cluster& c, const std::string& key);
Cluster set_storage_value(Cluster c, const std::string& key, const std::string& value);

// The DRBD resource a guest's disk (/dev/VG/LV) lives on, when its VG is a
// planned one.
const StorageVg* vg_of_disk(const Cluster& c, const std::string& disk);

}  // namespace anvil::plan
