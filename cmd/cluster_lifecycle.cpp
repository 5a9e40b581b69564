// `anvil cluster start NODE` and `anvil cluster stop NODE`: a node's cluster
// stack in order, each step waited for; stop looks at the peer first.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <ostream>

#include "cluster/lifecycle.hpp"
#include "cluster/node_state.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "drbd/node_state.hpp"
#include "drbd/actions.hpp"
#include "exec/recording.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "progress.hpp"

namespace anvil::cli {
namespace {

struct LifecycleOpts {
  std::string node;
  bool migrate_vms = false;
  int lock_wait = 30;
};

std::string seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

int print_results(Context& ctx, const std::string& what, const std::string& node, const std::vector<cluster::StepResult>& results,
                  ledger::ChangeLog* log) {
  json steps = json::array();
  for (auto& r : results) {
    steps.push_back({{"step", r.step}, {"command", r.command}, {"ok", r.ok}, {"message", r.message}, {"seconds", r.took.count() / 1000.0}});
    if (!ctx.globals.json)
      (r.ok ? ctx.out : ctx.err) << node << ": " << r.step << ": " << (r.ok ? "done" : "FAILED") << " in " << seconds(r.took)
                                 << (r.message.empty() ? "" : " (" + r.message + ")") << '\n';
  }
  bool ok = !results.empty() && results.back().ok;
  const std::string summary = ok ? what + " " + node + ": every step done"
                                 : what + " " + node + ": step " + results.back().step + " failed: " + results.back().message;
  if (log) log->finish_run(ok ? exit_ok : exit_failed, summary);
  if (ctx.globals.json) print_json(ctx.out, {{"node", node}, {"ok", ok}, {"steps", steps}});
  if (!ok) throw failure(summary + "; the later steps were not run");
  return exit_ok;
}

std::vector<node::NodeRef> cluster_nodes_of(Context& ctx, const std::string& node, node::NodeRef& target) {
  NodeArgs one;
  one.names = {node};
  target = selected_nodes(ctx, one).front();
  return nodes_of_cluster(ctx, target.cluster);
}

void dry_steps(Context& ctx, const std::string& node, const std::vector<cluster::Step>& steps) {
  if (ctx.globals.json) {
    json list = json::array();
    for (auto& s : steps) list.push_back({{"command", s.command}, {"deadline_s", s.deadline.count()}});
    print_json(ctx.out, {{"dry_run", true}, {"node", node}, {"steps", list}});
    return;
  }
  for (auto& s : steps) ctx.out << "would run on " << node << ": " << s.command << "   (up to " << s.deadline.count() << " s)\n";
}

// The steps on the node, under its lock, each recorded; a dry run prints them.
int run_sequence(Context& ctx, const std::string& what, const node::NodeRef& target, const LifecycleOpts& o,
                 const std::vector<cluster::Step>& steps) {
  if (ctx.globals.dry_run) {
    dry_steps(ctx, o.node, steps);
    return exit_ok;
  }
  NodeArgs args;
  args.lock_wait = o.lock_wait;
  auto run = start_changing_run(ctx, "cluster " + what, {target}, args);
  node::NodeSessions sessions({target});
  sessions.lock(0, run.settings.holder, run.settings.lock_wait);
  exec::SessionExecutor real(sessions.session(0));
  exec::RecordingExecutor recording(real, *run.log);
  std::vector<cluster::StepResult> results;
  {
    Progress progress(ctx);
    results = cluster::run_steps(recording, steps, [&](const cluster::Step& s) {
      progress.show(o.node + ": " + s.command + " (up to " + std::to_string(s.deadline.count()) + " s)");
    });
  }
  return print_results(ctx, what, o.node, results, run.log.get());
}

int run_start(Context& ctx, const LifecycleOpts& o) {
  node::NodeRef target;
  cluster_nodes_of(ctx, o.node, target);
  auto steps = cluster::start_steps();
  return run_sequence(ctx, "start", target, o, steps);
}

int run_stop(Context& ctx, const LifecycleOpts& o) {
  node::NodeRef target;
  auto nodes = cluster_nodes_of(ctx, o.node, target);
  auto plan = ledger::load_cluster(ctx.ledger_for_reading(), target.cluster);
  std::vector<node::NodeRef> peer;
  for (auto& n : nodes)
    if (n.node.name != o.node) peer.push_back(n);
  if (peer.size() != 1) throw failure("cluster " + plan.name + " needs two nodes to stop one");
  // The peer's view: is it a healthy member, is its data UpToDate?
  node::NodeSessions peer_session(peer);
  cluster::ClusterState view;
  std::vector<std::pair<std::string, std::string>> disks;
  try {
    exec::SessionExecutor ex(peer_session.session(0));
    view = cluster::read_state(ex);
    if (!plan.drbd.empty()) {
      auto state = drbd::read_state(ex);
      for (auto& r : plan.drbd) {
        auto d = drbd::device_of(state, r);
        disks.emplace_back(r.name, d ? d->disk : std::string("not up"));
      }
    }
  } catch (const Error& e) {
    throw failure("refused: cannot look at " + peer.front().node.name + " (" + e.what() + "), so stopping " + o.node +
                  " could leave no cluster");
  }
  auto vms = cluster::vms_on(plan, o.node, view);
  if (auto why = cluster::stop_refusal(plan, o.node, view, disks, vms, o.migrate_vms)) throw failure("refused: " + *why);
  auto steps = cluster::stop_steps(o.migrate_vms ? vms : std::vector<std::string>{}, cluster::fqdn(plan, peer.front().node.name));
  confirm_destructive(ctx, "Stop the cluster stack on " + o.node + "?",
                      "cluster stop takes " + o.node + " out of the cluster: confirm with --yes, or run it at a terminal to be asked");
  return run_sequence(ctx, "stop", target, o, steps);
}

}  // namespace

void register_cluster_lifecycle(CLI::App& cluster, Selected& selected) {
  auto s = std::make_shared<LifecycleOpts>();
  auto* start = cluster.add_subcommand("start", "Start a node's cluster stack in order: cman, clvmd, gfs2, rgmanager");
  start->add_option("node", s->node, "The node")->required();
  start->add_option("--lock-wait", s->lock_wait, "Seconds to wait while another anvil run holds a node's lock")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  start->callback([&selected, s] {
    selected.command = "cluster start";
    selected.run = [s](Context& ctx) { return run_start(ctx, *s); };
  });

  auto t = std::make_shared<LifecycleOpts>();
  auto* stop = cluster.add_subcommand("stop", "Stop a node's cluster stack in reverse order; refused unless the peer can carry on alone");
  stop->add_option("node", t->node, "The node")->required();
  stop->add_flag("--migrate-vms", t->migrate_vms, "Live-migrate the node's VMs to the peer first (clusvcadm -M)");
  stop->add_option("--lock-wait", t->lock_wait, "Seconds to wait while another anvil run holds a node's lock")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  stop->callback([&selected, t] {
    selected.command = "cluster stop";
    selected.run = [t](Context& ctx) { return run_stop(ctx, *t); };
  });
}

}  // namespace anvil::cli
