// The dry-run executor: the same domain code runs against it, reads go to
// the node, and every write, removal and state-changing command is noted
// instead of done, for `--dry-run` to print per node.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec/executor.hpp"

namespace anvil::exec {

struct PlannedAction {
  enum class Kind { write, remove, command } kind;
  std::string target;  // the path, or the command line
  std::optional<std::string> before;
  std::optional<std::string> after;
};

class DryRunExecutor : public Executor {
 public:
  explicit DryRunExecutor(Executor& real) : real_(real) {}
  const std::string& node() const override { return real_.node(); }
  CommandResult run(const Command& command) override;
  // Later reads of a path this run would have written see the new content,
  // so a multi-step operation plans consistently.
  std::optional<std::string> read_file(const std::string& path) override;
  void write_file(const FileWrite& file) override;
  void remove_file(const std::string& path) override;

  const std::vector<PlannedAction>& actions() const { return actions_; }

 private:
  Executor& real_;
  std::vector<PlannedAction> actions_;
  std::map<std::string, std::optional<std::string>> pending_;
};

}  // namespace anvil::exec
