// Fence devices' passwords. Kept in the ledger (a 0600 file) in a table of
// their own, apart from the plan: never part of the model, of a plan's JSON,
// of history, diffs or dry-run output. Read only to hand them to a fence
// agent on its stdin.
#pragma once

#include <optional>
#include <string>

#include "ledger/sqlite.hpp"

namespace anvil::ledger {

void set_secret(Db& db, const std::string& cluster, const std::string& device, const std::string& secret);
std::optional<std::string> secret_of(Db& db, const std::string& cluster, const std::string& device);
bool has_secret(Db& db, const std::string& cluster, const std::string& device);

}  // namespace anvil::ledger
