#include "node/operations.hpp"

#include <chrono>

#include "core/error.hpp"
#include "exec/quote.hpp"

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

std::vector<exec::NodeResult<NodeWork<std::string>>> put_file(NodeSessions& sessions, const RunSettings& settings,
                                                       ledger::ChangeLog* log, const exec::FileWrite& file) {
  return on_nodes<std::string>(sessions, settings, log, [&](exec::Executor& ex, const NodeRef&) -> std::string {
    if (ex.read_file(file.path) != file.content) {
      ex.write_file(file);
      return "written";
    }
    // The content is there already: still make the mode and owner what was asked.
    auto path = exec::shell_quote(file.path);
    auto now = ex.run({"stat -c '%a %U:%G' -- " + path, "", std::chrono::seconds(30), false});
    auto mode = file.mode.find_first_not_of('0') == std::string::npos ? "0" : file.mode.substr(file.mode.find_first_not_of('0'));
    if (now.ok() && now.out == mode + " " + file.owner + "\n") return "unchanged";
    auto fix = ex.run({"chmod " + exec::shell_quote(file.mode) + " -- " + path + " && chown " + exec::shell_quote(file.owner) +
                           " -- " + path,
                       "", std::chrono::seconds(30), true});
    if (!fix.ok()) throw failure("cannot set the mode and owner of " + file.path + " on " + ex.node() + ": " + fix.err);
    return "mode and owner set";
  });
}

}  // namespace anvil::node
