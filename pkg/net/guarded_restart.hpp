// `net apply --restart`: the nodes' networking restarted one node at a
// time, each behind a restart guard (restart_guard.hpp). One at a time
// because restarting both nodes' BCN at once cuts the cluster in two; and a
// node that had to be rolled back stops the run before the next one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "ledger/change_log.hpp"
#include "net/restart_guard.hpp"
#include "node/node_run.hpp"

namespace anvil::net {

struct NodeRestart {
  std::string node;
  bool attempted = false;               // false: not restarted (an earlier node failed, or its apply did)
  std::optional<GuardOutcome> outcome;  // when the guard was started
  std::optional<Error> error;           // when it could not be started
  bool confirmed() const { return outcome && outcome->end == GuardEnd::confirmed; }
};

// For each node i with ready[i] (its files applied and its guard prepared,
// under the lock held by sessions): starts the guard, lets go of the node,
// and waits for the outcome, recording it in `log` as a "command" change.
std::vector<NodeRestart> restart_one_by_one(node::NodeSessions& sessions, const std::vector<bool>& ready,
                                            const GuardSpec& spec, ledger::ChangeLog* log);

// "rolled back", "confirmed", ...: the outcome's name in output and JSON.
std::string end_name(GuardEnd end);

}  // namespace anvil::net
