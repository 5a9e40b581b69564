// Judging a node's DRBD state against the plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "check/finding.hpp"
#include "drbd/status.hpp"
#include "plan/model.hpp"

namespace anvil::drbd {

// Findings for one node, per planned resource (matched by minor in
// /proc/drbd, by name in DRBD 9's output; a resource whose disks name other
// nodes only is skipped). Subjects are "NODE RES"; every applicable non-OK
// finding, or one drbd.ok:
//   CRITICAL drbd.not-loaded (once, subject NODE: no DRBD while the plan has
//            resources), drbd.resource-down, drbd.standalone, drbd.diskless,
//            drbd.inconsistent (and no resync running), drbd.single-primary /
//            drbd.no-primary (dual-primary planned), drbd.two-primaries (not planned)
//   WARNING  drbd.syncing, drbd.outdated, drbd.waiting, drbd.suspended,
//            drbd.out-of-sync (Connected but blocks differ, as after a verify),
//            drbd.unexpected-state (none of the above, yet not as planned:
//            Ahead/Behind, Consistent, Attaching, ...)
std::vector<check::Finding> check_node(const plan::Cluster& c, const std::string& node, const DrbdState& state);

// One Nagios performance value.
struct PerfValue {
  std::string label;  // "r0_synced"
  double value = 0;
  std::string unit;   // "%", "s"
  std::optional<double> max;
};

// Per planned resource found on the node (volume N of a multi-volume
// resource: "r0_vN_..."): RES_synced (%, 100 when UpToDate on both sides,
// the resync's percent while it runs) and RES_sync_left (s, 0 when in sync;
// left out when DRBD does not say). Resources in neither state give nothing.
std::vector<PerfValue> sync_perfdata(const plan::Cluster& c, const DrbdState& state);

// "'r0_synced'=37.5%;;;0;100"
std::string to_string(const PerfValue& p);

}  // namespace anvil::drbd
