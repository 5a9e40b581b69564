// `anvil net status` and `anvil net check`: the bonds as the kernel reports
// them, live or from a captured file, judged against the plan.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "check_output.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/link_failures.hpp"
#include "ledger/plan_store.hpp"
#include "net/bond_check.hpp"
#include "net/address_check.hpp"
#include "net/bonding.hpp"
#include "net/node_state.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

// A capture is either sections behind "==> ... <==" headers (what anvil
// reads from a node), or one bonding file named after the file (bond0, or
// anything ending in .bond0).
net::NodeNetState parse_capture(const std::string& text, const std::string& from) {
  auto base = from == "-" ? std::string("bond?") : from.substr(from.rfind('/') + 1);
  auto dot = base.rfind('.');
  if (dot != std::string::npos && base.compare(dot + 1, 4, "bond") == 0) base = base.substr(dot + 1);
  return net::parse_node_state(text, base);
}

std::vector<Gathered<net::NodeNetState>> gather(Context& ctx, const StatusOpts& o) {
  return gather_states<net::NodeNetState>(ctx, o.nodes, o.from, parse_capture,
                                          [](exec::Executor& ex) { return net::read_node_state(ex); });
}

int run_status(Context& ctx, const StatusOpts& o) {
  auto gathered = gather(ctx, o);
  Table t{{"NODE", "BOND", "MODE", "MII", "ACTIVE", "PRIMARY", "SLAVES (mii, speed, failures)"}, {}};
  Table addresses{{"NODE", "INTERFACE", "ADDRESS"}, {}};
  Table bridges{{"NODE", "BRIDGE", "PORTS"}, {}};
  json list = json::array();
  int status = exit_ok;
  for (auto& g : gathered) {
    if (report_unreadable(ctx, g.ref.node.name, g.error, gathered.size(), list, status)) continue;
    json bonds = json::array();
    for (auto& b : g.state.bonds) {
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
    if (g.state.bonds.empty() && !ctx.globals.json)
      ctx.err << "anvil: " << g.ref.node.name << ": no bonds (no /proc/net/bonding)\n";
    json addrs = json::array();
    for (auto& a : g.state.addresses) {
      if (a.family != "inet") continue;
      addresses.rows.push_back({g.ref.node.name, a.interface, a.address + "/" + std::to_string(a.prefix)});
      addrs.push_back({{"interface", a.interface}, {"address", a.address}, {"prefix", a.prefix}});
    }
    json ports = json::object();
    for (auto& [bridge, members] : g.state.bridge_ports) {
      std::string joined;
      for (auto& m : members) joined += (joined.empty() ? "" : " ") + m;
      bridges.rows.push_back({g.ref.node.name, bridge, joined.empty() ? "-" : joined});
      ports[bridge] = members;
    }
    list.push_back({{"node", g.ref.node.name}, {"ok", true}, {"bonds", bonds},
                    {"addresses", g.state.has_addresses ? addrs : json(nullptr)},
                    {"bridges", g.state.has_bridges ? ports : json(nullptr)}});
  }
  if (ctx.globals.json) {
    print_json(ctx.out, {{"nodes", list}});
    return status;
  }
  bool first = true;
  for (auto* table : {&t, &addresses, &bridges}) {
    if (table->rows.empty()) continue;
    if (!first) ctx.out << '\n';
    print_table(ctx.out, *table, ctx.color_stdout());
    first = false;
  }
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
    auto& db = ctx.ledger_for_reading();
    auto cluster = ledger::load_cluster(db, g.ref.cluster);
    auto found = net::check_bonds(cluster, g.ref.node, g.state.bonds);
    auto addressed = net::check_addresses(cluster, g.ref.node, g.state);
    auto flapped = net::check_link_failures(g.ref.node, g.state.bonds, ledger::load_link_failures(db, g.ref.cluster, g.ref.node.name));
    findings.insert(findings.end(), found.begin(), found.end());
    findings.insert(findings.end(), addressed.begin(), addressed.end());
    findings.insert(findings.end(), flapped.begin(), flapped.end());
    // A capture counts as a reading too; a dry run keeps nothing.
    if (!ctx.globals.dry_run && !g.state.bonds.empty())
      ledger::store_link_failures(db, g.ref.cluster, g.ref.node.name, net::link_failure_counts(g.state.bonds));
  }
  return print_findings(ctx, "NET", o.format, std::move(findings));
}

}  // namespace

void register_net_status(CLI::App& net, Selected& selected) {
  register_status_commands(net, selected,
                           {"net", "Each bond (mode, MII, active and primary slave, slaves), the addresses and the bridges' ports",
                            "Judge bonds, addresses and bridges against the plan, as a monitoring check (exit 0/1/2/3)",
                            "Read a capture instead of the node: a /proc/net/bonding file, or sections behind ==> path <== headers; - for stdin",
                            run_status, run_check});
}

}  // namespace anvil::cli
