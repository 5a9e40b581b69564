// `anvil storage init|lv create|lv remove|status|check`: the one-time
// creation of the clustered storage, the guests' LVs, and the storage's
// state and monitoring check.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "check_output.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "exec/recording.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "output.hpp"
#include "storage/check.hpp"
#include "storage/from_plan.hpp"
#include "storage/node_read.hpp"
#include "storage/operations.hpp"
#include "vm/guests.hpp"

namespace anvil::cli {
namespace {

struct Scope {
  plan::Cluster cluster;
  std::vector<node::NodeRef> nodes;
};

Scope scope_of(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  return {c, nodes_of_cluster(ctx, c.name)};
}

// Both nodes' storage, read at once; any node that cannot be read stops
// the command: a refusal cannot judge what it cannot see.
std::vector<storage::NodeStorage> read_all(node::NodeSessions& sessions) {
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<storage::NodeStorage>(sessions, read_only, nullptr,
                                                      [](exec::Executor& ex, const node::NodeRef&) { return storage::read_node_storage(ex); });
  std::vector<storage::NodeStorage> out;
  for (auto& r : results) {
    if (!r.ok()) throw Error(r.error->kind(), r.node + ": " + r.error->what());
    out.push_back(r.value->value);
  }
  return out;
}

json steps_json(const std::vector<storage::StepDone>& steps) {
  json list = json::array();
  for (auto& s : steps) list.push_back({{"node", s.node}, {"command", s.command}, {"output", s.output}});
  return list;
}

void print_refusal(Context& ctx, const std::string& what, const std::vector<std::string>& why) {
  print_error(ctx.err, "refused to " + what + "; nothing was changed:", "", false, ctx.color_stderr());
  for (auto& w : why) ctx.err << "  " << w << '\n';
}

// lv create/remove refused: the reasons, as text or as the JSON document.
int refuse_lv(Context& ctx, const std::string& what, const std::string& node, const std::vector<std::string>& why) {
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", nullptr}, {"node", node}, {"command", nullptr}, {"refused", why}});
  else
    print_refusal(ctx, what, why);
  return exit_failed;
}

int run_init(Context& ctx) {
  auto s = scope_of(ctx);
  std::vector<std::string> names;
  for (auto& n : s.nodes) names.push_back(n.node.name);
  auto planned = storage::planned_init(s.cluster, names);  // validates the layout first
  node::NodeSessions sessions(s.nodes);
  auto states = read_all(sessions);
  auto blockers = storage::init_blockers(s.cluster, states);
  if (!blockers.empty()) {
    if (ctx.globals.json)
      print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", nullptr}, {"refused", blockers}, {"steps", steps_json(planned)}});
    else
      print_refusal(ctx, "initialise the clustered storage", blockers);
    return exit_failed;
  }
  if (ctx.globals.dry_run) {
    if (ctx.globals.json) {
      print_json(ctx.out, {{"dry_run", true}, {"run_id", nullptr}, {"refused", json::array()}, {"steps", steps_json(planned)}});
      return exit_ok;
    }
    for (auto& p : planned) ctx.out << "would run on " << p.node << ": " << p.command << '\n';
    return exit_ok;
  }
  confirm_destructive(ctx, "Create the PVs, clustered VGs and the GFS2 filesystem on " + s.cluster.name + "'s DRBD devices?",
                      "storage init writes PV labels and a filesystem: confirm with --yes, or run it at a terminal to be asked");
  NodeArgs args;
  auto run = start_changing_run(ctx, "storage init", s.nodes, args, s.cluster.name);
  std::vector<std::unique_ptr<exec::SessionExecutor>> real;
  std::vector<std::unique_ptr<exec::RecordingExecutor>> recording;
  std::vector<exec::Executor*> executors;
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    sessions.lock(i, run.settings.holder, run.settings.lock_wait);
    real.push_back(std::make_unique<exec::SessionExecutor>(sessions.session(i)));
    recording.push_back(std::make_unique<exec::RecordingExecutor>(*real.back(), *run.log));
    executors.push_back(recording.back().get());
  }
  std::vector<storage::StepDone> done;
  try {
    done = storage::run_init(s.cluster, executors);
  } catch (const Error& e) {
    run.log->finish_run(exit_code_for(e.kind()), std::string("storage init failed: ") + e.what());
    throw;
  }
  run.log->finish_run(exit_ok, "clustered storage initialised: " + std::to_string(done.size()) + " steps");
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", false}, {"run_id", run.log->run_id()}, {"refused", json::array()}, {"steps", steps_json(done)}});
    return exit_ok;
  }
  for (auto& d : done) ctx.out << "ran on " << d.node << ": " << d.command << '\n';
  return exit_ok;
}

struct LvOpts {
  std::string lv;
  std::string size;
  std::string transport = "auto";
};

