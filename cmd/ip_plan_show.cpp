// `anvil ip-plan show|check|list`: the plan as tables, JSON, CSV or an
// /etc/hosts block; its problems; the clusters in the ledger.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "plan/hosts.hpp"
#include "plan/plan_json.hpp"
#include "plan/validate.hpp"
#include "plan_views.hpp"

namespace anvil::cli {
namespace {

struct ShowOpts {
  std::string format = "table";
};

int run_show(Context& ctx, const ShowOpts& o) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  auto format = ctx.globals.json ? std::string("json") : o.format;
  if (format == "json")
    print_json(ctx.out, {{"cluster", plan::to_json(c)}});
  else if (format == "hosts")
    ctx.out << plan::render_hosts(c);
  else if (format == "csv")
    print_csv(ctx.out, address_table(c));
  else
    print_plan(ctx, c);
  return exit_ok;
}

int run_check(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  auto problems = plan::validate(c);
  if (ctx.globals.json) {
    json list = json::array();
    for (auto& p : problems) list.push_back({{"id", p.id}, {"subject", p.subject}, {"message", p.message}});
    print_json(ctx.out, {{"cluster_name", c.name}, {"ok", problems.empty()}, {"problems", list}});
  } else if (problems.empty()) {
    ctx.out << "ok: the plan of cluster " << c.name << " has no problems\n";
  } else {
    for (auto& p : problems) ctx.out << p.id << ": " << p.message << '\n';
  }
  return problems.empty() ? exit_ok : exit_failed;
}

int run_list(Context& ctx) {
  auto& db = ctx.ledger_for_reading();
  Table t{{"CLUSTER", "NUMBER", "DOMAIN", "PROFILE", "NODES", "DEVICES", "VMS"}, {}};
  json clusters = json::array();
  for (auto& name : ledger::cluster_names(db)) {
    auto c = ledger::load_cluster(db, name);
    std::string nodes;
    json node_names = json::array();
    for (auto& n : c.nodes) {
      nodes += (nodes.empty() ? "" : ",") + n.name;
      node_names.push_back(n.name);
    }
    t.rows.push_back({c.name, std::to_string(c.number), c.domain, c.profile, nodes, std::to_string(c.devices.size()),
                      std::to_string(c.vms.size())});
    clusters.push_back({{"name", c.name},
                        {"number", c.number},
                        {"domain", c.domain},
                        {"profile", c.profile},
                        {"nodes", node_names},
                        {"devices", c.devices.size()},
                        {"vms", c.vms.size()}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"clusters", clusters}});
  else
    print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

}  // namespace

void register_ip_plan_views(CLI::App& ip_plan, Selected& selected) {
  auto o = std::make_shared<ShowOpts>();
  auto* show = ip_plan.add_subcommand("show", "Show the plan: networks and every address");
  show->add_option("--format", o->format, "table, json, hosts (an /etc/hosts block) or csv")
      ->check(CLI::IsMember({"table", "json", "hosts", "csv"}))
      ->capture_default_str();
  show->callback([&selected, o] {
    selected.command = "ip-plan show";
    selected.run = [o](Context& ctx) { return run_show(ctx, *o); };
  });

  auto* check = ip_plan.add_subcommand("check", "Check the plan: duplicates, overlaps, addresses outside their network, bad names");
  check->callback([&selected] {
    selected.command = "ip-plan check";
    selected.run = [](Context& ctx) { return run_check(ctx); };
  });

  auto* list = ip_plan.add_subcommand("list", "List the clusters planned in the ledger");
  list->callback([&selected] {
    selected.command = "ip-plan list";
    selected.run = [](Context& ctx) { return run_list(ctx); };
  });
}

}  // namespace anvil::cli
