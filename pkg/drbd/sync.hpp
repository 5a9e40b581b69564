// Bringing a node's DRBD configuration in line with the plan, and letting
// DRBD take it (`drbdadm adjust`), through any executor.
#pragma once

#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "exec/file_state.hpp"
#include "plan/model.hpp"

namespace anvil::drbd {

// /etc/drbd.conf, /etc/drbd.d/global_common.conf and every RES.res of the
// plan, next to the node's; a .res file of a resource the plan no longer
// has is stale. Throws when the node has no /etc/drbd.d (DRBD not installed).
std::vector<exec::FileState> compare(exec::Executor& node, const plan::Cluster& c);

// What `drbdadm -d adjust all` says the node would do to take the files
// it has now: drbdsetup commands, one per line; empty when nothing.
std::string adjust_preview(exec::Executor& node);

// `drbdadm adjust all`; throws with drbdadm's first error line when it fails.
std::string adjust(exec::Executor& node);

}  // namespace anvil::drbd
