#include "ledger/fence_events.hpp"

#include "core/time.hpp"

namespace anvil::ledger {

void record_fence_event(Db& db, const FenceEvent& e) {
  db.prepare(
        "INSERT INTO fence_events (cluster, at, kind, node, method, device, from_node, action, outcome, took_ms, run_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, e.cluster).bind(2, e.at.empty() ? now_utc() : e.at).bind(3, e.kind).bind(4, e.node).bind(5, e.method)
      .bind(6, e.device).bind(7, e.from_node).bind(8, e.action).bind(9, e.outcome).bind(10, e.took_ms)
      .bind(11, e.run_id ? std::optional<int>(static_cast<int>(*e.run_id)) : std::nullopt)
      .run();
}

std::vector<FenceEvent> list_fence_events(Db& db, const std::string& cluster, int limit) {
  auto q = db.prepare(
      "SELECT id, cluster, at, kind, node, method, device, from_node, action, outcome, took_ms, run_id FROM fence_events "
      "WHERE cluster = ? ORDER BY id DESC LIMIT ?");
  q.bind(1, cluster).bind(2, limit);
  std::vector<FenceEvent> out;
  while (q.step()) {
    FenceEvent e;
    e.id = q.integer(0);
    e.cluster = q.text(1);
    e.at = q.text(2);
    e.kind = q.text(3);
    e.node = q.text(4);
    e.method = q.text(5);
    e.device = q.text(6);
    e.from_node = q.text(7);
    e.action = q.text(8);
    e.outcome = q.text(9);
    e.took_ms = q.integer(10);
    if (auto r = q.optional_int(11)) e.run_id = *r;
    out.push_back(e);
  }
  return out;
}

}  // namespace anvil::ledger
