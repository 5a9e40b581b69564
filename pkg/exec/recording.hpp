// The executor that changes nodes for real and records each change in the
// ledger around doing it: content and hash before, then the outcome.
#pragma once

#include "exec/executor.hpp"
#include "ledger/change_log.hpp"

namespace anvil::exec {

class RecordingExecutor : public Executor {
 public:
  RecordingExecutor(Executor& real, ledger::ChangeLog& log) : real_(real), log_(log) {}
  const std::string& node() const override { return real_.node(); }
  // State-changing commands are recorded with the start of their output.
  CommandResult run(const Command& command) override;
  std::optional<std::string> read_file(const std::string& path) override { return real_.read_file(path); }
  // Writes nothing (and records nothing) when the content is already there.
  void write_file(const FileWrite& file) override;
  void remove_file(const std::string& path) override;

 private:
  // Records the change as started, does it, then records the outcome.
  template <class Action>
  void recorded(const ledger::ChangeRecord& change, Action action);

  Executor& real_;
  ledger::ChangeLog& log_;
};

// How much command output a change keeps: enough to see what happened.
inline constexpr std::size_t recorded_output_limit = 64 * 1024;

}  // namespace anvil::exec
