// The plan's clustered storage as the storage code takes it, and the files
// it wants on a node (lvm.conf for clvmd, /etc/fstab for the GFS2
// filesystem), next to the node's own.
#pragma once

#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "exec/file_state.hpp"
#include "plan/model.hpp"
#include "storage/layout.hpp"

namespace anvil::storage {

inline constexpr const char* lvm_conf_path = "/etc/lvm/lvm.conf";
inline constexpr const char* fstab_path = "/etc/fstab";

// Throws a failure naming what is missing when the plan has no clustered VG.
StorageLayout layout_of(const plan::Cluster& c);

// lvm.conf's filter for `node`: its DRBD backing disks rejected, the DRBD
// devices accepted, the rest rejected.
std::vector<std::string> filter_for(const plan::Cluster& c, const std::string& node);

// The edited lvm.conf and fstab for the node, from what it has; the fstab
// line names the filesystem by UUID when `uuid` is known (from blkid on
// the node), else by its LV's path.
std::vector<exec::FileState> wanted_files(const plan::Cluster& c, const std::string& node, const std::optional<std::string>& lvm_conf,
                                          const std::optional<std::string>& fstab, const std::string& uuid);

// Reads the node's files and the GFS2 UUID, and compares.
std::vector<exec::FileState> compare(exec::Executor& node, const plan::Cluster& c);

}  // namespace anvil::storage
