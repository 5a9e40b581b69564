// `anvil drbd up|down|primary|secondary|connect|disconnect RES NODE` and
// `anvil drbd split-brain RES [--discard NODE]`: DRBD actions that look at
// both nodes first and refuse, with the reason, what would lose data or
// strand VMs.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "drbd/guarded.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

struct ActionOpts {
  std::string resource;
  std::string node;
  int lock_wait = 30;
};

// The resource, and both nodes of its cluster (the target's cluster).
struct Scope {
  plan::Cluster cluster;
  plan::DrbdResource resource;
  std::vector<node::NodeRef> nodes;
};

Scope scope_of(Context& ctx, const std::string& resource, const std::string& target) {
  auto& db = ctx.ledger_for_reading();
  std::string cluster_name;
  if (!target.empty()) {
    NodeArgs one;
    one.names = {target};
    cluster_name = selected_nodes(ctx, one).front().cluster;
  } else {
    cluster_name = ctx.cluster(db);
  }
  Scope s{ledger::load_cluster(db, cluster_name), {}, {}};
  auto* r = s.cluster.drbd_resource(resource);
  if (!r) throw failure("no DRBD resource '" + resource + "' in cluster " + cluster_name + "; `anvil drbd list` shows them");
  s.resource = *r;
  s.nodes = nodes_of_cluster(ctx, cluster_name);
  return s;
}

json steps_json(const std::vector<drbd::StepResult>& steps) {
  json list = json::array();
  for (auto& s : steps) list.push_back({{"node", s.node}, {"command", s.command}, {"output", s.output}});
  return list;
}

void print_steps(Context& ctx, const std::vector<drbd::StepResult>& steps) {
  for (auto& s : steps) {
    ctx.out << (ctx.globals.dry_run ? "would run on " : "ran on ") << s.node << ": " << s.command << '\n';
    if (!s.output.empty()) ctx.out << s.output << (s.output.back() == '\n' ? "" : "\n");
  }
}

int run_action(Context& ctx, drbd::Action action, const ActionOpts& o) {
  auto scope = scope_of(ctx, o.resource, o.node);
  const bool needs_vms = action == drbd::Action::secondary || action == drbd::Action::down;
  node::NodeSessions both(scope.nodes);
  auto views = drbd::look_at(both, scope.resource, needs_vms);
  const drbd::NodeView* target = nullptr;
  const drbd::NodeView* peer = nullptr;
  for (auto& v : views) (v.node == o.node ? target : peer) = &v;
  if (!target) throw usage_error("node " + o.node + " is not in cluster " + scope.cluster.name);
  drbd::NodeView nobody;
  nobody.node = "the peer";
  if (auto why = drbd::refusal(action, scope.cluster, scope.resource, *target, peer ? *peer : nobody))
    throw failure("refused: " + *why);
  const auto command = drbd::action_command(action, scope.resource.name);
  if (drbd::is_destructive(action))
    confirm_destructive(ctx, "Run `" + command + "` on " + o.node + "?",
                        "drbd " + drbd::action_name(action) + " changes a live resource: confirm with --yes, or run it at a terminal to be asked");
  NodeArgs args;
  args.names = {o.node};
  args.lock_wait = o.lock_wait;
  std::vector<node::NodeRef> target_ref;
  for (auto& n : scope.nodes)
    if (n.node.name == o.node) target_ref.push_back(n);
  auto run = start_changing_run(ctx, "drbd " + drbd::action_name(action), target_ref, args, scope.cluster.name);
  std::vector<drbd::StepResult> done;
  try {
    done = drbd::run_steps(both, {{o.node, command}}, run.settings, run.log.get());
  } catch (const Error& e) {
    if (run.log) run.log->finish_run(exit_code_for(e.kind()), command + " on " + o.node + " failed");
    throw;
  }
  if (run.log) run.log->finish_run(exit_ok, command + " on " + o.node);
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"steps", steps_json(done)}});
  else
    print_steps(ctx, done);
  return exit_ok;
}

struct SplitOpts {
  std::string resource;
  std::string discard;
  int lock_wait = 30;
};