// One command on the first node, under its lock, recorded.
int run_lv_command(Context& ctx, const Scope& s, node::NodeSessions& sessions, const std::string& what, const std::string& command) {
  if (ctx.globals.dry_run) {
    if (ctx.globals.json)
      print_json(ctx.out, {{"dry_run", true}, {"run_id", nullptr}, {"node", s.nodes.front().node.name}, {"command", command},
                           {"refused", json::array()}});
    else
      ctx.out << "would run on " << s.nodes.front().node.name << ": " << command << '\n';
    return exit_ok;
  }
  NodeArgs args;
  auto run = start_changing_run(ctx, "storage lv " + what, {s.nodes.front()}, args, s.cluster.name);
  sessions.lock(0, run.settings.holder, run.settings.lock_wait);
  exec::SessionExecutor real(sessions.session(0));
  exec::RecordingExecutor recording(real, *run.log);
  auto r = recording.run({command, "", std::chrono::minutes(5), true});
  if (!r.ok()) {
    auto why = r.err.empty() ? r.out : r.err;
    run.log->finish_run(exit_failed, command + " failed");
    throw failure(command + " failed on " + s.nodes.front().node.name + " (" + r.describe() + "): " + why.substr(0, why.find('\n')));
  }
  run.log->finish_run(exit_ok, command);
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", false}, {"run_id", run.log->run_id()}, {"node", s.nodes.front().node.name}, {"command", command},
                         {"refused", json::array()}});
  else
    ctx.out << "ran on " << s.nodes.front().node.name << ": " << command << '\n';
  return exit_ok;
}

int run_lv_create(Context& ctx, const LvOpts& o) {
  auto s = scope_of(ctx);
  auto [vg, lv] = storage::guest_lv(s.cluster, o.lv);
  auto command = storage::lv_create_command(vg, lv, o.size);
  node::NodeSessions sessions(s.nodes);
  auto states = read_all(sessions);
  auto blockers = storage::lv_create_blockers(s.cluster, vg, lv, states.front());
  if (!blockers.empty()) return refuse_lv(ctx, "create " + vg + "/" + lv, s.nodes.front().node.name, blockers);
  return run_lv_command(ctx, s, sessions, "create", command);
}

int run_lv_remove(Context& ctx, const LvOpts& o) {
  auto s = scope_of(ctx);
  auto [vg, lv] = storage::guest_lv(s.cluster, o.lv);
  node::NodeSessions sessions(s.nodes);
  auto states = read_all(sessions);
  // A guest is "defined" when any node's libvirtd has it (not only running).
  vm::GuestNodes guests(s.cluster, s.nodes, vm::transport_named(o.transport));
  auto blockers = storage::lv_remove_blockers(s.cluster, vg, lv, states, [&](const std::string& name) { return !vm::locate(guests, name).empty(); });
  if (!blockers.empty()) return refuse_lv(ctx, "remove " + vg + "/" + lv, s.nodes.front().node.name, blockers);
  confirm_destructive(ctx, "Remove " + vg + "/" + lv + " and everything on it?",
                      "storage lv remove destroys the LV's data: confirm with --yes, or run it at a terminal to be asked");
  return run_lv_command(ctx, s, sessions, "remove", storage::lv_remove_command(vg, lv));
}

storage::FreeThresholds thresholds;  // --free-warning/--free-critical of `storage check`
bool print_script = false;           // `storage status --print-script`

std::vector<Gathered<storage::NodeStorage>> gather(Context& ctx, const StatusOpts& o) {
  return gather_states<storage::NodeStorage>(
      ctx, o.nodes, o.from,
      [&](const std::string& text, const std::string&) {
        auto nodes = selected_nodes(ctx, o.nodes);
        return storage::parse_node_storage(nodes.front().node.name, text);
      },
      [](exec::Executor& ex) { return storage::read_node_storage(ex); });
}

int run_status(Context& ctx, const StatusOpts& o) {
  if (print_script) {
    ctx.out << storage::read_script();
    return exit_ok;
  }
  auto gathered = gather(ctx, o);
  Table t{{"NODE", "VG", "CLUSTERED", "SIZE", "FREE", "LVS", "GFS2"}, {}};
  json list = json::array();
  int status = exit_ok;
  for (auto& g : gathered) {
    if (report_unreadable(ctx, g.ref.node.name, g.error, gathered.size(), list, status)) continue;
    auto c = ledger::load_cluster(ctx.ledger_for_reading(), g.ref.cluster);
    const auto& st = g.state;
    std::string mounted = "-";
    json gfs2 = nullptr;
    if (c.gfs2) {
      auto m = storage::mounted_at(st.mounts, c.gfs2->mount_point);
      mounted = m ? c.gfs2->mount_point + " (" + m->fstype + ")" : c.gfs2->mount_point + " NOT MOUNTED";
      gfs2 = {{"mount_point", c.gfs2->mount_point}, {"mounted", m.has_value()}, {"fstype", m ? json(m->fstype) : json(nullptr)}};
    }
    json vgs = json::array();
    for (auto& v : st.vgs) {
      int lvs = 0;
      json lv_list = json::array();
      for (auto& l : st.lvs)
        if (l.vg == v.name) {
          ++lvs;
          lv_list.push_back({{"name", l.name}, {"size_kib", l.size_kib}, {"active", l.active}, {"open", l.open}});
        }
      t.rows.push_back({g.ref.node.name, v.name, v.clustered ? "yes" : "NO", std::to_string(v.size_kib / 1024) + " MiB",
                        std::to_string(v.free_kib / 1024) + " MiB", std::to_string(lvs), mounted});
      vgs.push_back({{"name", v.name}, {"clustered", v.clustered}, {"size_kib", v.size_kib}, {"free_kib", v.free_kib}, {"lvs", lv_list}});
    }
    if (st.vgs.empty()) t.rows.push_back({g.ref.node.name, "-", "-", "-", "-", "-", mounted});
    list.push_back({{"node", g.ref.node.name}, {"ok", true}, {"clvmd_running", st.clvmd_running.value_or(false)},
                    {"lvm_conf_clustered", st.lvm_conf ? json(st.lvm_conf->clustered()) : json(nullptr)}, {"vgs", vgs}, {"gfs2", gfs2}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"nodes", list}});
  else if (!t.rows.empty())
    print_table(ctx.out, t, ctx.color_stdout());
  return status;
}

