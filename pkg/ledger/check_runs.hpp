// The findings of each `anvil check` run, kept with the run, so that the
// next run can say what changed since (`anvil check --changes`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/finding.hpp"
#include "ledger/sqlite.hpp"

namespace anvil::ledger {

void record_check_findings(Db& db, std::int64_t run_id, const std::vector<check::Finding>& findings);

// The findings of the newest finished `check` run before `run_id` with the
// same argv scope (`scope`: the run's cluster, or empty for --all).
std::optional<std::vector<check::Finding>> previous_check_findings(Db& db, std::int64_t run_id, const std::string& scope);

}  // namespace anvil::ledger
