// What commands do to a node, as one interface with three implementations:
// SessionExecutor does it, DryRunExecutor (dry_run.hpp) only reads and
// notes the rest, RecordingExecutor (recording.hpp) records each change in
// the ledger around doing it. Domain code is written once, against this.
#pragma once

#include <optional>
#include <string>

#include "exec/command.hpp"
#include "exec/session.hpp"

namespace anvil::exec {

struct FileWrite {
  std::string path;
  std::string content;
  std::string mode = "0644";
  std::string owner = "root:root";
  // A file holding a password: no executor shows or records its content
  // (a dry run says it would write it; the ledger notes that it was written).
  bool secret = false;
};

inline constexpr const char* secret_placeholder = "******** (secret: not shown, not recorded)\n";

class Executor {
 public:
  virtual ~Executor() = default;
  virtual const std::string& node() const = 0;
  virtual CommandResult run(const Command& command) = 0;
  // The file's content, or nothing when it does not exist.
  virtual std::optional<std::string> read_file(const std::string& path) = 0;
  // Atomic: a temporary file in the same directory, fsync, mode and owner,
  // rename over the target, directory fsync. A kill at any moment leaves the
  // old content or the new, never a mix.
  virtual void write_file(const FileWrite& file) = 0;
  virtual void remove_file(const std::string& path) = 0;
};

// The remote shell scripts behind the file operations (EL6's coreutils and
// current ones alike).
std::string read_file_script(const std::string& path);
std::string write_file_script(const FileWrite& file);
std::string remove_file_script(const std::string& path);

class SessionExecutor : public Executor {
 public:
  explicit SessionExecutor(Session& session) : session_(session) {}
  const std::string& node() const override { return session_.node(); }
  CommandResult run(const Command& command) override { return session_.run(command); }
  std::optional<std::string> read_file(const std::string& path) override;
  void write_file(const FileWrite& file) override;
  void remove_file(const std::string& path) override;

 private:
  Session& session_;
};

}  // namespace anvil::exec
