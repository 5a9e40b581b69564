// Judging a node's bonds against the plan.
#pragma once

#include <vector>

#include "check/finding.hpp"
#include "net/bonding.hpp"
#include "plan/model.hpp"

namespace anvil::net {

// Per planned bond: missing or down (CRITICAL); degraded, a slave down or
// missing, not in active-backup mode, or not on its primary link (WARNING);
// otherwise one OK finding.
std::vector<check::Finding> check_bonds(const plan::Cluster& c, const plan::Node& n, const std::vector<BondStatus>& bonds);

}  // namespace anvil::net
