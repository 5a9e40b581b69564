#include "drbd/guarded.hpp"

#include "core/error.hpp"
#include "drbd/node_state.hpp"
#include "exec/recording.hpp"

namespace anvil::drbd {

std::vector<NodeView> look_at(node::NodeSessions& both, const plan::DrbdResource& r, bool with_vms) {
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<NodeView>(both, read_only, nullptr, [&](exec::Executor& ex, const node::NodeRef& ref) {
    NodeView v;
    v.node = ref.node.name;
    v.device = device_of(read_state(ex), r);
    if (with_vms) v.running_vms = running_vms(ex);
    return v;
  });
  std::vector<NodeView> views;
  for (auto& res : results) {
    // The guard cannot judge what it cannot see: no partial answers here.
    if (!res.ok()) throw Error(res.error->kind(), res.node + ": " + res.error->what());
    views.push_back(res.value->value);
  }
  return views;
}

std::vector<StepResult> run_steps(node::NodeSessions& both, const std::vector<std::pair<std::string, std::string>>& steps,
                                  const node::RunSettings& settings, ledger::ChangeLog* log) {
  std::vector<StepResult> out;
  for (auto& [name, command] : steps) {
    std::size_t i = 0;
    while (i < both.nodes().size() && both.nodes()[i].node.name != name) ++i;
    if (i == both.nodes().size()) throw failure("no node " + name + " in this run");
    if (settings.dry_run || !log) {
      out.push_back({name, command, ""});
      continue;
    }
    both.lock(i, settings.holder, settings.lock_wait);
    exec::SessionExecutor real(both.session(i));
    exec::RecordingExecutor recording(real, *log);
    auto r = recording.run({command, "", std::chrono::minutes(2), true});
    if (!r.ok()) {
      auto text = r.err.empty() ? r.out : r.err;
      throw failure(command + " on " + name + " failed (" + r.describe() + "): " + text.substr(0, text.find('\n')));
    }
    out.push_back({name, command, r.out + r.err});
  }
  return out;
}

}  // namespace anvil::drbd
