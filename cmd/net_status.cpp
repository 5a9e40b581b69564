// `anvil net status` and `anvil net check`: the bonds as the kernel reports
// them, live or from a captured file, judged against the plan.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <ostream>

#include "check_output.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "net/bond_check.hpp"
#include "net/bonding.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

struct StatusOpts {
  NodeArgs nodes;
  std::string from;
  std::string format = "text";
};

std::string read_capture(const std::string& from) {
  if (from == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  std::ifstream in(from, std::ios::binary);
  if (!in) throw usage_error("cannot read " + from);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A capture is either several files behind "==> path <==" headers, or one
// bonding file named after the file (bond0, or anything ending in .bond0).
std::vector<net::BondStatus> parse_capture(const std::string& from) {
  auto text = read_capture(from);
  if (text.rfind("==> ", 0) == 0) return net::parse_bonding_files(text);
  auto base = from == "-" ? std::string("bond?") : from.substr(from.rfind('/') + 1);
  auto dot = base.rfind('.');
  if (dot != std::string::npos && base.compare(dot + 1, 4, "bond") == 0) base = base.substr(dot + 1);
  return {net::parse_bonding(base, text)};
}

struct NodeBonds {
  node::NodeRef ref;
  std::vector<net::BondStatus> bonds;
  std::optional<Error> error;
};

std::vector<NodeBonds> gather(Context& ctx, const StatusOpts& o) {
  auto nodes = selected_nodes(ctx, o.nodes);
  std::vector<NodeBonds> out;
  if (!o.from.empty()) {
    if (nodes.size() != 1) throw usage_error("--from reads one node's capture: name that node");
    out.push_back({nodes.front(), parse_capture(o.from), std::nullopt});
    return out;
  }
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<std::vector<net::BondStatus>>(
      sessions, read_only, nullptr, [](exec::Executor& ex, const node::NodeRef&) { return net::read_bonds(ex); });
  for (std::size_t i = 0; i < results.size(); ++i)
    out.push_back({nodes[i], results[i].ok() ? results[i].value->value : std::vector<net::BondStatus>{}, results[i].error});
  return out;
}

int run_status(Context& ctx, const StatusOpts& o) {
  auto gathered = gather(ctx, o);
  Table t{{"NODE", "BOND", "MODE", "MII", "ACTIVE", "PRIMARY", "SLAVES (mii, speed, failures)"}, {}};
  json list = json::array();
  int status = exit_ok;
  for (auto& g : gathered) {
    if (g.error) {
      if (!ctx.globals.json) print_error(ctx.err, g.ref.node.name + ": " + g.error->what(), "", false, ctx.color_stderr());
      list.push_back({{"node", g.ref.node.name}, {"ok", false}, {"error", error_json(g.error)}});
      status = gathered.size() == 1 ? exit_code_for(g.error->kind()) : exit_partial;
      continue;
    }
    json bonds = json::array();
    for (auto& b : g.bonds) {
      std::string slaves;
      json slave_list = json::array();
      for (auto& s : b.slaves) {
        slaves += (slaves.empty() ? "" : "; ") + s.name + " " + s.mii_status + (s.speed.empty() ? "" : " " + s.speed) + " " +
                  std::to_string(s.link_failures);
        slave_list.push_back({{"name", s.name}, {"mii_status", s.mii_status}, {"speed", s.speed}, {"duplex", s.duplex},
                              {"link_failures", s.link_failures}, {"permanent_mac", s.permanent_mac}});
      }
      t.rows.push_back({g.ref.node.name, b.name, b.active_backup() ? "active-backup" : b.mode, b.mii_status,
                        b.active_slave.empty() ? "none" : b.active_slave, b.primary.empty() ? "-" : b.primary, slaves});
      bonds.push_back({{"name", b.name}, {"mode", b.mode}, {"mii_status", b.mii_status}, {"active_slave", b.active_slave},
                       {"primary", b.primary}, {"miimon", b.miimon}, {"updelay", b.updelay}, {"downdelay", b.downdelay},
                       {"slaves", slave_list}});
    }
    if (g.bonds.empty() && !ctx.globals.json) ctx.err << "anvil: " << g.ref.node.name << ": no bonds (no /proc/net/bonding)\n";
    list.push_back({{"node", g.ref.node.name}, {"ok", true}, {"bonds", bonds}});
  }
  if (ctx.globals.json)
    print_json(ctx.out, {{"nodes", list}});
  else if (!t.rows.empty())
    print_table(ctx.out, t, ctx.color_stdout());
  return status;
}

int run_check(Context& ctx, const StatusOpts& o) {
  std::vector<check::Finding> findings;
  for (auto& g : gather(ctx, o)) {
    if (g.error) {
      findings.push_back({check::Severity::unknown, "net.node-unreadable", g.ref.node.name,
                          std::string("cannot read the bonds: ") + g.error->what(), "anvil node ping " + g.ref.node.name});
      continue;
    }
    auto cluster = ledger::load_cluster(ctx.ledger_for_reading(), g.ref.cluster);
    auto found = net::check_bonds(cluster, g.ref.node, g.bonds);
    findings.insert(findings.end(), found.begin(), found.end());
  }
  return print_findings(ctx, "NET", o.format, std::move(findings));
}

void add_status_options(CLI::App* cmd, StatusOpts& o, const std::string& what) {
  add_node_selection(cmd, o.nodes, what);
  cmd->add_option("--from", o.from, "Read a captured /proc/net/bonding file (or several behind ==> path <== headers; - for stdin) instead of the node");
}

}  // namespace

void register_net_status(CLI::App& net, Selected& selected) {
  auto s = std::make_shared<StatusOpts>();
  auto* status = net.add_subcommand("status", "Each bond's mode, MII status, active and primary slave, and its slaves");
  add_status_options(status, *s, "show");
  status->callback([&selected, s] {
    selected.command = "net status";
    selected.run = [s](Context& ctx) { return run_status(ctx, *s); };
  });

  auto c = std::make_shared<StatusOpts>();
  auto* check = net.add_subcommand("check", "Judge the bonds against the plan, as a monitoring check (exit 0/1/2/3)");
  add_status_options(check, *c, "check");
  check->add_option("--format", c->format, "text, json or nagios")
      ->check(CLI::IsMember({"text", "json", "nagios"}))
      ->capture_default_str();
  check->callback([&selected, c] {
    selected.command = "net check";
    selected.check_style = true;
    selected.run = [c](Context& ctx) { return run_check(ctx, *c); };
  });
}

}  // namespace anvil::cli
