#include "ledger/change_log.hpp"

#include "core/sha256.hpp"
#include "core/time.hpp"

namespace anvil::ledger {

ChangeLog::ChangeLog(Db& db, const Invocation& inv, const std::optional<std::string>& cluster) : db_(db) {
  db_.prepare("INSERT INTO runs (cluster, command, argv, user, host, reason, started_at) VALUES (?,?,?,?,?,?,?)")
      .bind(1, cluster).bind(2, inv.command).bind(3, argv_json(inv.argv)).bind(4, inv.user).bind(5, inv.host)
      .bind(6, inv.reason).bind(7, inv.started_at).run();
  run_id_ = db_.last_insert_id();
}

std::int64_t ChangeLog::begin(const ChangeRecord& c) {
  std::lock_guard<std::mutex> hold(mutex_);
  return insert_change(db_, run_id_, c);
}

void ChangeLog::finish(std::int64_t change_id, const std::string& status) {
  std::lock_guard<std::mutex> hold(mutex_);
  db_.prepare("UPDATE changes SET status = ?, at = ? WHERE id = ?").bind(1, status).bind(2, now_utc()).bind(3, change_id).run();
}

void ChangeLog::set_after(std::int64_t change_id, const std::string& content) {
  std::lock_guard<std::mutex> hold(mutex_);
  db_.prepare("UPDATE changes SET after_content = ?, after_sha256 = ? WHERE id = ?")
      .bind(1, content).bind(2, sha256_hex(content)).bind(3, change_id).run();
}

void ChangeLog::finish_run(int exit_status, const std::string& summary) {
  std::lock_guard<std::mutex> hold(mutex_);
  db_.prepare("UPDATE runs SET ended_at = ?, exit_status = ?, summary = ? WHERE id = ?")
      .bind(1, now_utc()).bind(2, exit_status).bind(3, summary).bind(4, run_id_).run();
}

}  // namespace anvil::ledger
