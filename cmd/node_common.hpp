// What the node-touching commands share: how nodes are chosen on the
// command line, and the settings and ledger record of a changing run.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "ledger/change_log.hpp"
#include "node/node_run.hpp"

namespace CLI {
class App;
}

namespace anvil::cli {

class Context;
struct Selected;

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

// The options of a status command and of its check.
struct StatusOpts {
  NodeArgs nodes;
  std::string from;
  std::string format = "text";
};

struct StatusCommands {
  std::string domain;        // "drbd": the commands are "drbd status" and "drbd check"
  std::string status_help;
  std::string check_help;
  std::string from_help;     // what --from reads
  std::function<int(Context&, const StatusOpts&)> status;
  std::function<int(Context&, const StatusOpts&)> check;
};

// `DOMAIN status` and `DOMAIN check` (the monitoring check, with --format
// text|json|nagios), both with the node selection and --from.
void register_status_commands(CLI::App& parent, Selected& selected, StatusCommands commands);

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

// A node's state for status and check commands: read from the node, or
// parsed from a capture; `error` when the node could not be read.
template <class State>
struct Gathered {
  node::NodeRef ref;
  State state;
  std::optional<Error> error;
};

// With `from` (--from FILE|-): the one selected node's capture, parsed by
// `parse(text, from)` (its errors name the file). Otherwise every selected
// node read at once by `read`, read-only, without the nodes' locks.
template <class State, class Parse, class Read>
std::vector<Gathered<State>> gather_states(Context& ctx, const NodeArgs& args, const std::string& from, Parse parse, Read read) {
  auto nodes = selected_nodes(ctx, args);
  std::vector<Gathered<State>> out;
  if (!from.empty()) {
    if (nodes.size() != 1) throw usage_error("--from reads one node's capture: name that node");
    try {
      out.push_back({nodes.front(), parse(read_capture(from), from), std::nullopt});
    } catch (const Error& e) {
      throw Error(e.kind(), from + ": " + e.what());
    }
    return out;
  }
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<State>(sessions, read_only, nullptr, [&](exec::Executor& ex, const node::NodeRef&) { return read(ex); });
  for (std::size_t i = 0; i < results.size(); ++i)
    out.push_back({nodes[i], results[i].ok() ? results[i].value->value : State{}, results[i].error});
  return out;
}

}  // namespace anvil::cli
