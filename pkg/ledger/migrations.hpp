// The ledger's schema as an ordered list of forward-only migrations.
// Migration N takes a ledger from version N-1 to N; PRAGMA user_version
// holds the version. Never edit a published migration: append a new one.
#pragma once

#include <string_view>
#include <vector>

#include "ledger/sqlite.hpp"

namespace anvil::ledger {

const std::vector<std::string_view>& migrations();
inline int current_schema_version() { return static_cast<int>(migrations().size()); }

int schema_version(Db& db);

// Applies every migration after the ledger's version, each in its own
// transaction. Refuses a ledger written by a newer anvil. `up_to` stops
// early (tests build every earlier version this way).
void migrate(Db& db, int up_to = current_schema_version());

}  // namespace anvil::ledger
