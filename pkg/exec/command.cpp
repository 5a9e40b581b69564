#include "exec/command.hpp"

namespace anvil::exec {

std::string CommandResult::describe() const {
  if (timed_out) return "timed out after the deadline";
  if (!signal.empty()) return "killed by signal " + signal;
  return "exit " + std::to_string(exit_status);
}

}  // namespace anvil::exec
