#include "node_output.hpp"

#include "core/exit_code.hpp"
#include "core/unified_diff.hpp"

namespace anvil::cli {

void print_planned(Context& ctx, const std::string& node, const std::vector<exec::PlannedAction>& planned) {
  ctx.out << "== " << node << (planned.empty() ? ": nothing to change" : "") << '\n';
  for (auto& a : planned) {
    switch (a.kind) {
      case exec::PlannedAction::Kind::write:
        ctx.out << unified_diff(a.before.value_or(""), *a.after,
                                a.before ? node + ":" + a.target : "/dev/null", node + ":" + a.target + " (anvil)");
        break;
      case exec::PlannedAction::Kind::remove:
        ctx.out << unified_diff(*a.before, "", node + ":" + a.target, "/dev/null");
        break;
      case exec::PlannedAction::Kind::command:
        ctx.out << "$ " << a.target << '\n';
        break;
    }
  }
}

json planned_json(const std::vector<exec::PlannedAction>& planned) {
  json out = json::array();
  for (auto& a : planned) {
    const char* kind = a.kind == exec::PlannedAction::Kind::write    ? "write"
                       : a.kind == exec::PlannedAction::Kind::remove ? "remove"
                                                                     : "command";
    json item = {{"action", kind}, {"target", a.target}};
    if (a.kind != exec::PlannedAction::Kind::command) item["diff"] = unified_diff(a.before.value_or(""), a.after.value_or(""), "before", "after");
    out.push_back(item);
  }
  return out;
}

json error_json(const std::optional<Error>& error) {
  if (!error) return nullptr;
  const char* kind = error->kind() == ErrorKind::unreachable ? "unreachable"
                     : error->kind() == ErrorKind::locked    ? "locked"
                     : error->kind() == ErrorKind::usage     ? "usage"
                                                             : "failed";
  return {{"kind", kind}, {"message", error->what()}};
}

bool report_unreadable(Context& ctx, const std::string& node, const std::optional<Error>& error, std::size_t nodes, json& list,
                       int& status) {
  if (!error) return false;
  if (!ctx.globals.json) print_error(ctx.err, node + ": " + error->what(), "", false, ctx.color_stderr());
  list.push_back({{"node", node}, {"ok", false}, {"error", error_json(error)}});
  status = nodes == 1 ? exit_code_for(error->kind()) : exit_partial;
  return true;
}

}  // namespace anvil::cli
