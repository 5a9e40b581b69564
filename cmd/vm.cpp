// `anvil vm add|render|list|info|define|start|shutdown|destroy|undefine|
// migrate`: the guests in the plan and on the nodes' libvirtds. Parses and
// prints; the work is pkg/vm's.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <ostream>

#include "cluster/render_conf.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "output.hpp"
#include "plan/vm_plan.hpp"
#include "plan_views.hpp"
#include "progress.hpp"
#include "vm/domain_xml.hpp"
#include "vm/guests.hpp"

namespace anvil::cli {
namespace {

struct VmOpts {
  std::string name;
  std::string node;
  std::string transport = "auto";
  int lock_wait = 30;
  int timeout = 120;  // shutdown: seconds to wait for the guest to be off
  std::string to;
  std::string from;
  bool all = false;
};

plan::Cluster chosen_cluster(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  return ledger::load_cluster(db, ctx.cluster(db));
}

std::string ram_of(std::int64_t kib) { return kib > 0 ? plan::ram_text(static_cast<int>(kib / 1024)) : "-"; }

vm::GuestNodes guest_nodes(Context& ctx, const VmOpts& o) {
  auto c = chosen_cluster(ctx);
  return vm::GuestNodes(c, nodes_of_cluster(ctx, c.name), vm::transport_named(o.transport));
}

int run_render(Context& ctx, const VmOpts& o) {
  auto c = chosen_cluster(ctx);
  auto* v = c.vm(o.name);
  if (!v) throw failure("no guest '" + o.name + "' in the plan of cluster " + c.name + "; `anvil vm list` shows them");
  auto xml = vm::render_domain_xml(c, *v);
  auto entry = cluster::render_vm_entry(c, *v);
  if (ctx.globals.json) {
    print_json(ctx.out, {{"name", v->name}, {"domain_xml", xml}, {"cluster_conf_vm", entry}});
    return exit_ok;
  }
  ctx.out << xml;
  ctx.err << "anvil: its rgmanager entry in cluster.conf (`anvil cluster render`): " << entry << '\n';
  return exit_ok;
}

int run_list(Context& ctx, const VmOpts& o) {
  auto c = chosen_cluster(ctx);
  auto nodes = nodes_of_cluster(ctx, c.name);
  auto read = vm::list_guests(c, nodes, vm::transport_named(o.transport));
  Table t{{"NAME", "STATE", "NODE", "RAM", "VCPUS", "PREFERS", "PLAN"}, {}};
  json guests = json::array();
  json node_list = json::array();
  int status = exit_ok;
  std::vector<std::string> seen;
  for (auto& n : read) {
    if (report_unreadable(ctx, n.node, n.error, read.size(), node_list, status)) continue;
    node_list.push_back({{"node", n.node}, {"ok", true}, {"error", nullptr}});
    for (auto& d : n.domains) {
      auto* p = c.vm(d.name);
      seen.push_back(d.name);
      t.rows.push_back({d.name, d.state, n.node, ram_of(d.max_memory_kib), std::to_string(d.vcpus),
                        p ? plan::home_of(c, *p).name : "-", p ? "yes" : "NOT IN PLAN"});
      guests.push_back({{"name", d.name}, {"state", d.state}, {"node", n.node}, {"ram_mib", d.max_memory_kib / 1024},
                        {"vcpus", d.vcpus}, {"persistent", d.persistent}, {"in_plan", p != nullptr},
                        {"preferred_node", p ? json(plan::home_of(c, *p).name) : json(nullptr)}});
    }
  }
  // A planned guest no node has: "not defined", unless a node could not be
  // read, where it may be.
  const std::string absent = status == exit_ok ? "not defined" : "unknown";
  for (auto& v : c.vms) {
    if (std::find(seen.begin(), seen.end(), v.name) != seen.end()) continue;
    t.rows.push_back({v.name, absent, "-", v.ram_mib ? plan::ram_text(*v.ram_mib) : "-", v.vcpus ? std::to_string(*v.vcpus) : "-",
                      plan::home_of(c, v).name, "yes"});
    guests.push_back({{"name", v.name}, {"state", absent}, {"node", nullptr}, {"ram_mib", v.ram_mib ? json(*v.ram_mib) : json(nullptr)},
                      {"vcpus", v.vcpus ? json(*v.vcpus) : json(nullptr)}, {"persistent", false}, {"in_plan", true},
                      {"preferred_node", plan::home_of(c, v).name}});
  }
  if (ctx.globals.json) {
    print_json(ctx.out, {{"cluster_name", c.name}, {"transport", vm::transport_name(vm::transport_named(o.transport))},
                         {"nodes", node_list}, {"guests", guests}});
    return status;
  }
  print_table(ctx.out, t, ctx.color_stdout());
  return status;
}

int run_info(Context& ctx, const VmOpts& o) {
  auto g = guest_nodes(ctx, o);
  const auto& c = g.cluster();
  auto* v = c.vm(o.name);
  auto where = vm::locate(g, o.name);
  if (!v && where.empty()) throw failure("no guest '" + o.name + "' in the plan of cluster " + c.name + " nor on its nodes; `anvil vm list` shows them");
  json places = json::array();
  for (auto& p : where)
    places.push_back({{"node", g.nodes()[p.node].node.name}, {"state", p.domain.state}, {"uuid", p.domain.uuid},
                      {"ram_mib", p.domain.max_memory_kib / 1024}, {"vcpus", p.domain.vcpus}, {"persistent", p.domain.persistent},
                      {"matches_plan", v && p.domain.uuid == vm::guest_uuid(c, *v)}});
  if (ctx.globals.json) {
    json planned = nullptr;
    if (v)
      planned = {{"address", v->address.ip.str()}, {"ram_mib", v->ram_mib ? json(*v->ram_mib) : json(nullptr)},
                 {"vcpus", v->vcpus ? json(*v->vcpus) : json(nullptr)}, {"disk_lv", v->disk_lv.empty() ? json(nullptr) : json(v->disk_lv)},
                 {"preferred_node", plan::home_of(c, *v).name}, {"boot", plan::vm_field(*v, c, "boot")}, {"uuid", vm::guest_uuid(c, *v)},
                 {"mac", vm::guest_mac(c, *v)}};
    print_json(ctx.out, {{"name", o.name}, {"plan", planned}, {"defined_on", places}});
    return exit_ok;
  }
  ctx.out << "guest:      " << o.name << '\n';
  if (v) {
    ctx.out << "address:    " << v->address.ip.str() << " (IFN)\n"
            << "ram:        " << plan::vm_field(*v, c, "ram") << "\nvcpus:      " << plan::vm_field(*v, c, "vcpus")
            << "\ndisk:       " << plan::vm_field(*v, c, "disk-lv") << "\nprefers:    " << plan::home_of(c, *v).name
            << "\nboot:       " << plan::vm_field(*v, c, "boot") << "\nmac:        " << vm::guest_mac(c, *v) << '\n';
  } else {
    ctx.out << "plan:       NOT IN PLAN (add it with `anvil vm add " << o.name << " ...`)\n";
  }
  if (where.empty()) ctx.out << "defined:    nowhere (`anvil vm define " << o.name << "`)\n";
  for (auto& p : where)
    ctx.out << "on " << g.nodes()[p.node].node.name << ":  " << p.domain.state << ", " << ram_of(p.domain.max_memory_kib) << ", "
            << p.domain.vcpus << " vCPUs" << (p.domain.persistent ? "" : ", transient")
            << (v && p.domain.uuid != vm::guest_uuid(c, *v) ? " (not anvil's definition: its UUID differs from the plan's)" : "") << '\n';
  return exit_ok;
}

// define, start, shutdown, destroy, undefine: one guest, one node, recorded.
using Operation = std::function<vm::OpResult(vm::GuestNodes&, const vm::OpSettings&)>;

int run_operation(Context& ctx, const VmOpts& o, const std::string& action, const Operation& op) {
  auto g = guest_nodes(ctx, o);
  NodeArgs args;
  args.lock_wait = o.lock_wait;
  auto run = start_changing_run(ctx, "vm " + action, g.nodes(), args, g.cluster().name);
  vm::OpSettings s{run.log.get(), run.settings.holder, run.settings.lock_wait};
  vm::OpResult r;
  try {
    r = op(g, s);
  } catch (const Error& e) {
    if (run.log) run.log->finish_run(exit_code_for(e.kind()), "vm " + action + " " + o.name + ": " + e.what());
    throw;
  }
  const int status = r.outcome == "timed-out" ? exit_failed : exit_ok;
  if (run.log) run.log->finish_run(status, r.message);
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"guest", r.guest}, {"node", r.node}, {"action", r.action}, {"outcome", r.outcome}, {"message", r.message},
                         {"took_ms", r.took_ms}});
    return status;
  }
  (status == exit_ok ? ctx.out : ctx.err) << (status == exit_ok ? "" : "anvil: ") << r.message << '\n';
  return status;
}

