// `anvil history show|diff|undo RUN`: one run in detail, what it changed as
// diffs, and putting its files back.
#include <CLI/CLI.hpp>

#include <memory>
#include <ostream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "core/unified_diff.hpp"
#include "ledger/history.hpp"
#include "node/undo.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

struct RunOpts {
  std::int64_t run = 0;
  bool force = false;
  NodeArgs wait;  // only its --lock-wait
};

ledger::RunRow find(Context& ctx, std::int64_t id) {
  auto run = ledger::find_run(ctx.ledger_for_reading(), id);
  if (!run) throw usage_error("no run " + std::to_string(id) + " in the ledger; `anvil history` lists them");
  return *run;
}

// A change that was started and never finished: the run died (or was
// killed) while making it, so the node may hold the old or the new content.
std::string status_text(const ledger::RunRow& run, const ledger::ChangeRow& c) {
  if (c.status == "started") return run.ended_at ? "incomplete" : "incomplete (run did not finish)";
  return c.status;
}

std::string short_sha(const std::optional<std::string>& sha) { return sha ? sha->substr(0, 12) : "-"; }

int run_show(Context& ctx, const RunOpts& o) {
  auto run = find(ctx, o.run);
  auto changes = ledger::list_changes(ctx.ledger_for_reading(), o.run);
  if (ctx.globals.json) {
    json list = json::array();
    for (auto& c : changes)
      list.push_back({{"id", c.id},
                      {"node", c.node ? json(*c.node) : json(nullptr)},
                      {"kind", c.kind},
                      {"target", c.target},
                      {"status", status_text(run, c)},
                      {"before_sha256", c.before_sha256 ? json(*c.before_sha256) : json(nullptr)},
                      {"after_sha256", c.after_sha256 ? json(*c.after_sha256) : json(nullptr)},
                      {"at", c.at}});
    print_json(ctx.out, {{"run",
                          {{"id", run.id},
                           {"cluster", run.cluster ? json(*run.cluster) : json(nullptr)},
                           {"command", run.command},
                           {"argv", run.argv},
                           {"user", run.user},
                           {"host", run.host},
                           {"reason", run.reason ? json(*run.reason) : json(nullptr)},
                           {"summary", run.summary},
                           {"started_at", run.started_at},
                           {"ended_at", run.ended_at ? json(*run.ended_at) : json(nullptr)},
                           {"exit_status", run.exit_status ? json(*run.exit_status) : json(nullptr)}}},
                         {"changes", list}});
    return exit_ok;
  }
  std::string argv;
  for (auto& a : run.argv) argv += (argv.empty() ? "" : " ") + a;
  ctx.out << "run " << run.id << ": " << run.command << '\n'
          << "  argv     " << argv << '\n'
          << "  by       " << run.user << " on " << run.host << '\n'
          << "  cluster  " << run.cluster.value_or("-") << '\n'
          << "  reason   " << run.reason.value_or("-") << '\n'
          << "  started  " << run.started_at << '\n'
          << "  ended    " << run.ended_at.value_or("never (killed, or still running)") << '\n'
          << "  exit     " << (run.exit_status ? std::to_string(*run.exit_status) : "-") << '\n'
          << "  summary  " << run.summary << "\n\n";
  Table t{{"CHANGE", "NODE", "KIND", "TARGET", "STATUS", "BEFORE", "AFTER"}, {}};
  for (auto& c : changes)
    t.rows.push_back({std::to_string(c.id), c.node.value_or("-"), c.kind, c.target, status_text(run, c),
                      short_sha(c.before_sha256), short_sha(c.after_sha256)});
  print_table(ctx.out, t, ctx.color_stdout());
  return exit_ok;
}

