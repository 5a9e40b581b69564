#include "node/undo.hpp"

#include <map>
#include <set>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "exec/quote.hpp"

namespace anvil::node {
namespace {

std::string describe(const std::optional<std::string>& sha) {
  return sha ? "sha256 " + sha->substr(0, 12) : std::string("no such file");
}

// Mode and owner of the file now, so that putting content back keeps them.
exec::FileWrite restoring(exec::Executor& ex, const std::string& path, const std::string& content) {
  exec::FileWrite w{path, content, "0644", "root:root"};
  auto r = ex.run({"stat -c '%a %u:%g' -- " + exec::shell_quote(path), "", std::chrono::seconds(30), false});
  if (r.ok()) {
    auto space = r.out.find(' ');
    if (space != std::string::npos) {
      w.mode = r.out.substr(0, space);
      w.owner = r.out.substr(space + 1, r.out.find('\n') - space - 1);
    }
  }
  return w;
}

struct NodeCheck {
  std::vector<UndoConflict> conflicts;
  std::set<std::string> already;  // paths already as they were before the run
};

}  // namespace

std::vector<UndoStep> undo_steps(const std::vector<ledger::ChangeRow>& changes) {
  std::vector<UndoStep> steps;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (auto& c : changes) {
    if (c.kind != "file" || !c.node) continue;
    if (c.status.rfind("failed", 0) == 0) continue;  // nothing was written
    auto key = std::make_pair(*c.node, c.target);
    auto it = index.find(key);
    if (it == index.end()) {
      index[key] = steps.size();
      steps.push_back({*c.node, c.target, c.before, c.after_sha256});
    } else {
      steps[it->second].left_sha256 = c.after_sha256;  // the last write is what the run left
    }
  }
  return steps;
}

std::vector<exec::NodeResult<UndoOutcome>> undo_run(ledger::Db& db, const UndoRequest& request, ledger::ChangeLog* log) {
  auto run = ledger::find_run(db, request.run_id);
  if (!run) throw usage_error("no run " + std::to_string(request.run_id) + " in the ledger; `anvil history` lists them");
  auto steps = undo_steps(ledger::list_changes(db, request.run_id));
  if (steps.empty())
    throw failure("run " + std::to_string(request.run_id) + " (" + run->command +
                  ") wrote no file on a node; there is nothing to undo" +
                  (run->command.rfind("ip-plan", 0) == 0 ? " (plan edits are changed back with `anvil ip-plan set`)" : ""));
  Selection selection;
  selection.cluster = run->cluster;
  for (auto& s : steps) selection.names.push_back(s.node);
  NodeSessions sessions(select_nodes(db, selection));

  auto mine = [&](const NodeRef& ref) {
    std::vector<const UndoStep*> out;
    for (auto& s : steps)
      if (s.node == ref.node.name) out.push_back(&s);
    return out;
  };

  // Phase 1: every file on every node, before anything is written.
  auto checks = on_nodes<NodeCheck>(sessions, request.settings, nullptr, [&](exec::Executor& ex, const NodeRef& ref) {
    NodeCheck check;
    for (auto* s : mine(ref)) {
      auto now = ex.read_file(s->path);
      if (now == s->restore) {
        check.already.insert(s->path);
        continue;
      }
      auto found = now ? std::optional<std::string>(sha256_hex(*now)) : std::nullopt;
      if (found != s->left_sha256) check.conflicts.push_back({ref.node.name, s->path, describe(s->left_sha256), describe(found)});
    }
    return check;
  });
  std::vector<UndoConflict> conflicts;
  for (auto& c : checks) {
    if (!c.ok()) throw *c.error;  // a node we cannot check is a node we must not half-restore
    auto& found = c.value->value.conflicts;
    conflicts.insert(conflicts.end(), found.begin(), found.end());
  }
  if (!conflicts.empty() && !request.force) {
    auto& c = conflicts.front();
    throw failure(c.node + ":" + c.path + " changed since run " + std::to_string(request.run_id) + " (the run left " +
                  c.expected + ", the node now has " + c.found + ")" +
                  (conflicts.size() > 1 ? " and " + std::to_string(conflicts.size() - 1) + " more file(s) did too" : "") +
                  "; undo refused, nothing was changed (`--force` overwrites them)");
  }

  // Phase 2: put everything back.
  std::map<std::string, NodeCheck> by_node;
  for (std::size_t i = 0; i < checks.size(); ++i) by_node[sessions.nodes()[i].node.name] = checks[i].value->value;
  auto results = on_nodes<UndoOutcome>(sessions, request.settings, log, [&](exec::Executor& ex, const NodeRef& ref) {
    UndoOutcome out;
    auto& check = by_node[ref.node.name];
    out.overridden = check.conflicts;
    for (auto* s : mine(ref)) {
      if (check.already.count(s->path)) {
        ++out.unchanged;
        continue;
      }
      if (s->restore)
        ex.write_file(restoring(ex, s->path, *s->restore));
      else
        ex.remove_file(s->path);
      ++out.restored;
    }
    return out;
  });
  std::vector<exec::NodeResult<UndoOutcome>> flat;
  for (auto& r : results) {
    exec::NodeResult<UndoOutcome> f{r.node, std::nullopt, r.error};
    if (r.ok()) {
      f.value = r.value->value;
      f.value->planned = r.value->planned;
    }
    flat.push_back(std::move(f));
  }
  return flat;
}

}  // namespace anvil::node
