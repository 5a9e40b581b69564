// `anvil storage add-vg|remove-vg|gfs2|list|render|diff|apply`: clustered
// LVM and GFS2 in the plan, and the two files they need on each node
// (lvm.conf set for clvmd, the GFS2 line in /etc/fstab), edited in place.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/unified_diff.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "output.hpp"
#include "plan/storage_plan.hpp"
#include "plan_views.hpp"
#include "storage/fstab.hpp"
#include "storage/from_plan.hpp"
#include "storage/lvm_conf.hpp"

namespace anvil::cli {

void register_storage_ops(CLI::App& storage, Selected& selected);  // storage_ops.cpp

namespace {

plan::Cluster chosen(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  return ledger::load_cluster(db, ctx.cluster(db));
}

int run_list(Context& ctx) {
  auto c = chosen(ctx);
  json vgs = json::array();
  Table t{{"VG", "DRBD", "DEVICE", "GUEST DISKS"}, {}};
  for (auto& v : c.storage_vgs) {
    auto* r = c.drbd_resource(v.drbd);
    std::string disks;
    json guests = json::array();
    for (auto& g : c.vms)
      if (plan::vg_of_disk(c, g.disk_lv) == &v) {
        disks += (disks.empty() ? "" : ",") + g.name;
        guests.push_back(g.name);
      }
    t.rows.push_back({v.name, v.drbd, r ? r->device() : "?", disks.empty() ? "-" : disks});
    vgs.push_back({{"name", v.name}, {"drbd", v.drbd}, {"device", r ? json(r->device()) : json(nullptr)}, {"guests", guests}});
  }
  json fs = nullptr;
  if (c.gfs2)
    fs = {{"vg", c.gfs2->vg}, {"lv", c.gfs2->lv}, {"size", c.gfs2->size}, {"name", c.gfs2->name},
          {"mount_point", c.gfs2->mount_point}, {"journals", c.gfs2->journals}, {"lock_table", c.name + ":" + c.gfs2->name}};
  if (ctx.globals.json) {
    print_json(ctx.out, {{"cluster_name", c.name}, {"vgs", vgs}, {"gfs2", fs}});
    return exit_ok;
  }
  if (c.storage_vgs.empty()) {
    ctx.err << "anvil: no clustered VG in the plan of " << c.name << "; plan one with `anvil storage add-vg VG --drbd RES`\n";
    return exit_ok;
  }
  print_table(ctx.out, t, ctx.color_stdout());
  if (c.gfs2)
    ctx.out << "\nGFS2 " << c.gfs2->mount_point << ": /dev/" << c.gfs2->vg << "/" << c.gfs2->lv << ", " << c.gfs2->size << ", lock table "
            << c.name << ":" << c.gfs2->name << ", " << c.gfs2->journals << " journals\n";
  return exit_ok;
}

// The settings for `node` as lvm.conf takes them, and the fstab line: what
// `apply` puts into the node's own files.
int run_render(Context& ctx, const std::string& node) {
  auto c = chosen(ctx);
  if (!c.node(node)) throw usage_error("no node " + node + " in cluster " + c.name);
  auto layout = storage::layout_of(c);
  auto settings = storage::set_clustered_locking("", storage::filter_for(c, node));
  settings.erase(0, settings.find_first_not_of('\n'));
  std::string fstab = layout.gfs2 ? storage::fstab_line(*layout.gfs2) : "";
  if (ctx.globals.json) {
    print_json(ctx.out, {{"node", node}, {"lvm_conf", {{"locking_type", 3}, {"fallback_to_local_locking", 0},
                                                      {"filter", storage::filter_for(c, node)}}},
                         {"lvm_conf_text", settings}, {"fstab_line", layout.gfs2 ? json(fstab) : json(nullptr)}});
    return exit_ok;
  }
  ctx.out << "==> " << storage::lvm_conf_path << " (these settings; every other line of the node's file stays) <==\n"
          << settings;
  if (layout.gfs2)
    ctx.out << "==> " << storage::fstab_path << " (this line; by UUID once `anvil storage init` made the filesystem) <==\n" << fstab
            << (fstab.empty() || fstab.back() == '\n' ? "" : "\n");
  return exit_ok;
}

std::string state_name(const exec::FileState& s) {
  if (!s.differs()) return "same";
  return s.current ? "changed" : "new";
}

int run_diff(Context& ctx, const NodeArgs& args) {
  auto nodes = selected_nodes(ctx, args);
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<std::vector<exec::FileState>>(sessions, read_only, nullptr, [&](exec::Executor& ex, const node::NodeRef& ref) {
    return storage::compare(ex, ledger::load_cluster(ctx.ledger_for_reading(), ref.cluster));
  });
  bool differs = false;
  json list = json::array();
  for (auto& r : results) {
    if (!r.ok()) {
      list.push_back({{"node", r.node}, {"ok", false}, {"error", error_json(r.error)}});
      continue;
    }
    json files = json::array();
    bool node_differs = false;
    for (auto& s : r.value->value) {
      node_differs = node_differs || s.differs();
      auto diff = unified_diff(s.current.value_or(""), s.wanted.value_or(""), s.current ? r.node + ":" + s.path : "/dev/null",
                               r.node + ":" + s.path + " (plan)");
      files.push_back({{"path", s.path}, {"state", state_name(s)}, {"diff", diff}});
      if (!ctx.globals.json) ctx.out << diff;
    }
    differs = differs || node_differs;
    list.push_back({{"node", r.node}, {"ok", true}, {"differs", node_differs}, {"files", files}});
  }
  print_node_errors(ctx, results);
  if (ctx.globals.json) print_json(ctx.out, {{"differs", differs}, {"nodes", list}});
  int status = node::exit_status_for(results);
  if (status != exit_ok) return status;
  return differs ? exit_failed : exit_ok;
}

int run_apply(Context& ctx, const NodeArgs& args) {
  auto nodes = selected_nodes(ctx, args);
  auto run = start_changing_run(ctx, "storage apply", nodes, args);
  node::NodeSessions sessions(nodes);
  auto results = node::on_nodes<int>(sessions, run.settings, run.log.get(), [&](exec::Executor& ex, const node::NodeRef& ref) {
    return exec::apply_file_states(ex, storage::compare(ex, ledger::load_cluster(ctx.ledger_for_reading(), ref.cluster)));
  });
  int changed = 0;
  json list = json::array();
  for (auto& r : results) {
    json entry = {{"node", r.node}, {"ok", r.ok()}, {"error", error_json(r.error)}};
    if (r.ok()) {
      changed += r.value->value;
      entry["changed_files"] = r.value->value;
      entry["planned"] = planned_json(r.value->planned);
    }
    list.push_back(entry);
    if (ctx.globals.json || !r.ok()) continue;
    if (ctx.globals.dry_run)
      print_planned(ctx, r.node, r.value->planned);
    else
      ctx.out << r.node << ": " << (r.value->value ? std::to_string(r.value->value) + " file(s) changed" : "as planned already") << '\n';
  }
  print_node_errors(ctx, results);
  int status = node::exit_status_for(results);
  if (run.log) run.log->finish_run(status, "clustered storage files: " + std::to_string(changed) + " file(s) changed");
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)}, {"nodes", list}});
  else if (!ctx.globals.dry_run && changed)
    ctx.err << "anvil: restart clvmd on each node for lvm.conf to take effect (`/etc/init.d/clvmd restart`); undo with `anvil history undo`\n";
  return status;
}

}  // namespace