int run_diff(Context& ctx, const RunOpts& o) {
  auto run = find(ctx, o.run);
  auto changes = ledger::list_changes(ctx.ledger_for_reading(), o.run);
  std::string label = " (run " + std::to_string(run.id) + ")";
  json list = json::array();
  for (auto& c : changes) {
    std::string where = (c.node ? *c.node + ":" : "") + c.target;
    std::string text;
    if (c.kind == "secret-file") {
      text = "# " + where + ": a secret file, written; its content is not recorded   [" + status_text(run, c) + "]\n";
    } else if (c.kind == "command") {
      text = "$ " + (c.node ? "[" + *c.node + "] " : std::string()) + c.target + "   [" + status_text(run, c) + "]\n" +
             c.after.value_or("");
    } else {
      text = unified_diff(c.before.value_or(""), c.after.value_or(""), c.before ? where + " before" + label : "/dev/null",
                          c.after ? where + " after" + label : "/dev/null");
      if (c.status != "applied") text = "# " + where + ": " + status_text(run, c) + "\n" + text;
    }
    list.push_back({{"id", c.id}, {"node", c.node ? json(*c.node) : json(nullptr)}, {"kind", c.kind},
                    {"target", c.target}, {"status", status_text(run, c)}, {"diff", text}});
    if (!ctx.globals.json) ctx.out << text;
  }
  if (ctx.globals.json) print_json(ctx.out, {{"run_id", run.id}, {"changes", list}});
  return exit_ok;
}

int run_undo(Context& ctx, const RunOpts& o) {
  auto run = find(ctx, o.run);
  std::vector<node::NodeRef> none;
  auto changing = start_changing_run(ctx, "history undo", none, o.wait, run.cluster);
  node::UndoRequest request{o.run, o.force, changing.settings};
  try {
    auto results = node::undo_run(ctx.ledger_for_reading(), request, changing.log.get());
    int restored = 0, unchanged = 0;
    std::size_t overridden = 0;
    json list = json::array();
    for (auto& r : results) {
      if (r.ok()) {
        restored += r.value->restored;
        unchanged += r.value->unchanged;
        overridden += r.value->overridden.size();
        if (ctx.globals.dry_run && !ctx.globals.json) print_planned(ctx, r.node, r.value->planned);
      }
      list.push_back({{"node", r.node},
                      {"ok", r.ok()},
                      {"restored", r.ok() ? r.value->restored : 0},
                      {"unchanged", r.ok() ? r.value->unchanged : 0},
                      {"planned", r.ok() ? planned_json(r.value->planned) : json::array()},
                      {"error", error_json(r.error)}});
    }
    print_node_errors(ctx, results);
    int status = node::exit_status_for(results);
    std::string summary = "undo of run " + std::to_string(run.id) + " (" + run.command + "): " +
                          std::to_string(restored) + " file(s) restored, " + std::to_string(unchanged) + " already so" +
                          (overridden ? ", forced over " + std::to_string(overridden) + " changed since" : "");
    if (changing.log) changing.log->finish_run(status, summary);
    if (ctx.globals.json)
      print_json(ctx.out, {{"dry_run", ctx.globals.dry_run},
                           {"run_id", changing.log ? json(changing.log->run_id()) : json(nullptr)},
                           {"undone_run", run.id},
                           {"nodes", list}});
    else if (!ctx.globals.dry_run)
      ctx.out << summary << '\n';
    return status;
  } catch (const Error& e) {
    if (changing.log) changing.log->finish_run(exit_code_for(e.kind()), std::string("refused: ") + e.what());
    throw;
  }
}

}  // namespace

void register_history_run(CLI::App& history, Selected& selected) {
  auto show = std::make_shared<RunOpts>();
  auto* s = history.add_subcommand("show", "One run: who, when, why, and each change with its status and hashes");
  s->add_option("run", show->run, "The run's number (see `anvil history`)")->required();
  s->callback([&selected, show] {
    selected.command = "history show";
    selected.run = [show](Context& ctx) { return run_show(ctx, *show); };
  });

  auto diff = std::make_shared<RunOpts>();
  auto* d = history.add_subcommand("diff", "What a run changed, as unified diffs (and the commands it ran)");
  d->add_option("run", diff->run, "The run's number")->required();
  d->callback([&selected, diff] {
    selected.command = "history diff";
    selected.run = [diff](Context& ctx) { return run_diff(ctx, *diff); };
  });

  auto undo = std::make_shared<RunOpts>();
  auto* u = history.add_subcommand("undo", "Put back every file a run wrote, where it is still as the run left it");
  u->add_option("run", undo->run, "The run's number")->required();
  u->add_flag("--force", undo->force, "Overwrite files that changed since the run (recorded)");
  add_lock_wait(u, undo->wait);
  u->callback([&selected, undo] {
    selected.command = "history undo";
    selected.run = [undo](Context& ctx) { return run_undo(ctx, *undo); };
  });
}

}  // namespace anvil::cli
