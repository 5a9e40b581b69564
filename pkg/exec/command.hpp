// A command for a node and what came of it.
#pragma once

#include <chrono>
#include <string>

namespace anvil::exec {

struct Command {
  std::string line;   // a shell command line; build it with command_line()/shell_quote()
  std::string input;  // fed to its stdin, then EOF
  std::chrono::milliseconds deadline{std::chrono::minutes(2)};
  // A dry run runs commands that only read (false here) and prints the rest.
  bool changes_state = true;
};

struct CommandResult {
  int exit_status = -1;  // -1 when there is none: killed by a signal, or timed out
  std::string signal;    // "KILL", "TERM", ... when a signal ended it
  bool timed_out = false;
  std::string out;
  std::string err;

  bool ok() const { return exit_status == 0; }
  // "exit 3", "killed by signal KILL", "timed out after the deadline"
  std::string describe() const;
};

}  // namespace anvil::exec