int run_check(Context& ctx, const StatusOpts& o) {
  storage::validate_thresholds(thresholds);
  std::vector<check::Finding> findings;
  std::vector<storage::NodeStorage> read;
  std::optional<plan::Cluster> cluster;
  for (auto& g : gather(ctx, o)) {
    if (!cluster) cluster = ledger::load_cluster(ctx.ledger_for_reading(), g.ref.cluster);
    if (g.error) {
      findings.push_back({check::Severity::unknown, "storage.node-unreadable", g.ref.node.name,
                          std::string("cannot read the storage: ") + g.error->what(), "anvil node ping " + g.ref.node.name});
      continue;
    }
    read.push_back(g.state);
  }
  std::vector<check::Perf> perf;
  if (cluster) {
    auto layout = storage::layout_of(*cluster);
    auto found = storage::check_storage(layout, read, thresholds);
    findings.insert(findings.end(), found.begin(), found.end());
    perf = storage::storage_perfdata(layout, read, thresholds);
  }
  return print_findings(ctx, "STORAGE", o.format, std::move(findings), perf);
}

}  // namespace

void register_storage_ops(CLI::App& storage, Selected& selected) {
  auto* init = storage.add_subcommand("init", "Create, once, the PVs, clustered VGs, the GFS2 LV and filesystem, its fstab line and mounts (--yes)");
  init->callback([&selected] {
    selected.command = "storage init";
    selected.run = [](Context& ctx) { return run_init(ctx); };
  });

  auto* lv = storage.add_subcommand("lv", "Guests' logical volumes in the clustered VGs");
  lv->require_subcommand(1);
  auto o = std::make_shared<LvOpts>();
  auto* create = lv->add_subcommand("create", "Create a guest's LV (from the first node; clvmd shows it on both)");
  create->add_option("lv", o->lv, "The LV: VG/LV or /dev/VG/LV (a guest's --disk-lv)")->required();
  create->add_option("--size", o->size, "Its size: 20G, 512M, or 100%FREE")->required();
  create->callback([&selected, o] {
    selected.command = "storage lv create";
    selected.run = [o](Context& ctx) { return run_lv_create(ctx, *o); };
  });
  auto* remove = lv->add_subcommand("remove", "Remove a guest's LV; refused while a node holds it open or a guest using it is defined (--yes)");
  remove->add_option("lv", o->lv, "The LV: VG/LV or /dev/VG/LV")->required();
  remove->add_option("--transport", o->transport, "How to ask libvirt which guests are defined: libvirt, virsh, auto")
      ->check(CLI::IsMember({"auto", "libvirt", "virsh"}))
      ->capture_default_str();
  remove->callback([&selected, o] {
    selected.command = "storage lv remove";
    selected.run = [o](Context& ctx) { return run_lv_remove(ctx, *o); };
  });

  register_status_commands(storage, selected,
                           {"storage", "Per node: the VGs (clustered?, size, free), their LVs, the GFS2 mount, clvmd",
                            "Judge the clustered storage against the plan, as a monitoring check (exit 0/1/2/3)",
                            "Read a capture instead of the node: the output of the storage read script (see anvil-storage(1)); - for stdin",
                            run_status, run_check});
  storage.get_subcommand("status")->add_flag("--print-script", print_script,
                                             "Print the script that reads a node's storage (its output is what --from reads), and stop");
  auto* check = storage.get_subcommand("check");
  check->add_option("--free-warning", thresholds.warning_percent, "WARNING when a VG has less free space than this, in percent")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
  check->add_option("--free-critical", thresholds.critical_percent, "CRITICAL when a VG has less free space than this, in percent")
      ->check(CLI::Range(0.0, 100.0))
      ->capture_default_str();
}

}  // namespace anvil::cli
