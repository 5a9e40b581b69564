// Reading the cluster layer's state from a node: cman_tool status, cman_tool
// nodes and clustat -x, in one command, as sections behind "==> ... <=="
// headers that parse_cluster_capture reads (stderr kept: cman's "is it
// running ?" is part of the answer).
#pragma once

#include "cluster/status.hpp"
#include "exec/executor.hpp"

namespace anvil::cluster {

std::string read_state_text(exec::Executor& node);
ClusterState read_state(exec::Executor& node);

}  // namespace anvil::cluster
