// The ledger's record of a run that changes nodes. Unlike a plan edit (one
// transaction), node changes are recorded as they happen: the run first,
// then each change as "started" before it is made and "applied" or
// "failed" after, each committed at once. A run killed half-way leaves its
// run without an end and its change "started": history shows it incomplete.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "ledger/history.hpp"
#include "ledger/sqlite.hpp"

namespace anvil::ledger {

class ChangeLog {
 public:
  // Records the run as started.
  ChangeLog(Db& db, const Invocation& inv, const std::optional<std::string>& cluster);

  std::int64_t run_id() const { return run_id_; }
  // Thread-safe: fan-out workers record their node's changes.
  std::int64_t begin(const ChangeRecord& change);
  void finish(std::int64_t change_id, const std::string& status);
  // Stores what a command printed as the change's "after" content.
  void set_after(std::int64_t change_id, const std::string& content);
  // Ends the run with its exit status and summary.
  void finish_run(int exit_status, const std::string& summary);

 private:
  Db& db_;
  std::int64_t run_id_;
  std::mutex mutex_;
};

}  // namespace anvil::ledger
