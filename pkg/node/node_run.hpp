// Running work on nodes: the pattern every command that touches nodes
// shares. Per node, in parallel: open the session, take the node's lock
// when the run changes it, and hand the work an executor that does the
// change and records it (or, in a dry run, only plans it).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "exec/dry_run.hpp"
#include "exec/fan_out.hpp"
#include "ledger/change_log.hpp"
#include "node/targets.hpp"

namespace anvil::node {

struct RunSettings {
  bool dry_run = false;
  bool lock = true;  // take /var/lock/anvil.lock on each node (not in a dry run)
  std::chrono::seconds lock_wait{30};
  std::size_t max_in_flight = exec::default_max_in_flight;
  std::string holder;  // who holds the lock, for a second run's message
};

// The sessions of one run: one connection per node, opened on first use by
// the worker that handles the node and kept for every later phase of the
// run; with the node's lock once a phase changes it.
class NodeSessions {
 public:
  explicit NodeSessions(std::vector<NodeRef> nodes);
  const std::vector<NodeRef>& nodes() const { return nodes_; }
  exec::Session& session(std::size_t i);
  void lock(std::size_t i, const std::string& holder, std::chrono::seconds wait);
  // Lets go of node i's lock and closes its connection (a later session(i)
  // connects again).
  void release(std::size_t i);

 private:
  std::vector<NodeRef> nodes_;
  std::vector<std::unique_ptr<exec::Session>> sessions_;
  std::vector<std::unique_ptr<exec::NodeLock>> locks_;  // declared last: released before the sessions close
};

template <class T>
struct NodeWork {
  T value{};
  std::vector<exec::PlannedAction> planned;  // a dry run's writes and commands
};

template <class T>
using Work = std::function<T(exec::Executor&, const NodeRef&)>;

// `log` records the changes; it may be null for a dry run or for work that
// only reads.
template <class T>
std::vector<exec::NodeResult<NodeWork<T>>> on_nodes(NodeSessions& sessions, const RunSettings& settings,
                                                    ledger::ChangeLog* log, const Work<T>& work);

// The exit status for a run over several nodes: 0 when every node
// succeeded, 10 when none could be reached, 3 when some succeeded, else the
// status of the first failure.
template <class T>
int exit_status_for(const std::vector<exec::NodeResult<T>>& results);

}  // namespace anvil::node

#include "node/node_run_impl.hpp"