void register_storage(CLI::App& app, Selected& selected) {
  auto* storage = app.add_subcommand("storage", "Clustered LVM and GFS2 on the DRBD devices: plan, lvm.conf and fstab, init, guest LVs, checks");
  storage->require_subcommand(1);

  auto vg = std::make_shared<std::pair<std::string, std::string>>();
  auto* add = storage->add_subcommand("add-vg", "Plan a clustered VG on a DRBD resource's device");
  add->add_option("name", vg->first, "The VG, e.g. an-cluster-01-vg0")->required();
  add->add_option("--drbd", vg->second, "The DRBD resource whose device is its PV, e.g. r0")->required();
  add->callback([&selected, vg] {
    selected.command = "storage add-vg";
    selected.run = [vg](Context& ctx) {
      return run_plan_edit(ctx, "storage add-vg", [vg](plan::Cluster c) { return plan::add_storage_vg(std::move(c), vg->first, vg->second); });
    };
  });

  auto gone = std::make_shared<std::string>();
  auto* remove = storage->add_subcommand("remove-vg", "Remove a clustered VG from the plan (not from the nodes)");
  remove->add_option("name", *gone, "The VG")->required();
  remove->callback([&selected, gone] {
    selected.command = "storage remove-vg";
    selected.run = [gone](Context& ctx) {
      return run_plan_edit(ctx, "storage remove-vg", [gone](plan::Cluster c) { return plan::remove_storage_vg(std::move(c), *gone); });
    };
  });

  auto fs = std::make_shared<plan::Gfs2Spec>();
  auto* gfs2 = storage->add_subcommand("gfs2", "Plan (or change) the GFS2 filesystem for /shared: its VG, LV, size, name, mount point, journals");
  gfs2->add_option("--vg", fs->vg, "Its clustered VG (default: the first)");
  gfs2->add_option("--lv", fs->lv, "Its LV (default: shared)");
  gfs2->add_option("--size", fs->size, "Its size: 40G, 512M, or 100%FREE (default: 40G)");
  gfs2->add_option("--name", fs->name, "The lock table's filesystem name, CLUSTER:NAME (default: shared)");
  gfs2->add_option("--mount-point", fs->mount_point, "Where both nodes mount it (default: /shared)");
  gfs2->add_option("--journals", fs->journals, "Journals, one per node that mounts it (default: 2)")->check(CLI::Range(1, 16));
  auto drop = std::make_shared<bool>(false);
  gfs2->add_flag("--remove", *drop, "Take the filesystem out of the plan (not off the nodes)");
  gfs2->callback([&selected, fs, drop] {
    selected.command = "storage gfs2";
    selected.run = [fs, drop](Context& ctx) {
      if (*drop && (fs->vg || fs->lv || fs->size || fs->name || fs->mount_point || fs->journals))
        throw usage_error("--remove takes no other option");
      return run_plan_edit(ctx, "storage gfs2", [fs, drop](plan::Cluster c) {
        return *drop ? plan::remove_gfs2(std::move(c)) : plan::set_gfs2(std::move(c), *fs);
      });
    };
  });

  auto* list = storage->add_subcommand("list", "The planned clustered VGs (their DRBD resource, the guests' disks on them) and the GFS2 filesystem");
  list->callback([&selected] {
    selected.command = "storage list";
    selected.run = [](Context& ctx) { return run_list(ctx); };
  });

  auto node = std::make_shared<std::string>();
  auto* render = storage->add_subcommand("render", "Print a node's lvm.conf settings for clvmd (locking, filter) and the GFS2 fstab line");
  render->add_option("node", *node, "The node (its DRBD backing disks go into the filter)")->required();
  render->callback([&selected, node] {
    selected.command = "storage render";
    selected.run = [node](Context& ctx) { return run_render(ctx, *node); };
  });

  auto diff = std::make_shared<NodeArgs>();
  auto* diff_cmd = storage->add_subcommand("diff", "Compare the nodes' lvm.conf and /etc/fstab with the plan (exit 1 when they differ)");
  add_node_selection(diff_cmd, *diff, "compare");
  diff_cmd->callback([&selected, diff] {
    selected.command = "storage diff";
    selected.run = [diff](Context& ctx) { return run_diff(ctx, *diff); };
  });

  auto apply = std::make_shared<NodeArgs>();
  auto* apply_cmd = storage->add_subcommand("apply", "Edit the nodes' lvm.conf (only the clvmd settings) and /etc/fstab; recorded, undoable");
  add_node_selection(apply_cmd, *apply, "change");
  add_lock_wait(apply_cmd, *apply);
  apply_cmd->callback([&selected, apply] {
    selected.command = "storage apply";
    selected.run = [apply](Context& ctx) { return run_apply(ctx, *apply); };
  });

  register_storage_ops(*storage, selected);
}

}  // namespace anvil::cli
