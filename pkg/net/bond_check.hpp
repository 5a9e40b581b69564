// Judging a node's bonds against the plan.
#pragma once

#include <map>
#include <vector>

#include "check/finding.hpp"
#include "ledger/link_failures.hpp"
#include "net/bonding.hpp"
#include "plan/model.hpp"

namespace anvil::net {

// Per planned bond: missing or down (CRITICAL); degraded, a slave down or
// missing, not in active-backup mode, or not on its primary link (WARNING);
// otherwise one OK finding.
std::vector<check::Finding> check_bonds(const plan::Cluster& c, const plan::Node& n, const std::vector<BondStatus>& bonds);

// A WARNING per slave whose link-failure count grew since the last check
// (`previous`, from the ledger); a count that went down (the driver was
// reloaded, or the node rebooted) is not a finding.
std::vector<check::Finding> check_link_failures(const plan::Node& n, const std::vector<BondStatus>& bonds,
                                                const std::map<ledger::LinkKey, ledger::LinkCount>& previous);

// The counts to keep for the next check.
std::map<ledger::LinkKey, std::int64_t> link_failure_counts(const std::vector<BondStatus>& bonds);

}  // namespace anvil::net
