#include "cluster/node_state.hpp"

#include "core/error.hpp"

namespace anvil::cluster {

std::string read_state_text(exec::Executor& node) {
  auto r = node.run({"PATH=$PATH:/sbin:/usr/sbin\n"
                     // Not installed is said as not running: empty sections.
                     "echo '==> cman_tool status <=='; ! command -v cman_tool >/dev/null || cman_tool status 2>&1\n"
                     "echo '==> cman_tool nodes <=='; ! command -v cman_tool >/dev/null || cman_tool nodes 2>&1\n"
                     "echo '==> clustat -x <=='; ! command -v clustat >/dev/null || clustat -x 2>&1\n"
                     "exit 0",
                     "", std::chrono::seconds(30), false});
  if (!r.ok()) throw failure("cannot read the cluster state of " + node.node() + " (" + r.describe() + ")");
  return r.out;
}

ClusterState read_state(exec::Executor& node) {
  try {
    return parse_cluster_capture(read_state_text(node));
  } catch (const Error& e) {
    throw Error(e.kind(), node.node() + ": " + e.what());
  }
}

}  // namespace anvil::cluster
