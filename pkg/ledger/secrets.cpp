#include "ledger/secrets.hpp"

#include "core/error.hpp"

namespace anvil::ledger {

void set_secret(Db& db, const std::string& cluster, const std::string& device, const std::string& secret) {
  Transaction tx(db);
  auto q = db.prepare(
      "INSERT INTO secrets (cluster_id, device, secret) SELECT id, ?, ? FROM clusters WHERE name = ? "
      "ON CONFLICT (cluster_id, device) DO UPDATE SET secret = excluded.secret");
  q.bind(1, device).bind(2, secret).bind(3, cluster).run();
  tx.commit();
}

std::optional<std::string> secret_of(Db& db, const std::string& cluster, const std::string& device) {
  auto q = db.prepare("SELECT secret FROM secrets WHERE cluster_id = (SELECT id FROM clusters WHERE name = ?) AND device = ?");
  q.bind(1, cluster).bind(2, device);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

bool has_secret(Db& db, const std::string& cluster, const std::string& device) {
  return secret_of(db, cluster, device).has_value();
}

}  // namespace anvil::ledger
