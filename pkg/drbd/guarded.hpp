// Running the guarded DRBD actions on the nodes: read both nodes' state
// (and what VMs run), judge (actions.hpp), then act through the recorded,
// locked execution of pkg/node.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drbd/actions.hpp"
#include "ledger/change_log.hpp"
#include "node/node_run.hpp"
#include "plan/model.hpp"

namespace anvil::drbd {

// Both nodes of the resource's cluster, as the guard needs them. `with_vms`:
// also ask libvirt what runs (for actions that demote or discard).
std::vector<NodeView> look_at(node::NodeSessions& both, const plan::DrbdResource& r, bool with_vms);

struct StepResult {
  std::string node;
  std::string command;
  std::string output;  // what it printed (stdout and stderr)
};

// Runs `steps` ((node, command) pairs) in order, each under its node's lock
// and recorded in `log` (null: a dry run, nothing runs); stops at the first
// that fails, throwing with its output. Returns what each printed.
std::vector<StepResult> run_steps(node::NodeSessions& both, const std::vector<std::pair<std::string, std::string>>& steps,
                                  const node::RunSettings& settings, ledger::ChangeLog* log);

}  // namespace anvil::drbd
