// Bringing a node's network-scripts in line with the plan: what differs
// (the diff), and making it so (the apply), through any executor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "exec/file_state.hpp"
#include "plan/model.hpp"

namespace anvil::net {

using exec::FileState;

// Reads the node's ifcfg-* files and pairs them with the render: every
// rendered file, and every ifcfg-* the plan no longer has (but ifcfg-lo).
// Throws when the node has no network-scripts directory (not an EL6 node).
std::vector<FileState> compare_el6(exec::Executor& node, const plan::Cluster& c, const plan::Node& n);

// Writes what differs and removes what is stale; returns how many files it
// changed.
int apply_el6(exec::Executor& node, const std::vector<FileState>& states);

}  // namespace anvil::net
