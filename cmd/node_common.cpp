#include "node_common.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/identity.hpp"

namespace anvil::cli {

void add_node_selection(CLI::App* cmd, NodeArgs& args, const std::string& what) {
  cmd->add_option("nodes", args.names, "The nodes to " + what);
  cmd->add_flag("--all", args.all, "Every node of the cluster");
  cmd->add_flag("--all-clusters", args.all_clusters, "Every node of every cluster in the ledger");
}

std::string read_capture(const std::string& from) {
  if (from == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream in(from, std::ios::binary);
  if (!in) throw usage_error("cannot read " + from);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<node::NodeRef> nodes_of_cluster(Context& ctx, const std::string& cluster) {
  NodeArgs all;
  all.all = true;
  auto saved = ctx.globals.cluster;
  ctx.globals.cluster = cluster;
  try {
    auto nodes = selected_nodes(ctx, all);
    ctx.globals.cluster = saved;
    return nodes;
  } catch (...) {
    ctx.globals.cluster = saved;
    throw;
  }
}

void register_status_commands(CLI::App& parent, Selected& selected, StatusCommands commands) {
  auto shared = std::make_shared<StatusCommands>(std::move(commands));
  auto s = std::make_shared<StatusOpts>();
  auto* status = parent.add_subcommand("status", shared->status_help);
  add_node_selection(status, s->nodes, "show");
  status->add_option("--from", s->from, shared->from_help);
  status->callback([&selected, s, shared] {
    selected.command = shared->domain + " status";
    selected.run = [s, shared](Context& ctx) { return shared->status(ctx, *s); };
  });
  auto c = std::make_shared<StatusOpts>();
  auto* check = parent.add_subcommand("check", shared->check_help);
  add_node_selection(check, c->nodes, "check");
  check->add_option("--from", c->from, shared->from_help);
  check->add_option("--format", c->format, "text, json or nagios")
      ->check(CLI::IsMember({"text", "json", "nagios"}))
      ->capture_default_str();
  check->callback([&selected, c, shared] {
    selected.command = shared->domain + " check";
    selected.check_style = true;
    selected.run = [c, shared](Context& ctx) { return shared->check(ctx, *c); };
  });
}

void confirm_destructive(Context& ctx, const std::string& question, const std::string& how) {
  if (ctx.globals.yes || ctx.globals.dry_run) return;
  if (!::isatty(STDIN_FILENO)) throw usage_error(how);
  ctx.err << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  if (answer != "y" && answer != "yes") throw failure("not confirmed; nothing was changed");
}

void add_lock_wait(CLI::App* cmd, NodeArgs& args) {
  cmd->add_option("--lock-wait", args.lock_wait, "Seconds to wait while another anvil run holds a node's lock")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
}

std::vector<node::NodeRef> selected_nodes(Context& ctx, const NodeArgs& args) {
  auto& db = ctx.ledger_for_reading();
  node::Selection s{args.names, args.all, args.all_clusters, ctx.globals.cluster};
  if (!s.cluster)
    if (const char* env = std::getenv("ANVIL_CLUSTER"); env && *env) s.cluster = env;
  return node::select_nodes(db, s);
}

std::optional<std::string> cluster_of(const std::vector<node::NodeRef>& nodes) {
  if (nodes.empty()) return std::nullopt;
  for (auto& n : nodes)
    if (n.cluster != nodes.front().cluster) return std::nullopt;
  return nodes.front().cluster;
}

ChangingRun start_changing_run(Context& ctx, const std::string& command, const std::vector<node::NodeRef>& nodes,
                               const NodeArgs& args, const std::optional<std::string>& cluster) {
  ChangingRun run;
  run.settings.dry_run = ctx.globals.dry_run;
  auto inv = ctx.invocation(command);
  if (!run.settings.dry_run) {
    run.log = std::make_unique<ledger::ChangeLog>(ctx.ledger_for_reading(), inv, cluster ? cluster : cluster_of(nodes));
    run.settings.holder = node::lock_holder(inv.user, inv.host, run.log->run_id(), command, inv.started_at);
  }
  run.settings.lock_wait = std::chrono::seconds(args.lock_wait);
  return run;
}

}  // namespace anvil::cli
