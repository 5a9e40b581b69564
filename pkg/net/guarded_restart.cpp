#include "net/guarded_restart.hpp"

#include "exec/recording.hpp"

namespace anvil::net {
namespace {

// Long enough for EL6's `service network restart` with bonds (updelay and
// all), which the rollback runs once more.
std::chrono::seconds rollback_wait_for(const GuardSpec& spec) {
  return std::max(std::chrono::seconds(30), spec.confirm_timeout);
}

std::string change_status(const GuardOutcome& o) {
  auto secs = std::to_string(o.elapsed.count() / 1000) + " s";
  switch (o.end) {
    case GuardEnd::confirmed: return "applied";
    case GuardEnd::rolled_back: return "failed: no confirmation within the timeout; rolled back by the guard after " + secs;
    case GuardEnd::restart_failed: return "failed: the restart command failed; rolled back by the guard";
    case GuardEnd::lost: return "failed: the node did not answer again (" + o.detail + ")";
    case GuardEnd::guard_failed: return "failed: " + o.detail;
  }
  return "failed";
}

}  // namespace

std::string end_name(GuardEnd end) {
  switch (end) {
    case GuardEnd::confirmed: return "confirmed";
    case GuardEnd::rolled_back: return "rolled-back";
    case GuardEnd::restart_failed: return "restart-failed";
    case GuardEnd::lost: return "lost";
    case GuardEnd::guard_failed: return "guard-failed";
  }
  return "unknown";
}

std::vector<NodeRestart> restart_one_by_one(node::NodeSessions& sessions, const std::vector<bool>& ready,
                                            const GuardSpec& spec, ledger::ChangeLog* log) {
  const auto& nodes = sessions.nodes();
  std::vector<NodeRestart> out;
  bool stop = false;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    NodeRestart r;
    r.node = nodes[i].node.name;
    if (stop || !ready.at(i)) {
      out.push_back(std::move(r));
      continue;
    }
    r.attempted = true;
    std::optional<std::int64_t> change;
    try {
      exec::SessionExecutor real(sessions.session(i));
      launch_guard(real, spec);
      auto launched = std::chrono::steady_clock::now();
      if (log)
        change = log->begin({r.node, "command", "restart networking (guarded, " + std::to_string(spec.confirm_timeout.count()) +
                                                    " s to confirm): " + spec.restart_command,
                             std::nullopt, std::nullopt, "started"});
      // Our session holds the node's lock, which the guard waits for.
      sessions.release(i);
      auto target = nodes[i].target;
      r.outcome = await_confirmation(
          [&target](std::chrono::seconds timeout) {
            auto t = target;
            t.connect_timeout = timeout;
            return node::open_session(t);
          },
          spec, launched, rollback_wait_for(spec));
      if (change) log->finish(*change, change_status(*r.outcome));
    } catch (const Error& e) {
      r.error = e;
      if (change) log->finish(*change, std::string("failed: ") + e.what());
    }
    stop = !r.confirmed();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace anvil::net
