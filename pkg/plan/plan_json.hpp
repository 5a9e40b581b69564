// The plan as JSON: the shape of `ip-plan show --json` (docs/json.md) and
// of the plan snapshots kept with every change in the ledger.
#pragma once

#include <nlohmann/json.hpp>

#include "plan/model.hpp"

namespace anvil::plan {

nlohmann::ordered_json to_json(const Cluster& c);

}  // namespace anvil::plan
