#include "node/operations.hpp"

#include <chrono>

namespace anvil::node {

std::vector<exec::NodeResult<PingResult>> ping(const std::vector<NodeRef>& nodes, std::size_t max_in_flight) {
  std::vector<std::string> names;
  for (auto& n : nodes) names.push_back(n.node.name);
  return exec::fan_out<PingResult>(names, max_in_flight, [&](std::size_t i) {
    auto start = std::chrono::steady_clock::now();
    auto session = open_session(nodes[i].target);
    auto r = session->run({"true", "", std::chrono::seconds(10), false});
    if (!r.ok()) throw failure("node " + nodes[i].node.name + " cannot run commands: `true` gave " + r.describe());
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    auto& t = nodes[i].target;
    return PingResult{t.host + (t.port ? ":" + std::to_string(t.port) : ""), took.count()};
  });
}

std::vector<exec::NodeResult<NodeWork<exec::CommandResult>>> run_command(NodeSessions& sessions,
                                                                         const RunSettings& settings,
                                                                         ledger::ChangeLog* log,
                                                                         const exec::Command& command) {
  return on_nodes<exec::CommandResult>(sessions, settings, log,
                                       [&](exec::Executor& ex, const NodeRef&) { return ex.run(command); });
}

std::vector<exec::NodeResult<NodeWork<bool>>> put_file(NodeSessions& sessions, const RunSettings& settings,
                                                       ledger::ChangeLog* log, const exec::FileWrite& file) {
  return on_nodes<bool>(sessions, settings, log, [&](exec::Executor& ex, const NodeRef&) {
    auto before = ex.read_file(file.path);
    ex.write_file(file);
    return before != file.content;
  });
}

}  // namespace anvil::node
