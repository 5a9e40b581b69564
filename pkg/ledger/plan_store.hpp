// The plan in the ledger: load and store whole clusters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/sqlite.hpp"
#include "plan/model.hpp"

namespace anvil::ledger {

std::vector<std::string> cluster_names(Db& db);

// The cluster a command works on: `wanted` (--cluster or $ANVIL_CLUSTER) if
// given, else the only cluster in the ledger. Throws with what to do when
// there is none or more than one.
std::string choose_cluster(Db& db, const std::optional<std::string>& wanted);

plan::Cluster load_cluster(Db& db, const std::string& name);

// Inserts a new cluster; refuses a name that is already planned.
void insert_cluster(Db& db, const plan::Cluster& c);

// Replaces the stored plan of cluster `stored_name` (which `c` may rename).
// Call inside a Transaction.
void replace_cluster(Db& db, const std::string& stored_name, const plan::Cluster& c);

// The cluster.conf version the nodes were last given (`anvil cluster apply`).
void set_config_version(Db& db, const std::string& cluster, int version);

}  // namespace anvil::ledger