int run_split_brain(Context& ctx, const SplitOpts& o) {
  auto scope = scope_of(ctx, o.resource, o.discard);
  node::NodeSessions both(scope.nodes);
  std::vector<drbd::NodeView> views;
  std::string vms_unknown;
  try {
    views = drbd::look_at(both, scope.resource, true);
  } catch (const Error& e) {
    if (!o.discard.empty()) throw;  // acting blind is not an option
    vms_unknown = e.what();
    views = drbd::look_at(both, scope.resource, false);
  }
  if (views.size() != 2) throw failure("a split brain needs two nodes; cluster " + scope.cluster.name + " has " + std::to_string(views.size()));
  auto report = drbd::explain_split_brain(scope.resource, views[0], views[1]);
  auto& r = scope.resource;

  if (o.discard.empty()) {
    json steps = json::object();
    for (std::size_t v = 0; v < 2; ++v) {
      json list = json::array();
      for (auto& [node, command] : drbd::split_brain_steps(r, views[v], views[1 - v])) list.push_back({{"node", node}, {"command", command}});
      steps[views[v].node] = list;
    }
    if (ctx.globals.json) {
      print_json(ctx.out, {{"resource", r.name}, {"suspected", report.suspected}, {"facts", report.facts},
                           {"suggested_discard", report.suggested_victim.empty() ? json(nullptr) : json(report.suggested_victim)},
                           {"why", report.why_victim.empty() ? json(nullptr) : json(report.why_victim)},
                           {"steps_to_discard", steps}});
      return report.suspected ? exit_failed : exit_ok;
    }
    for (auto& f : report.facts) ctx.out << f << '\n';
    if (!vms_unknown.empty()) ctx.out << "(which VMs run is unknown: " << vms_unknown << ")\n";
    if (!report.suspected) {
      ctx.out << "no split brain: neither side of " << r.name << " is StandAlone\n";
      return exit_ok;
    }
    ctx.out << "split brain suspected: " << r.name << " is StandAlone and the two sides no longer replicate.\n";
    if (!report.suggested_victim.empty())
      ctx.out << "discard " << report.suggested_victim << "'s changes: " << report.why_victim << ".\n";
    else
      ctx.out << "which side holds changes the other lacks cannot be told from DRBD's state: both may have written since "
                 "the split. Look at the data (the VMs' logs, `drbdadm show-gi "
              << r.name << "` on both), then choose the side whose changes are lost.\n";
    for (auto& v : views) {
      if (!report.suggested_victim.empty() && v.node != report.suggested_victim) continue;
      ctx.out << "\nto discard " << v.node << "'s changes:\n";
      for (auto& [node, command] : drbd::split_brain_steps(r, v, v.node == views[0].node ? views[1] : views[0]))
        ctx.out << "  on " << node << ": " << command << '\n';
      ctx.out << "  or: anvil drbd split-brain " << r.name << " --discard " << v.node << " --yes\n";
    }
    return exit_failed;  // a split brain is not a state to leave as it is
  }

  const drbd::NodeView* victim = nullptr;
  const drbd::NodeView* survivor = nullptr;
  for (auto& v : views) (v.node == o.discard ? victim : survivor) = &v;
  if (!victim) throw usage_error("node " + o.discard + " is not in cluster " + scope.cluster.name);
  if (auto why = drbd::discard_refusal(r, *victim, *survivor)) throw failure("refused: " + *why);
  confirm_destructive(ctx, "Discard every change " + victim->node + " made to " + r.name + " since the split, and resync it from " +
                               survivor->node + "?",
                      "drbd split-brain --discard throws away " + victim->node + "'s changes: confirm with --yes, or run it at a terminal to be asked");
  NodeArgs args;
  args.lock_wait = o.lock_wait;
  auto run = start_changing_run(ctx, "drbd split-brain", scope.nodes, args, scope.cluster.name);
  std::vector<drbd::StepResult> done;
  try {
    done = drbd::run_steps(both, drbd::split_brain_steps(r, *victim, *survivor), run.settings, run.log.get());
  } catch (const Error& e) {
    if (run.log) run.log->finish_run(exit_code_for(e.kind()), "split brain of " + r.name + ": recovery failed");
    throw;
  }
  if (run.log) run.log->finish_run(exit_ok, "split brain of " + r.name + ": discarded " + victim->node + "'s changes");
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"discarded", victim->node}, {"steps", steps_json(done)}});
    return exit_ok;
  }
  print_steps(ctx, done);
  if (!ctx.globals.dry_run)
    ctx.out << r.name << ": " << victim->node << " resyncs from " << survivor->node << "; follow it with `anvil drbd status`\n";
  return exit_ok;
}

}  // namespace

void register_drbd_actions(CLI::App& drbd, Selected& selected) {
  const std::pair<drbd::Action, const char*> actions[] = {
      {drbd::Action::up, "Attach and connect a resource on a node (drbdadm up)"},
      {drbd::Action::down, "Take a resource down on a node; refused if that leaves no UpToDate copy or strands VMs"},
      {drbd::Action::primary, "Promote a resource on a node; refused unless its disk is UpToDate"},
      {drbd::Action::secondary, "Demote a resource on a node; refused while VMs run there"},
      {drbd::Action::connect, "Connect a resource to its peer"},
      {drbd::Action::disconnect, "Disconnect a resource from its peer; refused during a resync"},
  };
  for (auto& [action, help] : actions) {
    auto o = std::make_shared<ActionOpts>();
    auto name = drbd::action_name(action);
    auto* cmd = drbd.add_subcommand(name, help);
    cmd->add_option("resource", o->resource, "The resource, e.g. r0")->required();
    cmd->add_option("node", o->node, "The node to act on")->required();
    cmd->add_option("--lock-wait", o->lock_wait, "Seconds to wait while another anvil run holds a node's lock")
        ->check(CLI::Range(0, 3600))
        ->capture_default_str();
    cmd->callback([&selected, o, action, name] {
      selected.command = "drbd " + name;
      selected.run = [o, action](Context& ctx) { return run_action(ctx, action, *o); };
    });
  }

  auto s = std::make_shared<SplitOpts>();
  auto* split = drbd.add_subcommand("split-brain", "Explain a split brain and the steps out; --discard NODE --yes carries them out");
  split->add_option("resource", s->resource, "The resource, e.g. r0")->required();
  split->add_option("--discard", s->discard, "The node whose changes since the split are thrown away");
  split->add_option("--lock-wait", s->lock_wait, "Seconds to wait while another anvil run holds a node's lock")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  split->callback([&selected, s] {
    selected.command = "drbd split-brain";
    selected.run = [s](Context& ctx) { return run_split_brain(ctx, *s); };
  });
}

}  // namespace anvil::cli
