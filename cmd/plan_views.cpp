#include "plan_views.hpp"

#include <ostream>

#include "context.hpp"
#include "ipplan/ipplan.hpp"
#include "plan/address_book.hpp"
#include "plan/plan_diff.hpp"
#include "plan/plan_json.hpp"

namespace anvil::cli {
namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

}  // namespace

Table network_table(const plan::Cluster& c) {
  Table t{{"NETWORK", "SUBNET", "BOND", "BRIDGE", "LINKS", "GATEWAY", "DNS"}, {}};
  for (auto& n : c.networks) {
    std::string links, dns;
    for (auto& l : n.links) links += (links.empty() ? "" : ",") + l;
    for (auto& d : n.dns) dns += (dns.empty() ? "" : ",") + d.str();
    t.rows.push_back({n.name, n.subnet.str(), n.bond, or_dash(n.bridge), or_dash(links),
                      n.gateway ? n.gateway->str() : "-", or_dash(dns)});
  }
  return t;
}

Table address_table(const plan::Cluster& c) {
  Table t{{"HOST", "KIND", "NETWORK", "ADDRESS", "INTERFACE", "ALIAS"}, {}};
  for (auto& e : plan::address_book(c))
    t.rows.push_back({e.host, e.kind, e.network, e.ip.str(), or_dash(e.interface), e.alias});
  return t;
}

void print_plan(Context& ctx, const plan::Cluster& c) {
  bool color = ctx.color_stdout();
  ctx.out << "cluster " << c.name << "  number " << c.number << "  domain " << c.domain << "  profile "
          << c.profile << "\n\n";
  print_table(ctx.out, network_table(c), color);
  ctx.out << '\n';
  print_table(ctx.out, address_table(c), color);
}

json changes_json(const std::vector<plan::KeyChange>& changes) {
  json out = json::array();
  for (auto& c : changes)
    out.push_back({{"key", c.key},
                   {"before", c.before.empty() ? json(nullptr) : json(c.before)},
                   {"after", c.after.empty() ? json(nullptr) : json(c.after)}});
  return out;
}

int run_plan_edit(Context& ctx, const std::string& command, const ipplan::Edit& edit) {
  auto& db = ctx.ledger_for_reading();
  print_outcome(ctx, ipplan::edit(db, ctx.cluster(db), edit, ctx.invocation(command), ctx.globals.dry_run));
  return 0;
}

void print_outcome(Context& ctx, const ipplan::Outcome& o) {
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", o.dry_run},
                         {"run_id", o.run_id ? json(o.run_id) : json(nullptr)},
                         {"cluster_name", o.after.name},
                         {"changes", changes_json(o.changes)}});
    return;
  }
  if (o.changes.empty()) {
    ctx.out << "nothing to change: the plan already says so\n";
    return;
  }
  for (auto& c : o.changes) ctx.out << plan::describe(c) << '\n';
  if (o.dry_run) ctx.err << "anvil: dry run: the ledger was not changed\n";
}

}  // namespace anvil::cli
