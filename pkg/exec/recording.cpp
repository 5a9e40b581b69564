#include "exec/recording.hpp"

namespace anvil::exec {
namespace {

std::string clipped(const std::string& text) {
  if (text.size() <= recorded_output_limit) return text;
  return text.substr(0, recorded_output_limit) + "\n[anvil: " + std::to_string(text.size() - recorded_output_limit) +
         " more bytes not recorded]\n";
}

}  // namespace

CommandResult RecordingExecutor::run(const Command& command) {
  if (!command.changes_state) return real_.run(command);
  auto id = log_.begin({node(), "command", command.line, std::nullopt, std::nullopt, "started"});
  try {
    auto r = real_.run(command);
    log_.finish(id, r.ok() ? "applied" : "failed: " + r.describe());
    log_.set_after(id, clipped(r.out + r.err));
    return r;
  } catch (...) {
    log_.finish(id, "failed");
    throw;
  }
}

template <class Action>
void RecordingExecutor::recorded(const ledger::ChangeRecord& change, Action action) {
  auto id = log_.begin(change);
  try {
    action();
  } catch (...) {
    log_.finish(id, "failed");
    throw;
  }
  log_.finish(id, "applied");
}

void RecordingExecutor::write_file(const FileWrite& file) {
  auto before = real_.read_file(file.path);
  if (before == file.content) return;
  if (file.secret) {
    // Recorded as a change of its own kind, without content or hashes:
    // `history undo` leaves it alone, and nothing of the secret is kept.
    recorded({node(), "secret-file", file.path, std::nullopt, std::nullopt, "started"}, [&] { real_.write_file(file); });
    return;
  }
  recorded({node(), "file", file.path, before, file.content, "started"}, [&] { real_.write_file(file); });
}

void RecordingExecutor::remove_file(const std::string& path) {
  auto before = real_.read_file(path);
  if (!before) return;
  recorded({node(), "file", path, before, std::nullopt, "started"}, [&] { real_.remove_file(path); });
}

}  // namespace anvil::exec
