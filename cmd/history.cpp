// `anvil history`: the runs that changed something, newest first.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/history.hpp"
#include "output.hpp"

namespace anvil::cli {

void register_history_run(CLI::App& history, Selected& selected);  // history_run.cpp

namespace {

struct HistoryOpts {
  int limit = 50;
  bool all_clusters = false;
};

json run_json(const ledger::RunRow& r) {
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  return {{"id", r.id},         {"cluster", opt(r.cluster)},      {"command", r.command},
          {"argv", r.argv},     {"user", r.user},                 {"host", r.host},
          {"reason", opt(r.reason)}, {"summary", r.summary},      {"started_at", r.started_at},
          {"ended_at", opt(r.ended_at)}, {"exit_status", opt(r.exit_status)}, {"changes", r.changes}};
}

int run_history(Context& ctx, const HistoryOpts& o) {
  if (o.limit < 1) throw usage_error("--limit must be at least 1");
  auto& db = ctx.ledger_for_reading();
  ledger::HistoryFilter filter;
  filter.limit = o.limit;
  if (!o.all_clusters && (ctx.globals.cluster || std::getenv("ANVIL_CLUSTER"))) filter.cluster = ctx.cluster(db);
  auto runs = ledger::list_runs(db, filter);
  if (ctx.globals.json) {
    json list = json::array();
    for (auto& r : runs) list.push_back(run_json(r));
    print_json(ctx.out, {{"runs", list}});
    return exit_ok;
  }
  Table t{{"RUN", "STARTED (UTC)", "USER", "HOST", "CLUSTER", "COMMAND", "EXIT", "SUMMARY"}, {}};
  for (auto& r : runs) {
    auto started = r.started_at.substr(0, 19);
    if (started.size() > 10) started[10] = ' ';
    auto summary = r.summary;
    if (r.reason) summary += " (" + *r.reason + ")";
    t.rows.push_back({std::to_string(r.id), started, r.user, r.host, r.cluster.value_or("-"), r.command,
                      r.exit_status ? std::to_string(*r.exit_status) : "-", summary});
  }
  print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

}  // namespace

void register_history(CLI::App& app, Selected& selected) {
  auto o = std::make_shared<HistoryOpts>();
  auto* history = app.add_subcommand("history", "What anvil changed: list runs, show one, diff it, undo it");
  history->add_option("--limit", o->limit, "Show at most this many runs")->capture_default_str();
  history->add_flag("--all-clusters", o->all_clusters, "Ignore --cluster and $ANVIL_CLUSTER: runs of every cluster");
  // `anvil history` alone lists; CLI11 runs this callback after a
  // subcommand's, so it must not replace the subcommand's runner.
  history->callback([&selected, o, history] {
    if (!history->get_subcommands().empty()) return;
    selected.command = "history";
    selected.run = [o](Context& ctx) { return run_history(ctx, *o); };
  });
  auto* list = history->add_subcommand("list", "List the runs that changed something, newest first (the default)");
  list->add_option("--limit", o->limit, "Show at most this many runs")->capture_default_str();
  list->add_flag("--all-clusters", o->all_clusters, "Ignore --cluster and $ANVIL_CLUSTER: runs of every cluster");
  list->callback([&selected, o] {
    selected.command = "history list";
    selected.run = [o](Context& ctx) { return run_history(ctx, *o); };
  });
  register_history_run(*history, selected);
}

}  // namespace anvil::cli
