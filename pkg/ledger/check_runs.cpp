#include "ledger/check_runs.hpp"

namespace anvil::ledger {

void record_check_findings(Db& db, std::int64_t run_id, const std::vector<check::Finding>& findings) {
  Transaction tx(db);
  for (auto& f : findings)
    db.prepare("INSERT INTO check_findings (run_id, severity, id, subject, message, fix) VALUES (?,?,?,?,?,?)")
        .bind(1, run_id).bind(2, check::severity_name(f.severity)).bind(3, f.id).bind(4, f.subject).bind(5, f.message)
        .bind(6, f.fix).run();
  tx.commit();
}

std::optional<std::vector<check::Finding>> previous_check_findings(Db& db, std::int64_t run_id, const std::string& scope) {
  auto q = db.prepare(
      "SELECT id FROM runs WHERE command = 'check' AND id < ? AND ended_at IS NOT NULL AND IFNULL(cluster, '') = ? "
      "ORDER BY id DESC LIMIT 1");
  q.bind(1, run_id).bind(2, scope);
  if (!q.step()) return std::nullopt;
  auto previous = q.integer(0);
  std::vector<check::Finding> out;
  auto f = db.prepare("SELECT severity, id, subject, message, fix FROM check_findings WHERE run_id = ? ORDER BY rowid");
  f.bind(1, previous);
  while (f.step()) {
    check::Severity s = check::Severity::unknown;
    for (auto candidate : {check::Severity::ok, check::Severity::warning, check::Severity::critical, check::Severity::unknown})
      if (f.text(0) == check::severity_name(candidate)) s = candidate;
    out.push_back({s, f.text(1), f.text(2), f.text(3), f.text(4)});
  }
  return out;
}

}  // namespace anvil::ledger
