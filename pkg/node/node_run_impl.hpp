// Template definitions for node_run.hpp.
#pragma once

#include "core/exit_code.hpp"
#include "exec/executor.hpp"
#include "exec/recording.hpp"

namespace anvil::node {

template <class T>
std::vector<exec::NodeResult<NodeWork<T>>> on_nodes(NodeSessions& sessions, const RunSettings& settings,
                                                    ledger::ChangeLog* log, const Work<T>& work) {
  const auto& nodes = sessions.nodes();
  std::vector<std::string> names;
  for (auto& n : nodes) names.push_back(n.node.name);
  auto results = exec::fan_out<NodeWork<T>>(names, settings.max_in_flight, [&](std::size_t i) {
    const auto& ref = nodes[i];
    NodeWork<T> out;
    exec::SessionExecutor real(sessions.session(i));
    if (settings.dry_run) {
      exec::DryRunExecutor dry(real);
      out.value = work(dry, ref);
      out.planned = dry.actions();
      return out;
    }
    if (settings.lock) sessions.lock(i, settings.holder, settings.lock_wait);
    if (log) {
      exec::RecordingExecutor recording(real, *log);
      out.value = work(recording, ref);
    } else {
      out.value = work(real, ref);
    }
    return out;
  });
  return results;
}

template <class T>
int exit_status_for(const std::vector<exec::NodeResult<T>>& results) {
  std::size_t ok = 0, unreachable = 0;
  const Error* first = nullptr;
  for (auto& r : results) {
    if (r.ok()) {
      ++ok;
    } else {
      if (r.error->kind() == ErrorKind::unreachable) ++unreachable;
      if (!first) first = &*r.error;
    }
  }
  if (ok == results.size()) return exit_ok;
  if (ok > 0) return exit_partial;
  if (unreachable == results.size()) return exit_unreachable;
  return exit_code_for(first->kind());
}

}  // namespace anvil::node
