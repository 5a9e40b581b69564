// Judging a node's addresses and bridges against the plan.
#pragma once

#include <vector>

#include "check/finding.hpp"
#include "net/node_state.hpp"
#include "plan/model.hpp"

namespace anvil::net {

// Per network: the planned address on the interface that should carry it
// (OK), elsewhere (misplaced), another one there (wrong), or none (missing),
// all CRITICAL; per planned bridge: missing, or without its bond as a port
// (CRITICAL). Sections the state lacks (a bonding-only capture) are skipped.
std::vector<check::Finding> check_addresses(const plan::Cluster& c, const plan::Node& n, const NodeNetState& state);

}  // namespace anvil::net
