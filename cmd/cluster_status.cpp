// `anvil cluster status` and `anvil cluster check`: quorum, members,
// rgmanager's services and VMs as a node sees them (cman_tool status and
// nodes, clustat -x), live or from a capture, and judged against the plan.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "check_output.hpp"
#include "cluster/check.hpp"
#include "cluster/node_state.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

// The cluster as each node sees it (both see the same when it is healthy).
std::vector<Gathered<cluster::ClusterState>> gather(Context& ctx, const StatusOpts& o) {
  return gather_states<cluster::ClusterState>(
      ctx, o.nodes, o.from, [](const std::string& text, const std::string&) { return cluster::parse_cluster_capture(text); },
      [](exec::Executor& ex) { return cluster::read_state(ex); });
}

json state_json(const cluster::ClusterState& s) {
  json quorum = nullptr;
  if (s.quorum)
    quorum = {{"quorate", s.quorum->quorate},       {"cluster_name", s.quorum->cluster_name},
              {"config_version", s.quorum->config_version}, {"expected_votes", s.quorum->expected_votes},
              {"total_votes", s.quorum->total_votes}, {"quorum", s.quorum->quorum},
              {"two_node", s.quorum->two_node},     {"flags", s.quorum->flags},
              {"membership_state", s.quorum->membership_state}};
  json members = json::array();
  for (auto& m : s.members)
    members.push_back({{"id", m.id}, {"name", m.name}, {"status", m.status}, {"local", m.local}, {"rgmanager", m.rgmanager}});
  json services = json::array();
  for (auto& v : s.services)
    services.push_back({{"name", v.name},           {"kind", v.kind},     {"state", v.state},
                        {"owner", v.owner.empty() ? json(nullptr) : json(v.owner)},
                        {"last_owner", v.last_owner.empty() ? json(nullptr) : json(v.last_owner)},
                        {"restarts", v.restarts}, {"flags", v.flags}});
  return {{"quorum", quorum}, {"members", members}, {"services", services}, {"rgmanager", s.rgmanager}, {"notes", s.notes}};
}

int run_status(Context& ctx, const StatusOpts& o) {
  auto gathered = gather(ctx, o);
  json list = json::array();
  int status = exit_ok;
  bool first = true;
  for (auto& g : gathered) {
    if (report_unreadable(ctx, g.ref.node.name, g.error, gathered.size(), list, status)) continue;
    list.push_back({{"node", g.ref.node.name}, {"ok", true}, {"state", state_json(g.state)}});
    if (ctx.globals.json) continue;
    if (!first) ctx.out << '\n';
    first = false;
    auto& s = g.state;
    ctx.out << "== " << g.ref.node.name << '\n';
    if (!s.quorum) {
      ctx.out << "cman is not running" << (s.notes.empty() ? "" : " (" + s.notes.front() + ")") << '\n';
      continue;
    }
    auto& q = *s.quorum;
    ctx.out << "cluster " << q.cluster_name << ", config_version " << q.config_version << ": "
            << (q.quorate ? "quorate" : "NOT QUORATE") << ", votes " << q.total_votes << " of " << q.expected_votes
            << " expected (quorum " << q.quorum << ")" << (q.two_node ? ", two_node" : "") << '\n';
    Table members{{"ID", "MEMBER", "STATUS", "RGMANAGER"}, {}};
    for (auto& m : s.members)
      members.rows.push_back({std::to_string(m.id), m.name + (m.local ? " (local)" : ""), m.member() ? "member" : m.status == "X" ? "offline" : m.status,
                              m.rgmanager ? "yes" : "-"});
    print_table(ctx.out, members, ctx.color_stdout());
    if (!s.services.empty()) {
      Table services{{"SERVICE", "STATE", "OWNER", "LAST OWNER", "RESTARTS"}, {}};
      for (auto& v : s.services)
        services.rows.push_back({v.name, v.state, v.owner.empty() ? "-" : v.owner, v.last_owner.empty() ? "-" : v.last_owner,
                                 std::to_string(v.restarts)});
      ctx.out << '\n';
      print_table(ctx.out, services, ctx.color_stdout());
    } else if (!s.rgmanager) {
      ctx.out << "rgmanager: not running\n";
    }
  }
  if (ctx.globals.json) print_json(ctx.out, {{"nodes", list}});
  return status;
}

int run_check(Context& ctx, const StatusOpts& o) {
  std::vector<check::Finding> findings;
  std::vector<check::Perf> perf;
  auto gathered = gather(ctx, o);
  // Read from several nodes, each finding says whose view it is.
  const bool several = gathered.size() > 1;
  for (auto& g : gathered) {
    if (g.error) {
      findings.push_back({check::Severity::unknown, "cluster.node-unreadable", g.ref.node.name,
                          std::string("cannot read the cluster state: ") + g.error->what(), "anvil node ping " + g.ref.node.name});
      continue;
    }
    auto plan = ledger::load_cluster(ctx.ledger_for_reading(), g.ref.cluster);
    auto found = cluster::check_cluster(plan, g.state);
    for (auto& f : found) {
      if (several) f.subject = g.ref.node.name + " sees " + f.subject;
      findings.push_back(f);
    }
    for (auto p : cluster::cluster_perfdata(plan, g.state)) {
      if (several) p.label = g.ref.node.name + "_" + p.label;
      perf.push_back(p);
    }
  }
  return print_findings(ctx, "CLUSTER", o.format, std::move(findings), perf);
}

}  // namespace

void register_cluster_status(CLI::App& cluster, Selected& selected) {
  register_status_commands(cluster, selected,
                           {"cluster", "Quorum, votes, members, rgmanager's services and VMs, as each node sees them",
                            "Judge quorum, members, services, VMs and fencing against the plan, as a monitoring check (exit 0/1/2/3)",
                            "Read a capture instead of the node: cman_tool status, cman_tool nodes and clustat -x, behind ==> command <== headers; - for stdin",
                            run_status, run_check});
}

}  // namespace anvil::cli
