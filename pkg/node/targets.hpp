// Which nodes a command works on, and how to reach each.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/session.hpp"
#include "exec/ssh_target.hpp"
#include "ledger/sqlite.hpp"
#include "plan/model.hpp"

namespace anvil::node {

struct Selection {
  std::vector<std::string> names;  // nodes named on the command line
  bool all = false;                // every node of the chosen cluster
  bool all_clusters = false;       // every node of every cluster
  std::optional<std::string> cluster;
};

struct NodeRef {
  std::string cluster;
  plan::Node node;
  exec::SshTarget target;
};

// Resolves a selection against the ledger, in a stable order (cluster, then
// node number). A named node is looked up in the chosen cluster, or in every
// cluster when none is chosen and the name is unique. Throws usage errors
// for an empty or contradictory selection and for unknown names.
std::vector<NodeRef> select_nodes(ledger::Db& db, const Selection& selection);

exec::SshTarget target_for(const plan::Node& node);

// A LocalSession for the host "local", an SshSession otherwise.
std::unique_ptr<exec::Session> open_session(const exec::SshTarget& target);

// "root@ws1 pid 4242, run 17 (node put), since 2026-11-25T21:00:00Z": what
// a second run is told about the holder of a node's lock.
std::string lock_holder(const std::string& user, const std::string& host, std::int64_t run_id,
                        const std::string& command, const std::string& since);

}  // namespace anvil::node
