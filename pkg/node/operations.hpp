// The `anvil node` operations over the execution layer.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "node/node_run.hpp"

namespace anvil::node {

struct PingResult {
  std::string address;  // host:port as reached
  double seconds = 0;   // connect, host key, authentication and one command
};

// Reachability, host key and authentication of each node, in parallel.
std::vector<exec::NodeResult<PingResult>> ping(const std::vector<NodeRef>& nodes, std::size_t max_in_flight);

// Runs one command line on each node (recorded when `log` is given).
std::vector<exec::NodeResult<NodeWork<exec::CommandResult>>> run_command(NodeSessions& sessions,
                                                                         const RunSettings& settings,
                                                                         ledger::ChangeLog* log,
                                                                         const exec::Command& command);

// Writes one file on each node, atomically. Per node: "written",
// "unchanged", or "mode and owner set" (same content, other mode or owner).
std::vector<exec::NodeResult<NodeWork<std::string>>> put_file(NodeSessions& sessions, const RunSettings& settings,
                                                       ledger::ChangeLog* log, const exec::FileWrite& file);

}  // namespace anvil::node
