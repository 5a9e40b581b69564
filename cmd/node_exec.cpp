// `anvil node exec` and `anvil node put`: an ad-hoc command, or a file,
// on many nodes at once; recorded in the ledger, with --dry-run.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <ostream>
#include <sstream>

#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "node/operations.hpp"
#include "node_common.hpp"
#include "node_output.hpp"

namespace anvil::cli {
namespace {

struct ExecOpts {
  NodeArgs nodes;
  int timeout = 120;
};

void prefix_lines(std::ostream& out, const std::string& node, const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out << node << ": " << line << '\n';
}

int run_exec(Context& ctx, ExecOpts o) {
  const auto& command = ctx.after_dashes;
  if (command.empty())
    throw usage_error("give the command after --, e.g. `anvil node exec --all -- uptime`");
  auto nodes = selected_nodes(ctx, o.nodes);
  std::string line;
  for (auto& w : command) line += (line.empty() ? "" : " ") + w;  // as ssh(1) joins them: a shell command line
  auto run = start_changing_run(ctx, "node exec", nodes, o.nodes);
  run.settings.lock = false;  // an ad-hoc command must not wait behind, or block, a change
  node::NodeSessions sessions(nodes);
  auto results = node::run_command(sessions, run.settings, run.log.get(),
                                   {line, "", std::chrono::seconds(o.timeout), true});
  json list = json::array();
  for (auto& r : results) {
    json item = {{"node", r.node}, {"ok", r.ok() && r.value->value.ok()}, {"error", error_json(r.error)}};
    if (r.ok()) {
      auto& c = r.value->value;
      item["exit_status"] = c.exit_status;
      item["signal"] = c.signal.empty() ? json(nullptr) : json(c.signal);
      item["timed_out"] = c.timed_out;
      item["stdout"] = c.out;
      item["stderr"] = c.err;
    }
    list.push_back(item);
    if (ctx.globals.json || !r.ok()) continue;
    if (ctx.globals.dry_run) {
      print_planned(ctx, r.node, r.value->planned);
      continue;
    }
    prefix_lines(ctx.out, r.node, r.value->value.out);
    prefix_lines(ctx.err, r.node, r.value->value.err);
    if (!r.value->value.ok()) print_error(ctx.err, r.node + ": " + r.value->value.describe(), "", false, ctx.color_stderr());
  }
  print_node_errors(ctx, results);
  std::size_t ok_nodes = 0;
  for (auto& r : results) ok_nodes += r.ok() && r.value->value.ok();
  // Partial only when the command succeeded somewhere; nowhere is a failure
  // (or 10 when no node could even be reached).
  int status = node::exit_status_for(results);
  if (ok_nodes == results.size())
    status = exit_ok;
  else if (ok_nodes > 0)
    status = exit_partial;
  else if (status != exit_unreachable && status != exit_locked)
    status = exit_failed;
  if (run.log)
    run.log->finish_run(status, line + ": ok on " + std::to_string(ok_nodes) + " of " +
                                    std::to_string(results.size()) + " node(s)");
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run},
                         {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"command", line},
                         {"nodes", list}});
  return status;
}

struct PutOpts {
  NodeArgs nodes;
  std::string path;
  std::string from;
  std::string mode = "0644";
  std::string owner = "root:root";
};

std::string read_content(const std::string& from) {
  if (from.empty() || from == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::ifstream in(from, std::ios::binary);
  if (!in) throw usage_error("cannot read " + from);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int run_put(Context& ctx, const PutOpts& o) {
  if (o.path.empty() || o.path.front() != '/') throw usage_error("the path on the nodes must be absolute, not '" + o.path + "'");
  if (o.mode.size() < 3 || o.mode.size() > 4 || o.mode.find_first_not_of("01234567") != std::string::npos)
    throw usage_error("invalid --mode '" + o.mode + "': give octal digits such as 0644");
  auto nodes = selected_nodes(ctx, o.nodes);
  auto content = read_content(o.from);
  auto run = start_changing_run(ctx, "node put", nodes, o.nodes);
  node::NodeSessions sessions(nodes);
  auto results = node::put_file(sessions, run.settings, run.log.get(), {o.path, content, o.mode, o.owner});
  std::size_t changed = 0;
  json list = json::array();
  for (auto& r : results) {
    bool node_changed = r.ok() && r.value->value != "unchanged";
    if (node_changed) ++changed;
    list.push_back({{"node", r.node},
                    {"ok", r.ok()},
                    {"changed", node_changed},
                    {"result", r.ok() ? json(r.value->value) : json(nullptr)},
                    {"planned", r.ok() ? planned_json(r.value->planned) : json::array()},
                    {"error", error_json(r.error)}});
    if (ctx.globals.json || !r.ok()) continue;
    if (ctx.globals.dry_run)
      print_planned(ctx, r.node, r.value->planned);
    else
      ctx.out << r.node << ": " << o.path << ' ' << r.value->value << '\n';
  }
  print_node_errors(ctx, results);
  int status = node::exit_status_for(results);
  if (run.log)
    run.log->finish_run(status, o.path + " written on " + std::to_string(changed) + " of " +
                                    std::to_string(results.size()) + " node(s)");
  if (ctx.globals.json)
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run},
                         {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"path", o.path},
                         {"nodes", list}});
  return status;
}

}  // namespace

void register_node_exec(CLI::App& node, Selected& selected) {
  auto e = std::make_shared<ExecOpts>();
  auto* exec = node.add_subcommand("exec", "Run a command on nodes: anvil node exec NODE...|--all -- COMMAND...");
  add_node_selection(exec, e->nodes, "run it on");
  exec->add_option("--timeout", e->timeout, "Seconds before the command is killed")->check(CLI::Range(1, 86400))->capture_default_str();
  exec->callback([&selected, e] {
    selected.command = "node exec";
    selected.takes_command = true;
    selected.run = [e](Context& ctx) { return run_exec(ctx, *e); };
  });

  auto p = std::make_shared<PutOpts>();
  auto* put = node.add_subcommand("put", "Write a file on nodes, atomically, from stdin or --from FILE");
  put->add_option("path", p->path, "Absolute path of the file on the nodes")->required();
  add_node_selection(put, p->nodes, "write it on");
  put->add_option("--from", p->from, "Local file with the content (default: stdin)");
  put->add_option("--mode", p->mode, "Octal file mode")->capture_default_str();
  put->add_option("--owner", p->owner, "Owner and group")->capture_default_str();
  add_lock_wait(put, p->nodes);
  put->callback([&selected, p] {
    selected.command = "node put";
    selected.run = [p](Context& ctx) { return run_put(ctx, *p); };
  });
}

}  // namespace anvil::cli
