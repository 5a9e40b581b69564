// Proving fencing works, and fencing: every node × method × device through
// the real agent, from the node's peer (where the cluster fences from) or
// from here; and fencing a node through its methods in order.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "check/finding.hpp"
#include "fence/agent.hpp"
#include "ledger/change_log.hpp"
#include "node/node_run.hpp"
#include "plan/model.hpp"

namespace anvil::fence {

// Device name -> password, read from the ledger before anything runs.
using Passwords = std::map<std::string, std::string>;

struct Probe {
  std::string node;    // the node the device fences
  std::string method;
  std::string device;
  std::string port;
  std::string from;    // where the agent ran: the peer's name, or "local"
  std::string action;
  std::optional<AgentResult> result;  // nothing when it could not run
  std::string problem;                // why it could not run
};

// The node that fences `node`: its peer in a two-node cluster.
const plan::Node* peer_of(const plan::Cluster& c, const std::string& node);

// The `status` of every device of every method of `targets`, from each
// target's peer (`local`: from here). A peer that cannot be reached gives
// probes with a problem instead of results.
std::vector<Probe> probe_status(const plan::Cluster& c, const std::vector<node::NodeRef>& cluster_nodes,
                                const std::vector<std::string>& targets, bool local, const Passwords& passwords,
                                std::chrono::seconds deadline);

// Findings: per probe (fence.device-ok, fence.no-answer, fence.device-failed,
// fence.wrong-power-state, fence.agent-missing, fence.no-password,
// fence.peer-unreachable), per node (fence.no-method) and for the cluster
// (fence.no-delay). `perf`: each probe's time.
std::vector<check::Finding> judge(const plan::Cluster& c, const std::vector<std::string>& targets, const std::vector<Probe>& probes);
std::vector<check::Perf> probe_times(const std::vector<Probe>& probes);

// Fences `target` from `from` (an executor on the peer, or here): each
// method in order until one succeeds; a method of several devices turns all
// of them off, then on. Every agent call is recorded in `log`.
struct FenceResult {
  bool fenced = false;
  std::string method;           // the method that did it
  std::vector<Probe> attempts;  // every agent call, in order
};
// `on_call` is told of each agent call before it is made ("ipmi:
// an-node02-ipmi reboot"), for a progress line.
FenceResult fence_node(const plan::Cluster& c, exec::Executor& from, const std::string& from_name, const plan::Node& target,
                       const Passwords& passwords, std::chrono::seconds deadline,
                       const std::function<void(const std::string&)>& on_call = {});

}  // namespace anvil::fence
