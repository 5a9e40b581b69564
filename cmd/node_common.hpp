// What the node-touching commands share: how nodes are chosen on the
// command line, and the settings and ledger record of a changing run.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/change_log.hpp"
#include "node/node_run.hpp"

namespace CLI {
class App;
}

namespace anvil::cli {

class Context;

struct NodeArgs {
  std::vector<std::string> names;
  bool all = false;
  bool all_clusters = false;
  int lock_wait = 30;  // seconds to wait for another run's lock on a node
};

// NODE... positionals, --all and --all-clusters, spelled the same everywhere.
void add_node_selection(CLI::App* cmd, NodeArgs& args, const std::string& what);

// A capture to parse instead of asking a node (`--from FILE`, or - for
// stdin); throws a usage error when it cannot be read.
std::string read_capture(const std::string& from);

// Every node of `cluster`, as --all selects them there.
std::vector<node::NodeRef> nodes_of_cluster(Context& ctx, const std::string& cluster);

// Destructive actions go ahead with --yes; at a terminal the user is asked
// `question` ([y/N]); otherwise they are refused (exit 2) with `how`.
void confirm_destructive(Context& ctx, const std::string& question, const std::string& how);

// --lock-wait SECONDS, for commands that change nodes.
void add_lock_wait(CLI::App* cmd, NodeArgs& args);

std::vector<node::NodeRef> selected_nodes(Context& ctx, const NodeArgs& args);

// The cluster of a run: the one all its nodes belong to, if there is one.
std::optional<std::string> cluster_of(const std::vector<node::NodeRef>& nodes);

// A run that changes nodes: recorded in the ledger from its start (not in a
// dry run), with the lock-holder text that other runs will see.
struct ChangingRun {
  std::unique_ptr<ledger::ChangeLog> log;  // null in a dry run
  node::RunSettings settings;
};
ChangingRun start_changing_run(Context& ctx, const std::string& command, const std::vector<node::NodeRef>& nodes,
                               const NodeArgs& args, const std::optional<std::string>& cluster = std::nullopt);

}  // namespace anvil::cli
