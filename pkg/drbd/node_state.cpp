#include "drbd/node_state.hpp"

#include <sstream>

#include "core/error.hpp"

namespace anvil::drbd {

std::string read_state_text(exec::Executor& node) {
  auto r = node.run({"f=${ANVIL_DRBD_PROC:-/proc/drbd}\n"
                     "[ -e \"$f\" ] || exit 0\n"
                     "if head -n 1 \"$f\" | grep -q '^version: 9'; then exec drbdsetup events2 --now; fi\n"
                     "exec cat \"$f\"",
                     "", std::chrono::seconds(30), false});
  if (!r.ok())
    throw failure("cannot read the DRBD state of " + node.node() + " (" + r.describe() + "): " + r.err.substr(0, r.err.find('\n')));
  return r.out;
}

DrbdState read_state(exec::Executor& node) {
  try {
    return parse_drbd_state(read_state_text(node));
  } catch (const Error& e) {
    throw Error(e.kind(), node.node() + ": " + e.what());
  }
}

std::vector<std::string> running_vms(exec::Executor& node) {
  auto r = node.run({"command -v virsh >/dev/null || exit 0; virsh list --name", "", std::chrono::seconds(30), false});
  if (!r.ok())
    throw failure("cannot tell which VMs run on " + node.node() + " (virsh list: " + r.err.substr(0, r.err.find('\n')) +
                  "); start libvirtd there, or check by hand");
  std::vector<std::string> names;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) names.push_back(line);
  return names;
}

}  // namespace anvil::drbd
