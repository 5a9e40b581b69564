// `anvil net render|diff|apply`: the nodes' network configuration from the
// plan (el6 profile: initscripts ifcfg-* files).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/unified_diff.hpp"
#include "ipplan/ipplan.hpp"
#include "ledger/plan_store.hpp"
#include "net/guarded_restart.hpp"
#include "net/map.hpp"
#include "plan/mutate.hpp"
#include "plan_views.hpp"
#include "net/render_el6.hpp"
#include "net/sync_el6.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {

void register_net_status(CLI::App& net, Selected& selected);  // net_status.cpp

namespace {

struct RenderOpts {
  NodeArgs nodes;
  std::string out;
};

// The plan of the cluster a node belongs to.
plan::Cluster plan_of(Context& ctx, const node::NodeRef& ref) {
  return ledger::load_cluster(ctx.ledger_for_reading(), ref.cluster);
}

int run_render(Context& ctx, const RenderOpts& o) {
  auto nodes = selected_nodes(ctx, o.nodes);
  json list = json::array();
  for (auto& ref : nodes) {
    auto files = net::render_el6(plan_of(ctx, ref), ref.node);
    json rendered = json::array();
    for (auto& f : files) rendered.push_back({{"name", f.name}, {"path", std::string(net::el6_scripts_dir) + "/" + f.name}, {"content", f.content}});
    list.push_back({{"node", ref.node.name}, {"cluster", ref.cluster}, {"files", rendered}});
    if (!o.out.empty() && ctx.globals.dry_run) {
      if (!ctx.globals.json)
        for (auto& f : files) ctx.out << "would write " << (std::filesystem::path(o.out) / ref.node.name / f.name).string() << '\n';
    } else if (!o.out.empty()) {
      auto dir = std::filesystem::path(o.out) / ref.node.name;
      std::error_code ec;
      std::filesystem::create_directories(dir, ec);
      if (ec) throw failure("cannot create " + dir.string() + ": " + ec.message());
      for (auto& f : files) {
        std::ofstream file(dir / f.name, std::ios::binary | std::ios::trunc);
        file << f.content;
        if (!file) throw failure("cannot write " + (dir / f.name).string());
      }
      if (!ctx.globals.json) ctx.err << "anvil: wrote " << files.size() << " files to " << dir.string() << '\n';
    } else if (!ctx.globals.json) {
      for (auto& f : files) ctx.out << "==> " << ref.node.name << ":" << net::el6_scripts_dir << "/" << f.name << " <==\n" << f.content << '\n';
    }
  }
  if (ctx.globals.json) print_json(ctx.out, {{"profile", "el6"}, {"nodes", list}});
  return exit_ok;
}

std::string state_name(const net::FileState& s) {
  if (!s.differs()) return "same";
  if (!s.current) return "new";
  if (!s.wanted) return "stale";
  return "changed";
}

json states_json(const std::string& node, const std::vector<net::FileState>& states) {
  json files = json::array();
  for (auto& s : states)
    files.push_back({{"path", s.path}, {"state", state_name(s)},
                     {"diff", unified_diff(s.current.value_or(""), s.wanted.value_or(""), node + ":" + s.path, node + ":" + s.path + " (plan)")}});
  return files;
}

// Like diff(1): 0 when every node matches the plan, 1 when one differs.
int run_diff(Context& ctx, const NodeArgs& args) {
  auto nodes = selected_nodes(ctx, args);
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<std::vector<net::FileState>>(sessions, read_only, nullptr,
      [&](exec::Executor& ex, const node::NodeRef& ref) { return net::compare_el6(ex, plan_of(ctx, ref), ref.node); });
  bool differs = false;
  json list = json::array();
  for (auto& r : results) {
    if (!r.ok()) {
      list.push_back({{"node", r.node}, {"ok", false}, {"error", error_json(r.error)}});
      continue;
    }
    auto& states = r.value->value;
    bool node_differs = std::any_of(states.begin(), states.end(), [](auto& s) { return s.differs(); });
    differs = differs || node_differs;
    list.push_back({{"node", r.node}, {"ok", true}, {"differs", node_differs}, {"files", states_json(r.node, states)}});
    if (ctx.globals.json) continue;
    for (auto& s : states)
      ctx.out << unified_diff(s.current.value_or(""), s.wanted.value_or(""), s.current ? r.node + ":" + s.path : "/dev/null",
                              s.wanted ? r.node + ":" + s.path + " (plan)" : "/dev/null");
  }
  print_node_errors(ctx, results);
  if (ctx.globals.json) print_json(ctx.out, {{"profile", "el6"}, {"differs", differs}, {"nodes", list}});
  int status = node::exit_status_for(results);
  if (status != exit_ok) return status;
  return differs ? exit_failed : exit_ok;
}

struct ApplyOpts {
  NodeArgs nodes;
  bool restart = false;
  int confirm_timeout = 120;
  std::string restart_command = "service network restart";
};

json restart_json(const net::NodeRestart& r) {
  if (!r.attempted) return {{"outcome", "not-restarted"}};
  if (r.error) return {{"outcome", "not-started"}, {"error", error_json(r.error)}};
  return {{"outcome", net::end_name(r.outcome->end)},
          {"seconds", static_cast<double>(r.outcome->elapsed.count()) / 1000.0},
          {"detail", r.outcome->detail}};
}

// One line per node about its restart, to stdout when it went as planned
// and to stderr when not.
void print_restart(Context& ctx, const net::NodeRestart& r, const net::GuardSpec& spec) {
  if (!r.attempted) {
    ctx.err << "anvil: " << r.node << ": networking not restarted (the new files take effect at its next network restart)\n";
    return;
  }
  if (r.error) {
    print_error(ctx.err, r.node + ": " + r.error->what(), "", false, ctx.color_stderr());
    return;
  }
  auto& o = *r.outcome;
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f s", static_cast<double>(o.elapsed.count()) / 1000.0);
  const std::string where = " (guard log: " + spec.dir() + "/restart.log on the node)";
  switch (o.end) {
    case net::GuardEnd::confirmed:
      ctx.out << r.node << ": networking restarted; reachable again after " << secs << ", rollback guard disarmed\n";
      return;
    case net::GuardEnd::rolled_back:
      print_error(ctx.err, r.node + ": not reachable within " + std::to_string(spec.confirm_timeout.count()) +
                               " s of the restart; the guard put the previous files back and restarted networking, and the node answers again" + where,
                  "", false, ctx.color_stderr());
      return;
    case net::GuardEnd::restart_failed:
      print_error(ctx.err, r.node + ": the restart command failed" + (o.detail.empty() ? "" : " (" + o.detail + ")") +
                               "; the guard put the previous files back and restarted networking" + where,
                  "", false, ctx.color_stderr());
      return;
    case net::GuardEnd::guard_failed:
      print_error(ctx.err, r.node + ": " + o.detail + where, "", false, ctx.color_stderr());
      return;
    case net::GuardEnd::lost:
      print_error(ctx.err, r.node + ": unreachable since the restart, also after the guard's rollback (" + o.detail +
                               "); reach it on its console or IPMI" + where,
                  "", false, ctx.color_stderr());
      return;
  }
}

int restart_status(const std::vector<net::NodeRestart>& restarts) {
  for (auto& r : restarts) {
    if (!r.attempted || r.confirmed()) continue;
    if (r.error) return exit_code_for(r.error->kind());
    return r.outcome->end == net::GuardEnd::lost ? exit_unreachable : exit_failed;
  }
  return exit_ok;
}

int run_apply(Context& ctx, const ApplyOpts& o) {
  auto nodes = selected_nodes(ctx, o.nodes);
  if (o.restart) {
    std::string names;
    for (auto& n : nodes) names += (names.empty() ? "" : ", ") + n.node.name;
    confirm_destructive(ctx,
                        "Restart networking on " + names + ", one node at a time, each rolled back unless anvil reconnects within " +
                            std::to_string(o.confirm_timeout) + " s?",
                        "net apply --restart restarts networking on live nodes (" + names +
                            "): confirm with --yes, or run it at a terminal to be asked");
  }
  auto run = start_changing_run(ctx, "net apply", nodes, o.nodes);
  net::GuardSpec spec;
  spec.run_id = run.log ? run.log->run_id() : 0;
  spec.restart_command = o.restart_command;
  spec.confirm_timeout = std::chrono::seconds(o.confirm_timeout);
  spec.holder = "the network restart guard of " + (run.settings.holder.empty() ? std::string("anvil net apply") : run.settings.holder);
  node::NodeSessions sessions(nodes);
  auto results = node::on_nodes<int>(sessions, run.settings, run.log.get(), [&](exec::Executor& ex, const node::NodeRef& ref) {
    auto states = net::compare_el6(ex, plan_of(ctx, ref), ref.node);
    if (o.restart) net::prepare_guard(ex, spec);  // saves the files before they change
    return net::apply_el6(ex, states);
  });
  int changed = 0;
  std::vector<bool> ready;
  for (auto& r : results) {
    if (r.ok()) changed += r.value->value;
    ready.push_back(r.ok());
    if (ctx.globals.json || !r.ok()) continue;
    if (ctx.globals.dry_run)
      print_planned(ctx, r.node, r.value->planned);
    else
      ctx.out << r.node << ": " << (r.value->value ? std::to_string(r.value->value) + " file(s) changed" : "as planned already")
              << '\n';
  }
  print_node_errors(ctx, results);
  int status = node::exit_status_for(results);

  std::vector<net::NodeRestart> restarts;
  if (o.restart && ctx.globals.dry_run && !ctx.globals.json)
    ctx.out << "would then restart networking one node at a time with `" << o.restart_command << "`, each guarded: "
            << "without anvil's confirmation within " << o.confirm_timeout << " s the node puts its previous files back and restarts again\n";
  if (o.restart && !ctx.globals.dry_run) {
    restarts = net::restart_one_by_one(sessions, ready, spec, run.log.get());
    if (!ctx.globals.json)
      for (std::size_t i = 0; i < restarts.size(); ++i)
        if (ready[i]) print_restart(ctx, restarts[i], spec);
    if (status == exit_ok) status = restart_status(restarts);
  }

  json list = json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    auto& r = results[i];
    json entry = {{"node", r.node},
                  {"ok", r.ok()},
                  {"changed_files", r.ok() ? r.value->value : 0},
                  {"planned", r.ok() ? planned_json(r.value->planned) : json::array()},
                  {"error", error_json(r.error)}};
    if (o.restart) entry["restart"] = ctx.globals.dry_run ? json{{"outcome", "dry-run"}} : restart_json(restarts[i]);
    list.push_back(entry);
  }
  if (run.log) {
    int confirmed = static_cast<int>(std::count_if(restarts.begin(), restarts.end(), [](auto& r) { return r.confirmed(); }));
    run.log->finish_run(status, "network-scripts: " + std::to_string(changed) + " file(s) changed on " +
                                    std::to_string(results.size()) + " node(s); " +
                                    (o.restart ? "networking restarted on " + std::to_string(confirmed) + " of " +
                                                     std::to_string(results.size()) + " node(s)"
                                               : std::string("networking not restarted")));
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run},
                         {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"nodes", list}});
  else if (!ctx.globals.dry_run && changed > 0 && !o.restart)
    ctx.err << "anvil: networking was not restarted; the new files take effect at the next restart of the network "
               "(`anvil net apply --restart` does it, guarded)\n";
  return status;
}

