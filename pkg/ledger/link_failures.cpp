#include "ledger/link_failures.hpp"

#include "core/time.hpp"

namespace anvil::ledger {

std::map<LinkKey, LinkCount> load_link_failures(Db& db, const std::string& cluster, const std::string& node) {
  std::map<LinkKey, LinkCount> out;
  auto q = db.prepare(
      "SELECT bond, slave, count, seen_at FROM link_failures "
      "WHERE cluster_id = (SELECT id FROM clusters WHERE name = ?) AND node = ?");
  q.bind(1, cluster).bind(2, node);
  while (q.step()) out[{q.text(0), q.text(1)}] = {q.integer(2), q.text(3)};
  return out;
}

void store_link_failures(Db& db, const std::string& cluster, const std::string& node,
                         const std::map<LinkKey, std::int64_t>& counts) {
  Transaction tx(db);
  db.prepare("DELETE FROM link_failures WHERE cluster_id = (SELECT id FROM clusters WHERE name = ?) AND node = ?")
      .bind(1, cluster).bind(2, node).run();
  const auto now = now_utc();
  for (auto& [key, count] : counts)
    db.prepare(
          "INSERT INTO link_failures (cluster_id, node, bond, slave, count, seen_at) "
          "SELECT id, ?, ?, ?, ?, ? FROM clusters WHERE name = ?")
        .bind(1, node).bind(2, key.bond).bind(3, key.slave).bind(4, count).bind(5, now).bind(6, cluster).run();
  tx.commit();
}

}  // namespace anvil::ledger
