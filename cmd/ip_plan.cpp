// `anvil ip-plan`: plan a cluster's addresses and change the plan.
// Parses, calls pkg/ipplan, prints; show/check/list live in ip_plan_show.cpp.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>
#include <sstream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "ipplan/ipplan.hpp"
#include "ledger/plan_store.hpp"
#include "plan/mutate.hpp"
#include "plan/plan_json.hpp"
#include "plan_views.hpp"

namespace anvil::cli {

void register_ip_plan_views(CLI::App& ip_plan, Selected& selected);  // ip_plan_show.cpp

namespace {

struct InitOpts {
  plan::InitOptions plan;
  std::string nodes = "an-node01,an-node02";
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

int run_init(Context& ctx, InitOpts o) {
  o.plan.nodes = split_commas(o.nodes);
  auto cluster = ipplan::plan_cluster(o.plan);  // refuses bad options before a ledger exists
  auto& db = ctx.ledger_for_writing();
  auto outcome = ipplan::init(db, cluster, ctx.invocation("ip-plan init"), ctx.globals.dry_run);
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", outcome.dry_run},
                         {"run_id", outcome.run_id ? json(outcome.run_id) : json(nullptr)},
                         {"cluster", plan::to_json(outcome.after)}});
    return 0;
  }
  if (outcome.dry_run)
    ctx.err << "anvil: dry run: cluster " << outcome.after.name << " was not written to " << ctx.ledger_path() << '\n';
  else
    ctx.err << "anvil: planned cluster " << outcome.after.name << " in " << ctx.ledger_path() << " (run "
            << outcome.run_id << ")\n";
  print_plan(ctx, outcome.after);
  return 0;
}

void register_init(CLI::App& ip_plan, Selected& selected) {
  auto o = std::make_shared<InitOpts>();
  auto* cmd = ip_plan.add_subcommand("init", "Plan a new cluster with the seed's addressing convention");
  cmd->add_option("--name", o->plan.name, "Cluster name, at most 15 characters (cman's limit)")->capture_default_str();
  cmd->add_option("--number", o->plan.number, "Cluster number y (VMs get IFN addresses .y.z)")->capture_default_str();
  cmd->add_option("--domain", o->plan.domain, "DNS domain of the nodes")->capture_default_str();
  cmd->add_option("--nodes", o->nodes, "The two node names, comma-separated; node x is the number its name ends in")
      ->capture_default_str();
  cmd->add_option("--bcn", o->plan.bcn, "Back-Channel Network subnet")->capture_default_str();
  cmd->add_option("--sn", o->plan.sn, "Storage Network subnet")->capture_default_str();
  cmd->add_option("--ifn", o->plan.ifn, "Internet-Facing Network subnet")->capture_default_str();
  cmd->add_option("--profile", o->plan.profile, "Target stack: el6 (initscripts, cman, DRBD 8.3)")
      ->capture_default_str();
  cmd->callback([&selected, o] {
    selected.command = "ip-plan init";
    selected.run = [o](Context& ctx) { return run_init(ctx, *o); };
  });
}

struct AddOpts {
  std::string kind, name, address;
};

void register_add(CLI::App& ip_plan, Selected& selected) {
  auto* add = ip_plan.add_subcommand("add", "Add a device or a VM with the next conventional address");
  add->require_subcommand(1);

  auto d = std::make_shared<AddOpts>();
  auto* device = add->add_subcommand("device", "Add a pdu (10.20.2.z), switch or ups (10.20.3.z)");
  device->add_option("kind", d->kind, "pdu, switch or ups")->required()->check(CLI::IsMember({"pdu", "switch", "ups"}));
  device->add_option("name", d->name, "Host name of the device")->required();
  device->add_option("--address", d->address, "Use this address instead of the next conventional one");
  device->callback([&selected, d] {
    selected.command = "ip-plan add device";
    selected.run = [d](Context& ctx) {
      return run_plan_edit(ctx, "ip-plan add device",
                      [d](plan::Cluster c) { return plan::add_device(std::move(c), d->kind, d->name, d->address); });
    };
  });

  auto v = std::make_shared<AddOpts>();
  auto* vm = add->add_subcommand("vm", "Add a VM on the IFN (10.255.y.z)");
  vm->add_option("name", v->name, "Host name of the VM")->required();
  vm->add_option("--address", v->address, "Use this address instead of the next conventional one");
  vm->callback([&selected, v] {
    selected.command = "ip-plan add vm";
    selected.run = [v](Context& ctx) {
      return run_plan_edit(ctx, "ip-plan add vm",
                      [v](plan::Cluster c) { return plan::add_vm(std::move(c), v->name, v->address); });
    };
  });
}

struct SetOpts {
  std::string key, value;
  bool list = false;
};

int run_set_list(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  Table t{{"KEY", "VALUE"}, {}};
  json keys = json::object();
  for (auto& k : plan::settable_keys(c)) {
    t.rows.push_back({k, plan::current_value(c, k)});
    keys[k] = t.rows.back()[1];
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"cluster_name", c.name}, {"keys", keys}});
  else
    print_table(ctx.out, t, ctx.color_stdout());
  return 0;
}

void register_set(CLI::App& ip_plan, Selected& selected) {
  auto o = std::make_shared<SetOpts>();
  auto* set = ip_plan.add_subcommand("set", "Override an address or a setting of the plan");
  set->add_option("key", o->key, "What to set: an-node01.bcn, pdu1, vm1, ifn.subnet, ifn.gateway, cluster.domain, ...");
  set->add_option("value", o->value, "The new value ('none' clears a gateway, dns or bridge)");
  set->add_flag("--list", o->list, "List every key of this plan with its current value");
  set->callback([&selected, o] {
    selected.command = "ip-plan set";
    selected.run = [o](Context& ctx) {
      if (o->list) return run_set_list(ctx);
      if (o->key.empty() || o->value.empty())
        throw usage_error("ip-plan set needs a KEY and a VALUE, e.g. `anvil ip-plan set an-node01.bcn 10.20.0.11`");
      return run_plan_edit(ctx, "ip-plan set",
                      [o](plan::Cluster c) { return plan::set_value(std::move(c), o->key, o->value); });
    };
  });
}

void register_remove(CLI::App& ip_plan, Selected& selected) {
  auto o = std::make_shared<AddOpts>();
  auto* remove = ip_plan.add_subcommand("remove", "Remove a device or a VM from the plan");
  remove->add_option("kind", o->kind, "device or vm")->required()->check(CLI::IsMember({"device", "vm"}));
  remove->add_option("name", o->name, "Its name")->required();
  remove->callback([&selected, o] {
    selected.command = "ip-plan remove";
    selected.run = [o](Context& ctx) {
      return run_plan_edit(ctx, "ip-plan remove",
                      [o](plan::Cluster c) { return plan::remove_host(std::move(c), o->kind, o->name); });
    };
  });
}

}  // namespace

void register_ip_plan(CLI::App& app, Selected& selected) {
  auto* ip_plan = app.add_subcommand("ip-plan", "Plan the cluster's networks and addresses");
  ip_plan->require_subcommand(1);
  register_init(*ip_plan, selected);
  register_add(*ip_plan, selected);
  register_set(*ip_plan, selected);
  register_remove(*ip_plan, selected);
  register_ip_plan_views(*ip_plan, selected);
}

}  // namespace anvil::cli
