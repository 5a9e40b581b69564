// `anvil drbd add|remove|list|render|diff|apply`: the cluster's DRBD
// resources in the plan, and their configuration on the nodes.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/unified_diff.hpp"
#include "drbd/render_83.hpp"
#include "drbd/sync.hpp"
#include "ipplan/ipplan.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "plan/drbd_plan.hpp"
#include "plan_views.hpp"

namespace anvil::cli {

void register_drbd_status(CLI::App& drbd, Selected& selected);   // drbd_status.cpp
void register_drbd_actions(CLI::App& drbd, Selected& selected);  // drbd_actions.cpp
void register_drbd_wait(CLI::App& drbd, Selected& selected);     // drbd_wait.cpp

namespace {

struct AddOpts {
  std::string name;
  std::vector<std::string> disks;
  std::optional<int> port, minor;
};

plan::Cluster chosen_plan(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  return ledger::load_cluster(db, ctx.cluster(db));
}

int run_list(Context& ctx) {
  auto c = chosen_plan(ctx);
  std::vector<std::string> head = {"RESOURCE", "DEVICE", "PORT"};
  for (auto& n : c.nodes) head.push_back(n.name);
  Table t{head, {}};
  json list = json::array();
  for (auto& r : c.drbd) {
    std::vector<std::string> row = {r.name, r.device(), std::to_string(r.port)};
    json disks = json::object();
    for (auto& n : c.nodes) {
      auto* d = r.disk_of(n.name);
      row.push_back(d ? d->disk : "-");
      disks[n.name] = d ? json(d->disk) : json(nullptr);
    }
    t.rows.push_back(row);
    list.push_back({{"name", r.name}, {"minor", r.minor}, {"device", r.device()}, {"port", r.port}, {"disks", disks}});
  }
  json settings = json::object();
  for (auto& key : plan::drbd_setting_keys()) settings[key] = plan::drbd_setting(c.drbd_settings, key);
  if (ctx.globals.json) {
    print_json(ctx.out, {{"cluster_name", c.name}, {"resources", list}, {"settings", settings}});
    return exit_ok;
  }
  if (c.drbd.empty())
    ctx.err << "anvil: cluster " << c.name << " has no DRBD resource yet; add one with `anvil drbd add r0 --disk "
            << (c.nodes.empty() ? "NODE" : c.nodes.front().name) << "=/dev/sda5 ...`\n";
  else
    print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

struct RenderOpts {
  std::string out;
};

int run_render(Context& ctx, const RenderOpts& o) {
  auto c = chosen_plan(ctx);
  auto files = drbd::render_drbd83(c);
  if (ctx.globals.json) {
    json list = json::array();
    for (auto& f : files) list.push_back({{"path", f.path}, {"content", f.content}});
    print_json(ctx.out, {{"profile", "el6"}, {"cluster_name", c.name}, {"files", list}});
    if (o.out.empty()) return exit_ok;
  } else if (o.out.empty()) {
    for (auto& f : files) ctx.out << "==> " << f.path << " <==\n" << f.content << '\n';
    return exit_ok;
  }
  for (auto& f : files) {
    auto target = std::filesystem::path(o.out) / f.path.substr(std::string("/etc/").size());
    if (ctx.globals.dry_run) {
      if (!ctx.globals.json) ctx.out << "would write " << target.string() << '\n';
      continue;
    }
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) throw failure("cannot create " + target.parent_path().string() + ": " + ec.message());
    std::ofstream file(target, std::ios::binary | std::ios::trunc);
    file << f.content;
    if (!file) throw failure("cannot write " + target.string());
  }
  if (!ctx.globals.dry_run && !ctx.globals.json) ctx.err << "anvil: wrote " << files.size() << " files to " << o.out << '\n';
  return exit_ok;
}

std::string state_name(const exec::FileState& s) {
  if (!s.differs()) return "same";
  if (!s.current) return "new";
  if (!s.wanted) return "stale";
  return "changed";
}

// Like diff(1): 0 when every node's files match the plan, 1 when one differs.
int run_diff(Context& ctx, const NodeArgs& args) {
  auto nodes = selected_nodes(ctx, args);
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<std::vector<exec::FileState>>(sessions, read_only, nullptr,
      [&](exec::Executor& ex, const node::NodeRef& ref) {
        return drbd::compare(ex, ledger::load_cluster(ctx.ledger_for_reading(), ref.cluster));
      });
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
    json files = json::array();
    for (auto& s : states) {
      auto diff = unified_diff(s.current.value_or(""), s.wanted.value_or(""), s.current ? r.node + ":" + s.path : "/dev/null",
                               s.wanted ? r.node + ":" + s.path + " (plan)" : "/dev/null");
      files.push_back({{"path", s.path}, {"state", state_name(s)}, {"diff", diff}});
      if (!ctx.globals.json) ctx.out << diff;
    }
    list.push_back({{"node", r.node}, {"ok", true}, {"differs", node_differs}, {"files", files}});
  }
  print_node_errors(ctx, results);
  if (ctx.globals.json) print_json(ctx.out, {{"differs", differs}, {"nodes", list}});
  int status = node::exit_status_for(results);
  if (status != exit_ok) return status;
  return differs ? exit_failed : exit_ok;
}

struct Applied {
  int changed = 0;
  std::string preview;  // drbdadm -d adjust all
  bool adjusted = false;
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int run_apply(Context& ctx, const NodeArgs& args) {
  auto nodes = selected_nodes(ctx, args);
  const bool adjust = ctx.globals.yes && !ctx.globals.dry_run;
  auto run = start_changing_run(ctx, "drbd apply", nodes, args);
  node::NodeSessions sessions(nodes);
  auto results = node::on_nodes<Applied>(sessions, run.settings, run.log.get(), [&](exec::Executor& ex, const node::NodeRef& ref) {
    Applied a;
    a.changed = exec::apply_file_states(ex, drbd::compare(ex, ledger::load_cluster(ctx.ledger_for_reading(), ref.cluster)));
    if (ctx.globals.dry_run) return a;  // the node still has its old files: a preview would tell about those
    a.preview = drbd::adjust_preview(ex);
    if (adjust && !a.preview.empty()) {
      drbd::adjust(ex);
      a.adjusted = true;
    }
    return a;
  });
  int changed = 0;
  bool pending = false;
  json list = json::array();
  for (auto& r : results) {
    if (r.ok()) changed += r.value->value.changed;
    json entry = {{"node", r.node}, {"ok", r.ok()}, {"error", error_json(r.error)}};
    if (r.ok()) {
      auto& a = r.value->value;
      entry["changed_files"] = a.changed;
      entry["planned"] = planned_json(r.value->planned);
      entry["adjust_commands"] = lines_of(a.preview);
      entry["adjusted"] = a.adjusted;
      pending = pending || (!a.preview.empty() && !a.adjusted);
    }
    list.push_back(entry);
    if (ctx.globals.json || !r.ok()) continue;
    auto& a = r.value->value;
    if (ctx.globals.dry_run) {
      print_planned(ctx, r.node, r.value->planned);
      continue;
    }
    ctx.out << r.node << ": " << (a.changed ? std::to_string(a.changed) + " file(s) changed" : "as planned already");
    if (a.preview.empty()) {
      ctx.out << "; DRBD runs as configured\n";
      continue;
    }
    ctx.out << (a.adjusted ? "; adjusted with:\n" : "; `drbdadm adjust all` would run:\n");
    for (auto& line : lines_of(a.preview)) ctx.out << "  " << line << '\n';
  }
  print_node_errors(ctx, results);
  int status = node::exit_status_for(results);
  if (run.log)
    run.log->finish_run(status, "DRBD configuration: " + std::to_string(changed) + " file(s) changed on " +
                                    std::to_string(results.size()) + " node(s); " + (adjust ? "adjusted" : "not adjusted"));
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"nodes", list}});
  else if (ctx.globals.dry_run)
    ctx.out << "would then show `drbdadm -d adjust all` on each node, and run `drbdadm adjust all` with --yes\n";
  else if (pending)
    ctx.err << "anvil: DRBD was not adjusted; check the commands above, then run again with --yes\n";
  return status;
}

}  // namespace

