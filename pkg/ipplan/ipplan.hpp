// The IP plan's operations over the ledger: each edit is one transaction
// that loads the plan, changes it in memory, refuses it if it introduced a
// problem, and stores it with the run that made it. A refused or dry-run
// edit leaves the ledger exactly as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ledger/history.hpp"
#include "ledger/sqlite.hpp"
#include "plan/derive.hpp"
#include "plan/model.hpp"
#include "plan/plan_diff.hpp"

namespace anvil::ipplan {

struct Outcome {
  plan::Cluster after;
  std::vector<plan::KeyChange> changes;
  bool dry_run = false;
  std::int64_t run_id = 0;  // 0 for a dry run or an edit that changed nothing
};

// The new cluster, derived and judged without touching any ledger: bad
// options fail here, before a ledger file is created for them.
plan::Cluster plan_cluster(const plan::InitOptions& options);

// Stores a cluster from plan_cluster() with the run that planned it.
Outcome init(ledger::Db& db, const plan::Cluster& cluster, const ledger::Invocation& inv, bool dry_run);

using Edit = std::function<plan::Cluster(plan::Cluster)>;
Outcome edit(ledger::Db& db, const std::string& cluster, const Edit& change, const ledger::Invocation& inv,
             bool dry_run);

}  // namespace anvil::ipplan
