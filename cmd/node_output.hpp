// Printing what happened on nodes: per-node failures, dry-run plans, and
// the exit status of a run over several nodes.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "context.hpp"
#include "exec/dry_run.hpp"
#include "exec/fan_out.hpp"
#include "output.hpp"

namespace anvil::cli {

// "== an-node01" then a unified diff per file and "$ command" per command.
void print_planned(Context& ctx, const std::string& node, const std::vector<exec::PlannedAction>& planned);
json planned_json(const std::vector<exec::PlannedAction>& planned);

// "anvil: an-node02: cannot reach node ..." for each node that failed.
template <class T>
void print_node_errors(Context& ctx, const std::vector<exec::NodeResult<T>>& results);

json error_json(const std::optional<Error>& error);

// A status command's node that could not be read: one line on stderr (not
// with --json), its entry in `list`, and `status` (the error's own exit
// code when it was the only node, else partial). False when it was read.
bool report_unreadable(Context& ctx, const std::string& node, const std::optional<Error>& error, std::size_t nodes, json& list,
                       int& status);

template <class T>
void print_node_errors(Context& ctx, const std::vector<exec::NodeResult<T>>& results) {
  if (ctx.globals.json) return;  // the JSON document carries them
  for (auto& r : results)
    if (!r.ok()) print_error(ctx.err, r.node + ": " + r.error->what(), "", false, ctx.color_stderr());
}

}  // namespace anvil::cli