void register_drbd(CLI::App& app, Selected& selected) {
  auto* drbd = app.add_subcommand("drbd", "The DRBD resources: in the plan, on the nodes, their state and guarded actions");
  drbd->require_subcommand(1);

  auto a = std::make_shared<AddOpts>();
  auto* add = drbd->add_subcommand("add", "Plan a DRBD resource with a backing disk on each node");
  add->add_option("name", a->name, "The resource, e.g. r0")->required();
  add->add_option("--disk", a->disks, "NODE=DISK, once per node, e.g. --disk an-node01=/dev/sda5")->required();
  add->add_option("--port", a->port, "TCP port on the SN (default: the next free from 7788)");
  add->add_option("--minor", a->minor, "Device minor: /dev/drbdMINOR (default: the next free from 0)");
  add->callback([&selected, a] {
    selected.command = "drbd add";
    selected.run = [a](Context& ctx) {
      return run_plan_edit(ctx, "drbd add", [a](plan::Cluster c) {
        return plan::add_drbd_resource(std::move(c), a->name, a->disks, a->port, a->minor);
      });
    };
  });

  auto name = std::make_shared<std::string>();
  auto* remove = drbd->add_subcommand("remove", "Remove a DRBD resource from the plan (its .res file goes at the next apply)");
  remove->add_option("name", *name, "The resource")->required();
  remove->callback([&selected, name] {
    selected.command = "drbd remove";
    selected.run = [name](Context& ctx) {
      return run_plan_edit(ctx, "drbd remove", [name](plan::Cluster c) { return plan::remove_drbd_resource(std::move(c), *name); });
    };
  });

  auto* list = drbd->add_subcommand("list", "The planned resources (device, port, disks) and the settings they share");
  list->callback([&selected] {
    selected.command = "drbd list";
    selected.run = [](Context& ctx) { return run_list(ctx); };
  });

  auto r = std::make_shared<RenderOpts>();
  auto* render = drbd->add_subcommand("render", "Print (or write to --out DIR) drbd.conf, global_common.conf and one .res per resource");
  render->add_option("--out", r->out, "Write DIR/drbd.conf and DIR/drbd.d/* instead of printing");
  render->callback([&selected, r] {
    selected.command = "drbd render";
    selected.run = [r](Context& ctx) { return run_render(ctx, *r); };
  });

  auto d = std::make_shared<NodeArgs>();
  auto* diff = drbd->add_subcommand("diff", "Compare the nodes' DRBD configuration with the plan (exit 1 when it differs)");
  add_node_selection(diff, *d, "compare");
  diff->callback([&selected, d] {
    selected.command = "drbd diff";
    selected.run = [d](Context& ctx) { return run_diff(ctx, *d); };
  });

  auto ap = std::make_shared<NodeArgs>();
  auto* apply = drbd->add_subcommand(
      "apply", "Write the configuration (recorded, undoable), show `drbdadm -d adjust all`; with --yes run `drbdadm adjust all`");
  add_node_selection(apply, *ap, "apply it on");
  add_lock_wait(apply, *ap);
  apply->callback([&selected, ap] {
    selected.command = "drbd apply";
    selected.run = [ap](Context& ctx) { return run_apply(ctx, *ap); };
  });

  register_drbd_status(*drbd, selected);
  register_drbd_actions(*drbd, selected);
  register_drbd_wait(*drbd, selected);
}

}  // namespace anvil::cli
