// Guarded DRBD actions: what each does on a node, and the state in which
// anvil refuses it because it would leave no UpToDate copy of the data or
// pull the storage from under running VMs. Pure: states in, verdicts out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "drbd/status.hpp"
#include "plan/model.hpp"

namespace anvil::drbd {

enum class Action { up, down, primary, secondary, connect, disconnect };

std::optional<Action> action_named(const std::string& name);
std::string action_name(Action a);
// The command on the node: "drbdadm primary r0".
std::string action_command(Action a, const std::string& resource);
// Actions that need --yes (or a yes at the terminal): all but up and connect.
bool is_destructive(Action a);

// One node as the guard sees it.
struct NodeView {
  std::string node;
  std::optional<DeviceStatus> device;  // the resource's device; nothing when it is not up there
  std::vector<std::string> running_vms;
};

// The resource's device in a node's state: by name when the state has names
// (DRBD 9), else by the plan's minor (/proc/drbd). Unconfigured is nothing.
std::optional<DeviceStatus> device_of(const DrbdState& state, const plan::DrbdResource& r);

// Why `a` must not run on `target` (with `peer` the other node), or nothing.
std::optional<std::string> refusal(Action a, const plan::Cluster& c, const plan::DrbdResource& r, const NodeView& target,
                                   const NodeView& peer);

// Split brain: what the two sides say, which one to discard where that can
// be known, and the commands that resolve it.
struct SplitBrainReport {
  bool suspected = false;          // a side is StandAlone (or both wait for each other after a drop)
  std::vector<std::string> facts;  // one line per fact, for people
  std::string suggested_victim;    // the node whose changes go, when the states tell; else empty
  std::string why_victim;
};
SplitBrainReport explain_split_brain(const plan::DrbdResource& r, const NodeView& a, const NodeView& b);

// The recovery steps, as (node, command) in order, for discarding `victim`'s
// changes; `survivor` reconnects if it is StandAlone.
std::vector<std::pair<std::string, std::string>> split_brain_steps(const plan::DrbdResource& r, const NodeView& victim,
                                                                   const NodeView& survivor);
// Why discarding `victim` must not be done now, or nothing.
std::optional<std::string> discard_refusal(const plan::DrbdResource& r, const NodeView& victim, const NodeView& survivor);

}  // namespace anvil::drbd
