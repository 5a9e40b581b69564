#include "exec/dry_run.hpp"

namespace anvil::exec {

CommandResult DryRunExecutor::run(const Command& command) {
  if (!command.changes_state) return real_.run(command);
  actions_.push_back({PlannedAction::Kind::command, command.line, std::nullopt, std::nullopt});
  CommandResult pretend;
  pretend.exit_status = 0;
  return pretend;
}

std::optional<std::string> DryRunExecutor::read_file(const std::string& path) {
  if (auto it = pending_.find(path); it != pending_.end()) return it->second;
  return real_.read_file(path);
}

void DryRunExecutor::write_file(const FileWrite& file) {
  auto before = read_file(file.path);
  if (before == file.content) return;  // nothing to change
  if (file.secret) {
    actions_.push_back({PlannedAction::Kind::write, file.path, before ? std::optional<std::string>(secret_placeholder) : std::nullopt,
                        secret_placeholder});
    pending_[file.path] = file.content;
    return;
  }
  actions_.push_back({PlannedAction::Kind::write, file.path, before, file.content});
  pending_[file.path] = file.content;
}

void DryRunExecutor::remove_file(const std::string& path) {
  auto before = read_file(path);
  if (!before) return;
  actions_.push_back({PlannedAction::Kind::remove, path, before, std::nullopt});
  pending_[path] = std::nullopt;
}

}  // namespace anvil::exec
