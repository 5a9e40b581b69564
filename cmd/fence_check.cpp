// `anvil fence check`, `anvil fence node` and `anvil fence history`: proving
// that every fence device works, fencing a node, and the record of both.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <ostream>

#include "check_output.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "drbd/guarded.hpp"
#include "exec/local_session.hpp"
#include "exec/recording.hpp"
#include "fence/probe.hpp"
#include "ledger/fence_events.hpp"
#include "ledger/plan_store.hpp"
#include "ledger/secrets.hpp"
#include "node_common.hpp"
#include "progress.hpp"
#include "output.hpp"

namespace anvil::cli {
namespace {

struct CheckOpts {
  std::vector<std::string> nodes;
  bool local = false;
  int timeout = 20;
  std::string format = "text";
};

struct Scope {
  plan::Cluster cluster;
  std::vector<node::NodeRef> nodes;  // every node of the cluster
  fence::Passwords passwords;
};

Scope scope_of(Context& ctx, const std::vector<std::string>& names) {
  auto& db = ctx.ledger_for_reading();
  std::string cluster;
  if (!names.empty()) {
    NodeArgs some;
    some.names = names;
    cluster = selected_nodes(ctx, some).front().cluster;
  } else {
    cluster = ctx.cluster(db);
  }
  Scope s{ledger::load_cluster(db, cluster), {}, {}};
  s.nodes = nodes_of_cluster(ctx, cluster);
  for (auto& d : s.cluster.devices)
    if (auto pw = ledger::secret_of(db, cluster, d.name)) s.passwords[d.name] = *pw;
  return s;
}

std::string outcome_of(const fence::Probe& p) {
  if (!p.result) return "not run: " + p.problem;
  auto& r = *p.result;
  if (r.succeeded) return p.action == "status" ? std::string("ok: power ") + fence::power_name(r.power) : "ok: " + r.message;
  return "failed: " + r.message;
}

void record(Context& ctx, const std::string& cluster, const std::string& kind, const std::vector<fence::Probe>& probes,
            std::optional<std::int64_t> run_id) {
  if (ctx.globals.dry_run) return;
  auto& db = ctx.ledger_for_reading();
  for (auto& p : probes)
    ledger::record_fence_event(db, {0, cluster, "", kind, p.node, p.method, p.device, p.from, p.action, outcome_of(p),
                                    p.result ? p.result->took.count() : 0, run_id});
}

int run_check(Context& ctx, const CheckOpts& o) {
  auto s = scope_of(ctx, o.nodes);
  std::vector<std::string> targets = o.nodes;
  if (targets.empty())
    for (auto& n : s.cluster.nodes) targets.push_back(n.name);
  auto probes = fence::probe_status(s.cluster, s.nodes, targets, o.local, s.passwords, std::chrono::seconds(o.timeout));
  record(ctx, s.cluster.name, "check", probes, std::nullopt);
  return print_findings(ctx, "FENCE", o.format, fence::judge(s.cluster, targets, probes), fence::probe_times(probes));
}

struct NodeOpts {
  std::string node;
  bool force = false;
  bool local = false;
  int timeout = 60;
};

// Fencing the node that holds the only UpToDate copy of a resource loses
// the data that was written since: refuse unless --force.
std::optional<std::string> data_refusal(const Scope& s, const std::string& target) {
  if (s.cluster.drbd.empty()) return std::nullopt;
  auto* peer = fence::peer_of(s.cluster, target);
  if (!peer) return std::nullopt;
  std::vector<node::NodeRef> peer_only;
  for (auto& n : s.nodes)
    if (n.node.name == peer->name) peer_only.push_back(n);
  node::NodeSessions sessions(peer_only);
  for (auto& r : s.cluster.drbd) {
    std::vector<drbd::NodeView> views;
    try {
      views = drbd::look_at(sessions, r, false);
    } catch (const Error& e) {
      return "cannot read DRBD on " + peer->name + " (" + e.what() + "), so " + target +
             " may hold the only UpToDate copy of " + r.name;
    }
    auto& v = views.front();
    if (!v.device || v.device->disk != "UpToDate")
      return peer->name + "'s disk of " + r.name + " is " + (v.device ? v.device->disk : std::string("not up")) + ": " + target +
             " may hold the only UpToDate copy, and fencing it loses what was written since";
  }
  return std::nullopt;
}

int run_fence_node(Context& ctx, const NodeOpts& o) {
  if (!ctx.globals.reason || ctx.globals.reason->empty()) throw usage_error("say why with --reason TEXT: fencing a node is recorded with its reason");
  auto s = scope_of(ctx, {o.node});
  auto* target = s.cluster.node(o.node);
  if (target->fence.empty()) throw failure(o.node + " has no fence method; anvil fence add-method " + o.node + " --device ...");
  if (!o.force)
    if (auto why = data_refusal(s, o.node)) throw failure("refused: " + *why + " (--force fences anyway)");
  auto* peer = fence::peer_of(s.cluster, o.node);
  const std::string from = o.local || !peer ? "local" : peer->name;
  confirm_destructive(ctx, "Fence (power-cycle) " + o.node + " now, from " + (from == "local" ? "here" : from) + "?",
                      "fencing " + o.node + " cuts its power: confirm with --yes, or run it at a terminal to be asked");
  if (ctx.globals.dry_run) {
    json calls = json::array();
    if (!ctx.globals.json)
      ctx.out << "would fence " << o.node << " from " << (from == "local" ? "here" : from) << ", method by method until one works:\n";
    for (auto& m : target->fence) {
      std::vector<std::string> actions = m.steps.size() == 1 ? std::vector<std::string>{"reboot"} : std::vector<std::string>{"off", "on"};
      for (auto& action : actions)
        for (auto& st : m.steps) {
          auto* d = s.cluster.device(st.device);
          bool known = s.passwords.count(st.device) > 0;
          auto call = fence::agent_call(*d, st, action, known ? "x" : "").redacted();
          calls.push_back({{"method", m.name}, {"device", st.device}, {"action", action}, {"call", call}, {"password_set", known}});
          if (!ctx.globals.json)
            ctx.out << "  " << m.name << ": " << call << (known ? "" : "   # no password stored: this call would fail") << '\n';
        }
    }
    if (ctx.globals.json)
      print_json(ctx.out, {{"dry_run", true}, {"run_id", nullptr}, {"node", o.node}, {"from", from}, {"fenced", false},
                           {"method", nullptr}, {"calls", calls}, {"attempts", json::array()}});
    return exit_ok;
  }
  ledger::ChangeLog log(ctx.ledger_for_reading(), ctx.invocation("fence node"), s.cluster.name);
  fence::FenceResult result;
  try {
    std::unique_ptr<exec::Session> session;
    if (from == "local") {
      session = std::make_unique<exec::LocalSession>("local");
    } else {
      for (auto& n : s.nodes)
        if (n.node.name == from) session = node::open_session(n.target);
    }
    exec::SessionExecutor real(*session);
    exec::RecordingExecutor recording(real, log);
    Progress progress(ctx);
    result = fence::fence_node(s.cluster, recording, from, *target, s.passwords, std::chrono::seconds(o.timeout),
                               [&](const std::string& call) { progress.show("fencing " + o.node + " from " + from + ": " + call); });
  } catch (const Error& e) {
    log.finish_run(exit_code_for(e.kind()), "fencing " + o.node + " failed: " + e.what());
    throw;
  }
  record(ctx, s.cluster.name, "fence", result.attempts, log.run_id());
  json attempts = json::array();
  for (auto& p : result.attempts) {
    attempts.push_back({{"method", p.method}, {"device", p.device}, {"port", p.port.empty() ? json(nullptr) : json(p.port)},
                        {"action", p.action}, {"ok", p.result && p.result->succeeded}, {"outcome", outcome_of(p)}});
    if (!ctx.globals.json)
      (p.result && p.result->succeeded ? ctx.out : ctx.err) << p.method << " " << p.device << (p.port.empty() ? "" : ":" + p.port)
                                                            << " " << p.action << ": " << outcome_of(p) << '\n';
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", false}, {"run_id", log.run_id()}, {"node", o.node}, {"from", from}, {"fenced", result.fenced},
                         {"method", result.fenced ? json(result.method) : json(nullptr)}, {"calls", json::array()}, {"attempts", attempts}});
  if (!result.fenced) {
    log.finish_run(exit_failed, "fencing " + o.node + " failed: every method failed");
    throw failure("could not fence " + o.node + ": every method failed (see above); the cluster is blocked until it is fenced");
  }
  log.finish_run(exit_ok, "fenced " + o.node + " with method " + result.method + " from " + from);
  if (ctx.globals.json) return exit_ok;
  ctx.out << o.node << " fenced with method " << result.method << " from " << (from == "local" ? "here" : from) << '\n';
  return exit_ok;
}

struct HistoryOpts {
  int limit = 20;
};

int run_history(Context& ctx, const HistoryOpts& o) {
  auto& db = ctx.ledger_for_reading();
  auto cluster = ctx.cluster(db);
  auto events = ledger::list_fence_events(db, cluster, o.limit);
  Table t{{"WHEN", "KIND", "NODE", "METHOD", "DEVICE", "FROM", "ACTION", "OUTCOME", "TIME"}, {}};
  json list = json::array();
  for (auto& e : events) {
    char took[32];
    std::snprintf(took, sizeof took, "%.1f s", static_cast<double>(e.took_ms) / 1000.0);
    t.rows.push_back({e.at, e.kind, e.node, e.method, e.device, e.from_node, e.action, e.outcome, took});
    list.push_back({{"at", e.at}, {"kind", e.kind}, {"node", e.node}, {"method", e.method}, {"device", e.device},
                    {"from", e.from_node}, {"action", e.action}, {"outcome", e.outcome}, {"took_ms", e.took_ms},
                    {"run_id", e.run_id ? json(*e.run_id) : json(nullptr)}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"cluster_name", cluster}, {"events", list}});
  else if (events.empty())
    ctx.err << "anvil: no fence check or fencing recorded yet for " << cluster << "; run `anvil fence check`\n";
  else
    print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

}  // namespace

void register_fence_check(CLI::App& fence, Selected& selected) {
  auto c = std::make_shared<CheckOpts>();
  auto* check = fence.add_subcommand("check", "Ask every fence device of the nodes for their power state, from each node's peer (exit 0/1/2/3)");
  check->add_option("nodes", c->nodes, "The nodes whose fencing to check (default: all)");
  check->add_flag("--local", c->local, "Run the agents here instead of on each node's peer");
  check->add_option("--timeout", c->timeout, "Seconds each device has to answer")->check(CLI::Range(1, 600))->capture_default_str();
  check->add_option("--format", c->format, "text, json or nagios")
      ->check(CLI::IsMember({"text", "json", "nagios"}))
      ->capture_default_str();
  check->callback([&selected, c] {
    selected.command = "fence check";
    selected.check_style = true;
    selected.run = [c](Context& ctx) { return run_check(ctx, *c); };
  });

  auto n = std::make_shared<NodeOpts>();
  auto* fence_node = fence.add_subcommand("node", "Fence (power-cycle) a node through its methods in order; needs --yes and --reason");
  fence_node->add_option("node", n->node, "The node to fence")->required();
  fence_node->add_flag("--force", n->force, "Fence even if it may hold the only UpToDate copy of a DRBD resource");
  fence_node->add_flag("--local", n->local, "Run the agents here instead of on the node's peer");
  fence_node->add_option("--timeout", n->timeout, "Seconds each agent call may take")->check(CLI::Range(1, 600))->capture_default_str();
  fence_node->callback([&selected, n] {
    selected.command = "fence node";
    selected.run = [n](Context& ctx) { return run_fence_node(ctx, *n); };
  });

  auto h = std::make_shared<HistoryOpts>();
  auto* history = fence.add_subcommand("history", "Fence checks and fencings, newest first");
  history->add_option("--limit", h->limit, "How many events")->check(CLI::Range(1, 100000))->capture_default_str();
  history->callback([&selected, h] {
    selected.command = "fence history";
    selected.run = [h](Context& ctx) { return run_history(ctx, *h); };
  });
}

}  // namespace anvil::cli