struct MapOpts {
  std::string node;
  std::vector<std::string> set;  // IFACE=MAC
};

int run_map(Context& ctx, const MapOpts& o) {
  NodeArgs one;
  one.names = {o.node};
  auto nodes = selected_nodes(ctx, one);
  auto& ref = nodes.front();
  if (!o.set.empty()) {
    // Recording MACs is a plan edit: no node is contacted.
    std::vector<std::pair<std::string, std::string>> changes;
    for (auto& item : o.set) {
      auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) throw usage_error("give --set IFACE=MAC, e.g. --set eth0=52:54:00:12:34:56, not '" + item + "'");
      changes.emplace_back(ref.node.name + "." + item.substr(0, eq) + ".mac", item.substr(eq + 1));
    }
    auto outcome = ipplan::edit(
        ctx.ledger_for_reading(), ref.cluster,
        [&](plan::Cluster c) {
          for (auto& [key, value] : changes) c = plan::set_value(std::move(c), key, value);
          return c;
        },
        ctx.invocation("net map"), ctx.globals.dry_run);
    print_outcome(ctx, outcome);
    return exit_ok;
  }
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<std::vector<net::MapRow>>(sessions, read_only, nullptr,
      [&](exec::Executor& ex, const node::NodeRef& r) { return net::map_node(ex, plan_of(ctx, r), r.node); });
  auto& result = results.front();
  if (!result.ok()) throw *result.error;
  Table t{{"INTERFACE", "MAC", "STATE", "ROLE IN THE PLAN", "PLANNED MAC"}, {}};
  json rows = json::array();
  for (auto& row : result.value->value) {
    std::string planned = row.planned_mac.empty() ? "-" : row.planned_mac + (row.mac.empty() || row.planned_mac == row.mac ? "" : " (differs)");
    t.rows.push_back({row.interface, row.mac.empty() ? "-" : row.mac, row.state, row.role.empty() ? "-" : row.role, planned});
    rows.push_back({{"interface", row.interface}, {"mac", row.mac.empty() ? json(nullptr) : json(row.mac)}, {"state", row.state},
                    {"role", row.role.empty() ? json(nullptr) : json(row.role)},
                    {"planned_mac", row.planned_mac.empty() ? json(nullptr) : json(row.planned_mac)}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"node", ref.node.name}, {"interfaces", rows}});
  else
    print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

}  // namespace

