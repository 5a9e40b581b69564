// Waiting for a resource to be in sync on both nodes (after `drbd up`, a
// new disk or a split-brain recovery): whether it is, whether it can still
// get there, and how far the resync is. Pure: the nodes' views in, verdict out.
#pragma once

#include <string>
#include <vector>

#include "drbd/actions.hpp"

namespace anvil::drbd {

struct SyncVerdict {
  bool in_sync = false;   // Connected and UpToDate on both nodes
  bool hopeless = false;  // it will not get there by waiting (StandAlone, down, Diskless)
  std::string text;       // "r0: resync 37.5% (0:03:20 left, 20480 K/s)", or why it is hopeless
  double percent = -1;    // the resync's progress when one runs
};

SyncVerdict sync_verdict(const plan::DrbdResource& r, const std::vector<NodeView>& views);

}  // namespace anvil::drbd
