// Finding, creating and opening the ledger file.
#pragma once

#include <optional>
#include <string>

#include "ledger/sqlite.hpp"

namespace anvil::ledger {

// --ledger, else $ANVIL_LEDGER, else /var/lib/anvil/ledger.db for root and
// $XDG_STATE_HOME/anvil/ledger.db (default ~/.local/state/anvil) otherwise.
std::string resolve_path(const std::optional<std::string>& flag);

enum class OpenMode {
  create,    // create the file (0600) and its directory (0700) when missing
  existing,  // refuse with a hint when there is no ledger yet
};

// How long a writer waits for another anvil before giving up:
// $ANVIL_LEDGER_TIMEOUT_MS, default 5000.
int busy_timeout_ms();

// Opens (or creates) the ledger, sets WAL mode, foreign keys and the busy
// timeout, and migrates it to the current schema.
Db open(const std::string& path, OpenMode mode);

// For shell completion: opens read-only without migrating, or nothing when
// there is no usable ledger. Never creates a file and never waits.
std::optional<Db> open_for_lookup(const std::string& path);

bool exists(const std::string& path);

// An in-memory ledger at the current schema: what a dry run works on when
// there is no ledger yet, so that it never creates one.
Db open_scratch();

}  // namespace anvil::ledger
