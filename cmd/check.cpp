// `anvil check`: every check of one cluster (or --all) at once, within one
// deadline, for cron and for monitoring; each run's findings are kept, and
// --changes says only what changed since the previous run.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <future>
#include <memory>
#include <ostream>
#include <set>

#include "check_output.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "health/check_all.hpp"
#include "ledger/change_log.hpp"
#include "ledger/check_runs.hpp"
#include "ledger/fence_events.hpp"
#include "ledger/link_failures.hpp"
#include "ledger/plan_store.hpp"
#include "ledger/secrets.hpp"
#include "node_common.hpp"

namespace anvil::cli {
namespace {

struct CheckAllOpts {
  bool all = false;
  int timeout = 50;
  std::vector<std::string> ignore;
  bool changes = false;
  std::string format = "text";
};

health::ClusterInput input_for(Context& ctx, ledger::Db& db, const std::string& name) {
  health::ClusterInput in;
  in.plan = ledger::load_cluster(db, name);
  in.nodes = nodes_of_cluster(ctx, name);
  for (auto& d : in.plan.devices)
    if (auto pw = ledger::secret_of(db, name, d.name)) in.passwords[d.name] = *pw;
  for (auto& n : in.plan.nodes) in.link_failures[n.name] = ledger::load_link_failures(db, name, n.name);
  return in;
}

std::string key_of(const check::Finding& f) { return f.id + "\t" + f.subject; }

// What changed since the previous run: new or worse, and what went away.
std::vector<std::string> changes_between(const std::vector<check::Finding>& before, const std::vector<check::Finding>& now) {
  std::vector<std::string> out;
  std::map<std::string, const check::Finding*> old;
  for (auto& f : before) old[key_of(f)] = &f;
  std::set<std::string> seen;
  for (auto& f : now) {
    seen.insert(key_of(f));
    auto it = old.find(key_of(f));
    if (it == old.end()) {
      if (f.severity != check::Severity::ok)
        out.push_back(std::string("NEW ") + check::severity_name(f.severity) + " " + f.id + " " + f.subject + ": " + f.message);
    } else if (it->second->severity != f.severity) {
      out.push_back(std::string(f.severity == check::Severity::ok ? "RESOLVED " : "CHANGED ") + check::severity_name(it->second->severity) +
                    " -> " + check::severity_name(f.severity) + " " + f.id + " " + f.subject + ": " + f.message);
    }
  }
  for (auto& f : before)
    if (!seen.count(key_of(f)) && f.severity != check::Severity::ok)
      out.push_back(std::string("GONE ") + check::severity_name(f.severity) + " " + f.id + " " + f.subject + " (not reported any more)");
  return out;
}

int run_check_all(Context& ctx, const CheckAllOpts& o) {
  auto& db = ctx.ledger_for_reading();
  std::vector<std::string> clusters = o.all ? ledger::cluster_names(db) : std::vector<std::string>{ctx.cluster(db)};
  if (clusters.empty()) throw failure("the ledger " + db.path() + " has no cluster yet; plan one with `anvil ip-plan init`");
  std::vector<health::ClusterInput> inputs;
  for (auto& name : clusters) inputs.push_back(input_for(ctx, db, name));

  // Every cluster at once; each asks its fence devices with a deadline that
  // leaves room inside the overall one.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeout);
  const auto fence_timeout = std::chrono::seconds(std::max(1, std::min(20, o.timeout / 2)));
  std::vector<std::future<health::ClusterResult>> running;
  for (auto& in : inputs) running.push_back(std::async(std::launch::async, [&in, fence_timeout] { return health::check_cluster(in, fence_timeout); }));

  std::vector<check::Finding> findings;
  std::vector<check::Perf> perf;
  bool timed_out = false;
  for (std::size_t i = 0; i < running.size(); ++i) {
    const auto& name = clusters[i];
    auto prefix = [&](std::string s) { return clusters.size() > 1 ? name + " " + s : s; };
    if (running[i].wait_until(deadline) != std::future_status::ready) {
      timed_out = true;
      findings.push_back({check::Severity::unknown, "check.timeout", name,
                          "the checks of " + name + " did not finish within " + std::to_string(o.timeout) + " s",
                          "anvil node ping --all; run the checks one by one (anvil net check, drbd check, cluster check, fence check)"});
      continue;
    }
    health::ClusterResult result;
    try {
      result = running[i].get();
    } catch (const Error& e) {
      findings.push_back({check::Severity::unknown, "check.failed", name, e.what(), ""});
      continue;
    }
    for (auto f : result.findings) {
      f.subject = prefix(f.subject);
      findings.push_back(f);
    }
    for (auto p : result.perf) {
      if (clusters.size() > 1) p.label = name + "_" + p.label;
      perf.push_back(p);
    }
    if (!ctx.globals.dry_run) {
      for (auto& [node, counts] : result.link_failures) ledger::store_link_failures(db, name, node, counts);
      for (auto& p : result.fence_probes)
        ledger::record_fence_event(db, {0, name, "", "check", p.node, p.method, p.device, p.from, p.action,
                                        p.result ? (p.result->succeeded ? std::string("ok: power ") + fence::power_name(p.result->power)
                                                                        : "failed: " + p.result->message)
                                                 : "not run: " + p.problem,
                                        p.result ? p.result->took.count() : 0, std::nullopt});
    }
  }
  // --ignore: a known problem stays visible, as a warning.
  for (auto& f : findings)
    if (std::find(o.ignore.begin(), o.ignore.end(), f.id) != o.ignore.end() && f.severity > check::Severity::warning) {
      f.severity = check::Severity::warning;
      f.message += " [ignored with --ignore " + f.id + "]";
    }
  check::sort_findings(findings);

  std::vector<std::string> changed;
  if (!ctx.globals.dry_run) {
    const std::string scope = clusters.size() == 1 && !o.all ? clusters.front() : "";
    ledger::ChangeLog log(db, ctx.invocation("check"), scope.empty() ? std::nullopt : std::optional<std::string>(scope));
    ledger::record_check_findings(db, log.run_id(), findings);
    if (o.changes) changed = changes_between(ledger::previous_check_findings(db, log.run_id(), scope).value_or(std::vector<check::Finding>{}),
                                             findings);  // the first run: everything that is not OK is new
    std::map<check::Severity, int> count;
    for (auto& f : findings) ++count[f.severity];
    log.finish_run(static_cast<int>(check::worst(findings)),
                   std::string(check::severity_name(check::worst(findings))) + ": " + std::to_string(count[check::Severity::critical]) +
                       " critical, " + std::to_string(count[check::Severity::warning]) + " warning, " +
                       std::to_string(count[check::Severity::unknown]) + " unknown, " + std::to_string(count[check::Severity::ok]) + " ok");
  }

  int status;
  if (o.changes && !ctx.globals.json && o.format == "text") {
    for (auto& line : changed) ctx.out << line << '\n';
    status = static_cast<int>(check::worst(findings));
  } else {
    status = print_findings(ctx, "ANVIL", o.format, findings, perf);
  }
  if (timed_out) {
    // The late checks' threads cannot be stopped; do not wait for them.
    ctx.out.flush();
    ctx.err.flush();
    std::_Exit(status);
  }
  return status;
}

}  // namespace

void register_check(CLI::App& app, Selected& selected) {
  auto o = std::make_shared<CheckAllOpts>();
  auto* check = app.add_subcommand("check", "Every check of the cluster at once (reachability, net, DRBD, cluster, fencing, storage, VM placement, N+1 memory), for cron and monitoring");
  check->add_flag("--all", o->all, "Every cluster in the ledger");
  check->add_option("--timeout", o->timeout, "Seconds for all the checks together")->check(CLI::Range(5, 3600))->capture_default_str();
  check->add_option("--ignore", o->ignore, "A finding id to report as a warning at worst (repeat it)");
  check->add_flag("--changes", o->changes, "Print only what changed since the previous check (for mail from cron)");
  check->add_option("--format", o->format, "text, json or nagios")->check(CLI::IsMember({"text", "json", "nagios"}))->capture_default_str();
  check->callback([&selected, o] {
    selected.command = "check";
    selected.check_style = true;
    selected.run = [o](Context& ctx) { return run_check_all(ctx, *o); };
  });
}

}  // namespace anvil::cli
