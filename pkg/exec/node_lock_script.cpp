#include "exec/node_lock_script.hpp"

#include "exec/quote.hpp"

namespace anvil::exec {

std::string lock_script(const std::string& holder, std::chrono::seconds wait) {
  const std::string owner = lock_owner_file;
  return "exec 9>>" + std::string(lock_file) + " || exit 71\n"
         "if ! flock -w " + std::to_string(wait.count()) + " 9; then\n"
         "  printf 'held by %s\\n' \"$(cat " + owner + " 2>/dev/null || echo 'an unknown process')\"\n"
         "  exit " + std::to_string(lock_busy_status) + "\n"
         "fi\n"
         "printf '%s\\n' " + shell_quote(holder) + " >" + owner + "\n"
         "echo " + lock_taken_marker + "\n"
         "cat >/dev/null\n"
         // Still under the lock: no other holder can have written the file yet.
         "rm -f " + owner + "\n";
}

Error lock_refused(const std::string& node, int exit_status, const std::string& out, const std::string& err,
                   std::chrono::seconds wait) {
  auto first_line = [](const std::string& text) { return text.substr(0, text.find('\n')); };
  if (exit_status == lock_busy_status)
    return Error(ErrorKind::locked, "node " + node + " is being changed by another anvil run (" + first_line(out) +
                                        "); waited " + std::to_string(wait.count()) + " s, try again when it has finished");
  if (exit_status == 127)
    return failure("node " + node + " has no flock(1) (util-linux), which anvil needs to lock it");
  return failure("cannot lock node " + node + " (" + lock_file + "): " +
                 (err.empty() ? "exit " + std::to_string(exit_status) : first_line(err)));
}

}  // namespace anvil::exec