int run_migrate(Context& ctx, const VmOpts& o) {
  if (o.all && !o.name.empty()) throw usage_error("give a guest or --all --from NODE, not both");
  if (!o.all && o.name.empty()) throw usage_error("name the guest to migrate, or empty a node with --all --from NODE");
  if (o.all && o.from.empty()) throw usage_error("--all needs --from NODE: the node to empty");
  auto g = guest_nodes(ctx, o);
  std::vector<std::string> guests;
  if (o.all) {
    g.index_of(o.from);
    for (auto& name : vm::running_on(g, o.from))
      if (g.cluster().vm(name)) guests.push_back(name);
    if (guests.empty()) {
      if (ctx.globals.json)
        print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", nullptr}, {"migrations", json::array()}});
      else
        ctx.out << "no planned guest runs on " << o.from << ": nothing to move\n";
      return exit_ok;
    }
  } else {
    guests.push_back(o.name);
  }
  NodeArgs args;
  args.lock_wait = o.lock_wait;
  auto run = start_changing_run(ctx, "vm migrate", g.nodes(), args, g.cluster().name);
  vm::OpSettings s{run.log.get(), run.settings.holder, run.settings.lock_wait};
  Progress progress(ctx);
  auto show = [&](const std::string& guest, const vm::JobProgress& p) {
    if (!p.active) return;
    char line[160];
    std::snprintf(line, sizeof line, "%s: migrating %3d%% (%.1f of %.1f MiB, %.1f s)", guest.c_str(), p.percent(),
                  static_cast<double>(p.data_processed) / 1048576.0, static_cast<double>(p.data_total) / 1048576.0,
                  static_cast<double>(p.elapsed_ms) / 1000.0);
    progress.show(line);
  };
  std::vector<vm::Migration> done;
  try {
    done = vm::migrate_guests(g, guests, o.from, o.to, s, show);
  } catch (const Error& e) {
    progress.clear();
    if (run.log) run.log->finish_run(exit_code_for(e.kind()), std::string("vm migrate: ") + e.what());
    throw;
  }
  progress.clear();
  int status = exit_ok;
  std::string summary;
  json list = json::array();
  for (auto& m : done) {
    if (m.outcome == "refused" || m.outcome == "failed") status = exit_failed;
    json blockers = json::array();
    for (auto& b : m.blockers) blockers.push_back({{"id", b.id}, {"message", b.message}});
    list.push_back({{"guest", m.guest}, {"from", m.from}, {"to", m.to}, {"outcome", m.outcome}, {"blockers", blockers},
                    {"error", m.error.empty() ? json(nullptr) : json(m.error)}, {"took_ms", m.took_ms}});
    char took[32];
    std::snprintf(took, sizeof took, "%.1f s", static_cast<double>(m.took_ms) / 1000.0);
    summary += (summary.empty() ? "" : "; ") + m.guest + " " + m.from + " -> " + m.to + ": " + m.outcome +
               (m.outcome == "migrated" || m.outcome == "failed" ? std::string(" in ") + took : "");
  }
  if (run.log) run.log->finish_run(status, summary);
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)}, {"migrations", list}});
    return status;
  }
  for (auto& m : done) {
    char took[32];
    std::snprintf(took, sizeof took, "%.1f s", static_cast<double>(m.took_ms) / 1000.0);
    if (m.outcome == "migrated") ctx.out << "migrated " << m.guest << " from " << m.from << " to " << m.to << " in " << took << '\n';
    else if (m.outcome == "would") ctx.out << "would migrate " << m.guest << " from " << m.from << " to " << m.to << " (preflight passed)\n";
    else if (m.outcome == "held") ctx.out << "not moved: " << m.guest << " (preflight passed, but another guest was refused)\n";
    else if (m.outcome == "not-started") ctx.out << "not moved: " << m.guest << " (an earlier migration failed)\n";
    else if (m.outcome == "failed") print_error(ctx.err, "migrating " + m.guest + " failed after " + took + ": " + m.error, "", false, ctx.color_stderr());
    else {
      print_error(ctx.err, "refused to migrate " + m.guest + " from " + m.from + " to " + m.to + "; nothing was moved:", "", false, ctx.color_stderr());
      for (auto& b : m.blockers) ctx.err << "  [" << b.id << "] " << b.message << '\n';
    }
  }
  return status;
}

