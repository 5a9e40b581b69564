// Judging both nodes' clustered storage (the VGs on DRBD, the GFS2
// filesystem, clvmd, lvm.conf) against the layout.
#pragma once

#include <string>
#include <vector>

#include "check/finding.hpp"
#include "storage/layout.hpp"
#include "storage/node_storage.hpp"

namespace anvil::storage {

// Free space of a VG below these percentages is a WARNING, a CRITICAL.
struct FreeThresholds {
  double warning_percent = 20;
  double critical_percent = 10;
};
// Throws usage_error unless 0 <= critical <= warning <= 100.
void validate_thresholds(const FreeThresholds& t);

// An LV that must be active on a node: a guest's disk where it runs.
struct WantedActive {
  std::string vg, lv;
  std::string node;
  std::string why;  // "vm01-win7 runs there"
};

// Findings for the nodes as read (a node not given is not judged: reading
// it failed, and that is reported where it failed). Subjects are "NODE",
// "NODE VG", "NODE VG/LV", "NODE /shared", or "VG" for what is the same on
// both nodes (free space). Every applicable non-OK finding, and one
// storage.ok per node without any:
//   CRITICAL storage.clvmd-down (clvmd_running false), storage.lvm-not-clustered
//            (lvm.conf read: locking_type not 3 or fallback_to_local_locking not 0),
//            storage.vg-missing (per node and planned VG; with clvmd down the
//            fix says to start it), storage.vg-not-clustered, storage.vg-partial
//            (a PV of it missing), storage.lv-missing (the GFS2 LV, a wanted one;
//            only where its VG is seen), storage.lv-inactive (the same: not active,
//            where the state is known), storage.gfs2-not-mounted (nothing, or
//            not GFS2, at the mount point), storage.vg-free-low (below critical)
//   WARNING  storage.vg-free-low (below warning), storage.lvm-no-filter
//            (lvm.conf read: no filter, or one that does not end by rejecting
//            the rest: LVM sees the DRBD backing disks and each PV twice)
std::vector<check::Finding> check_storage(const StorageLayout& layout, const std::vector<NodeStorage>& nodes,
                                          const FreeThresholds& free = {}, const std::vector<WantedActive>& active = {});

// Per planned VG, from the first node that shows it: VG_free (%, with the
// thresholds as Nagios ranges "20:" and "10:", 0..100) and VG_free_kb (KB,
// 0..size). '+' in a VG name becomes '_' in the label.
std::vector<check::Perf> storage_perfdata(const StorageLayout& layout, const std::vector<NodeStorage>& nodes,
                                          const FreeThresholds& free = {});

}  // namespace anvil::storage
