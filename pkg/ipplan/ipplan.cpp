#include "ipplan/ipplan.hpp"

#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "plan/names.hpp"
#include "plan/plan_json.hpp"
#include "plan/validate.hpp"

namespace anvil::ipplan {
namespace {

// Malformed values are usage errors (exit 2); checked before deriving
// anything so the message names the value the user typed.
void check_init_options(const plan::InitOptions& o) {
  if (auto p = plan::cluster_name_problem(o.name)) throw usage_error("cluster name '" + o.name + "' " + *p);
  if (auto p = plan::domain_problem(o.domain)) throw usage_error("domain '" + o.domain + "' " + *p);
  if (o.number < 1 || o.number > 255)
    throw usage_error("cluster number " + std::to_string(o.number) + " is outside 1-255");
  if (o.nodes.size() != 2)
    throw usage_error("give exactly two node names (a two-node cluster), not " + std::to_string(o.nodes.size()));
  int position = 0;
  for (auto& n : o.nodes) {
    if (auto p = plan::host_name_problem(n)) throw usage_error("node name '" + n + "' " + *p);
    int x = plan::node_number_from_name(n, ++position);
    if (x < 1 || x > 254)
      throw usage_error("node name '" + n + "' gives node number " + std::to_string(x) +
                        "; node numbers (the digits a name ends in) must be 1-254");
  }
  if (o.profile != "el6") throw usage_error("unknown profile '" + o.profile + "': the profiles are: el6");
}

void refuse_problems(const std::vector<plan::Problem>& problems) {
  if (!problems.empty()) throw failure(problems.front().message);
}

std::string summarize(const std::vector<plan::KeyChange>& changes) {
  std::string out;
  for (auto& c : changes) out += (out.empty() ? "" : "; ") + plan::describe(c);
  return out;
}

std::int64_t record(ledger::Db& db, const ledger::Invocation& inv, const std::string& cluster,
                    const std::string& summary, const std::optional<std::string>& before,
                    const std::string& after) {
  auto run = ledger::record_run(db, inv, cluster, summary, exit_ok);
  ledger::record_change(db, run, {std::nullopt, "plan", "cluster/" + cluster, before, after, "applied"});
  return run;
}

}  // namespace

plan::Cluster plan_cluster(const plan::InitOptions& options) {
  check_init_options(options);
  auto cluster = plan::make_cluster(options);
  refuse_problems(plan::validate(cluster));
  return cluster;
}

Outcome init(ledger::Db& db, const plan::Cluster& cluster, const ledger::Invocation& inv, bool dry_run) {
  refuse_problems(plan::validate(cluster));
  ledger::Transaction tx(db);
  Outcome out;
  out.after = cluster;
  ledger::insert_cluster(db, out.after);
  out.changes = plan::plan_diff(plan::Cluster{}, out.after);
  out.dry_run = dry_run;
  if (dry_run) return out;  // the transaction rolls back
  out.run_id = record(db, inv, out.after.name,
                      "planned cluster " + out.after.name + " (" + std::to_string(out.after.nodes.size()) +
                          " nodes: " + out.after.nodes[0].name + ", " + out.after.nodes[1].name + ")",
                      std::nullopt, plan::to_json(out.after).dump(2));
  tx.commit();
  return out;
}

Outcome edit(ledger::Db& db, const std::string& cluster, const Edit& change, const ledger::Invocation& inv,
             bool dry_run) {
  ledger::Transaction tx(db);
  auto before = ledger::load_cluster(db, cluster);
  Outcome out;
  out.after = change(before);
  refuse_problems(plan::new_problems(before, out.after));
  out.changes = plan::plan_diff(before, out.after);
  out.dry_run = dry_run;
  if (dry_run || out.changes.empty()) return out;
  ledger::replace_cluster(db, cluster, out.after);
  out.run_id = record(db, inv, out.after.name, summarize(out.changes), plan::to_json(before).dump(2),
                      plan::to_json(out.after).dump(2));
  tx.commit();
  return out;
}

}  // namespace anvil::ipplan