void add_transport(CLI::App* cmd, VmOpts& o) {
  cmd->add_option("--transport", o.transport, "How to reach libvirtd: libvirt (the client library, default build), virsh (on the node over SSH), auto")
      ->check(CLI::IsMember({"auto", "libvirt", "virsh"}))
      ->capture_default_str();
}

void add_lock(CLI::App* cmd, VmOpts& o) {
  cmd->add_option("--lock-wait", o.lock_wait, "Seconds to wait while another anvil run holds a node's lock")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
}

}  // namespace

void register_vm(CLI::App& app, Selected& selected) {
  auto* vmc = app.add_subcommand("vm", "Guests: in the plan, their libvirt definitions, start and stop, live migration with a preflight");
  vmc->require_subcommand(1);

  auto spec = std::make_shared<plan::GuestSpec>();
  auto boot = std::make_shared<std::string>();
  auto* add = vmc->add_subcommand("add", "Add a guest to the plan: RAM, vCPUs, its disk (a clustered LV), the node it prefers");
  add->add_option("name", spec->name, "The guest's name, e.g. vm01-dev")->required();
  add->add_option("--ram", spec->ram, "Its RAM: 2G, 512M (MiB without a unit)")->required();
  add->add_option("--vcpus", spec->vcpus, "Its virtual CPUs")->required()->check(CLI::Range(1, 128));
  add->add_option("--disk-lv", spec->disk_lv, "Its disk: a clustered LV, /dev/VG/LV")->required();
  add->add_option("--node", spec->node, "The node it prefers to run on")->required();
  add->add_option("--address", spec->address, "Its IFN address (default: the next 10.255.y.z)");
  add->add_option("--boot", *boot, "Boot devices in order, from hd, cdrom, network (default: hd)");
  add->callback([&selected, spec, boot] {
    selected.command = "vm add";
    selected.run = [spec, boot](Context& ctx) {
      auto s = *spec;
      if (!boot->empty()) {
        std::size_t start = 0;
        while (start <= boot->size()) {
          auto comma = boot->find(',', start);
          if (comma == std::string::npos) comma = boot->size();
          s.boot.push_back(boot->substr(start, comma - start));
          start = comma + 1;
        }
      }
      return run_plan_edit(ctx, "vm add", [s](plan::Cluster c) { return plan::add_guest(std::move(c), s); });
    };
  });

  auto o = std::make_shared<VmOpts>();
  auto* render = vmc->add_subcommand("render", "Print a guest's libvirt domain XML (and, on stderr, its cluster.conf <vm> entry)");
  render->add_option("name", o->name, "The guest")->required();
  render->callback([&selected, o] {
    selected.command = "vm render";
    selected.run = [o](Context& ctx) { return run_render(ctx, *o); };
  });

  auto* list = vmc->add_subcommand("list", "Every guest on every node (and the planned ones defined nowhere): state, node, RAM, vCPUs");
  add_transport(list, *o);
  list->callback([&selected, o] {
    selected.command = "vm list";
    selected.run = [o](Context& ctx) { return run_list(ctx, *o); };
  });

  auto* info = vmc->add_subcommand("info", "A guest: what the plan says and where libvirt has it");
  info->add_option("name", o->name, "The guest")->required();
  add_transport(info, *o);
  info->callback([&selected, o] {
    selected.command = "vm info";
    selected.run = [o](Context& ctx) { return run_info(ctx, *o); };
  });

  struct Simple {
    const char* name;
    const char* help;
    const char* node_help;
  };
  for (auto s : {Simple{"define", "Define a guest from the plan on its node (libvirt)", "The node (default: the one it prefers)"},
                 Simple{"start", "Start a defined guest", "The node it is defined on (default: where it is)"},
                 Simple{"shutdown", "Shut a guest down cleanly (ACPI), waiting up to --timeout seconds", "The node (default: where it runs)"},
                 Simple{"destroy", "Power a guest off at once, without a clean shutdown (asks, or --yes)", "The node (default: where it runs)"},
                 Simple{"undefine", "Remove a shut-off guest's definition from its node (the plan keeps it)", "The node (default: where it is)"}}) {
    auto* cmd = vmc->add_subcommand(s.name, s.help);
    cmd->add_option("name", o->name, "The guest")->required();
    cmd->add_option("--node", o->node, s.node_help);
    if (std::string(s.name) == "shutdown")
      cmd->add_option("--timeout", o->timeout, "Seconds to wait for the guest to be off")->check(CLI::Range(1, 86400))->capture_default_str();
    add_transport(cmd, *o);
    add_lock(cmd, *o);
    std::string action = s.name;
    cmd->callback([&selected, o, action] {
      selected.command = "vm " + action;
      selected.run = [o, action](Context& ctx) {
        return run_operation(ctx, *o, action, [&ctx, o, action](vm::GuestNodes& g, const vm::OpSettings& s) {
          if (action == "define") {
            auto* v = g.cluster().vm(o->name);
            if (!v) throw failure("no guest '" + o->name + "' in the plan of cluster " + g.cluster().name + "; add it with `anvil vm add`");
            return vm::define_guest(g, *v, o->node, s);
          }
          if (action == "start") return vm::start_guest(g, o->name, o->node, s);
          if (action == "shutdown") return vm::shutdown_guest(g, o->name, o->node, std::chrono::seconds(o->timeout), s);
          if (action == "destroy") {
            confirm_destructive(ctx, "Power " + o->name + " off without a clean shutdown?",
                                "vm destroy pulls the plug on a running guest: confirm with --yes, or run it at a terminal to be asked");
            return vm::destroy_guest(g, o->name, o->node, s);
          }
          return vm::undefine_guest(g, o->name, o->node, s);
        });
      };
    });
  }

  auto* migrate = vmc->add_subcommand("migrate", "Live-migrate a guest (or --all --from NODE) after a preflight that names every blocker");
  migrate->add_option("name", o->name, "The guest");
  migrate->add_option("--to", o->to, "The target node (default: the peer of where it runs)");
  migrate->add_flag("--all", o->all, "Every planned guest running on --from (empties a node for maintenance)");
  migrate->add_option("--from", o->from, "The node to move guests away from");
  add_transport(migrate, *o);
  add_lock(migrate, *o);
  migrate->callback([&selected, o] {
    selected.command = "vm migrate";
    selected.run = [o](Context& ctx) { return run_migrate(ctx, *o); };
  });
}

}  // namespace anvil::cli
