// `anvil history undo RUN`: puts back every file a run wrote, but only
// where the file is still what that run made of it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ledger/history.hpp"
#include "node/node_run.hpp"

namespace anvil::node {

// One file to put back: its content before the run (nothing: the run
// created it, so undo removes it), and the hash the run left it with.
struct UndoStep {
  std::string node;
  std::string path;
  std::optional<std::string> restore;
  std::optional<std::string> left_sha256;  // nothing: the run removed the file
};

// The steps for a run's file changes, oldest content first: a file written
// twice in one run goes back to what it was before the first write.
std::vector<UndoStep> undo_steps(const std::vector<ledger::ChangeRow>& changes);

// A file that changed since the run, which undo will not overwrite.
struct UndoConflict {
  std::string node;
  std::string path;
  std::string expected;  // "sha256 abc…" or "absent"
  std::string found;
};

struct UndoOutcome {
  int restored = 0;   // files written back or removed
  int unchanged = 0;  // already as before the run
  std::vector<UndoConflict> overridden;  // with --force
  std::vector<exec::PlannedAction> planned;
};

struct UndoRequest {
  std::int64_t run_id = 0;
  bool force = false;
  RunSettings settings;
};

// Checks every file on every node first (under the nodes' locks), refuses
// with the first conflict unless forced, then restores. `log` is the new
// run's change log (null in a dry run).
std::vector<exec::NodeResult<UndoOutcome>> undo_run(ledger::Db& db, const UndoRequest& request,
                                                    ledger::ChangeLog* log);

}  // namespace anvil::node