void register_net(CLI::App& app, Selected& selected) {
  auto* net = app.add_subcommand("net", "The nodes' bonds, bridges and addresses (el6: ifcfg-* files)");
  net->require_subcommand(1);

  auto r = std::make_shared<RenderOpts>();
  auto* render = net->add_subcommand("render", "Print (or write to --out DIR) the ifcfg files the plan gives each node");
  add_node_selection(render, r->nodes, "render");
  render->add_option("--out", r->out, "Write DIR/NODE/ifcfg-* instead of printing");
  render->callback([&selected, r] {
    selected.command = "net render";
    selected.run = [r](Context& ctx) { return run_render(ctx, *r); };
  });

  auto d = std::make_shared<NodeArgs>();
  auto* diff = net->add_subcommand("diff", "Compare the nodes' ifcfg files with the plan (exit 1 when they differ)");
  add_node_selection(diff, *d, "compare");
  diff->callback([&selected, d] {
    selected.command = "net diff";
    selected.run = [d](Context& ctx) { return run_diff(ctx, *d); };
  });

  auto m = std::make_shared<MapOpts>();
  auto* map = net->add_subcommand("map", "Show a node's NICs and MACs next to their roles; --set records which MAC is which");
  map->add_option("node", m->node, "The node")->required();
  map->add_option("--set", m->set, "IFACE=MAC: pin this MAC to the NIC the plan calls IFACE (HWADDR in its ifcfg file)");
  map->callback([&selected, m] {
    selected.command = "net map";
    selected.run = [m](Context& ctx) { return run_map(ctx, *m); };
  });

  register_net_status(*net, selected);

  auto a = std::make_shared<ApplyOpts>();
  auto* apply = net->add_subcommand("apply", "Write the changed ifcfg files and remove stale ones (recorded, undoable); --restart restarts networking, guarded");
  add_node_selection(apply, a->nodes, "apply it on");
  add_lock_wait(apply, a->nodes);
  apply->add_flag("--restart", a->restart,
                  "Then restart networking, one node at a time, each behind a guard that rolls back unless anvil reconnects");
  apply->add_option("--confirm-timeout", a->confirm_timeout,
                    "Seconds anvil has to reconnect after a restart before the node rolls back")
      ->check(CLI::Range(5, 3600))
      ->capture_default_str();
  apply->add_option("--restart-command", a->restart_command, "How the node restarts its networking")->capture_default_str();
  apply->callback([&selected, a] {
    selected.command = "net apply";
    selected.run = [a](Context& ctx) { return run_apply(ctx, *a); };
  });
}

}  // namespace anvil::cli
