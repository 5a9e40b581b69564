#include "ledger/history.hpp"

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "core/time.hpp"

namespace anvil::ledger {

std::int64_t record_run(Db& db, const Invocation& inv, const std::optional<std::string>& cluster,
                        const std::string& summary, int exit_status) {
  db.prepare(
        "INSERT INTO runs (cluster, command, argv, user, host, reason, summary, started_at, ended_at, exit_status) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, cluster).bind(2, inv.command).bind(3, argv_json(inv.argv)).bind(4, inv.user)
      .bind(5, inv.host).bind(6, inv.reason).bind(7, summary).bind(8, inv.started_at).bind(9, now_utc())
      .bind(10, exit_status).run();
  return db.last_insert_id();
}

std::string argv_json(const std::vector<std::string>& argv) { return nlohmann::json(argv).dump(); }

void record_change(Db& db, std::int64_t run_id, const ChangeRecord& c) { insert_change(db, run_id, c); }

std::int64_t insert_change(Db& db, std::int64_t run_id, const ChangeRecord& c) {
  auto hash = [](const std::optional<std::string>& content) {
    return content ? std::optional<std::string>(sha256_hex(*content)) : std::nullopt;
  };
  db.prepare(
        "INSERT INTO changes (run_id, node, kind, target, before_sha256, after_sha256, before_content, "
        "after_content, status, at) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, run_id).bind(2, c.node).bind(3, c.kind).bind(4, c.target).bind(5, hash(c.before))
      .bind(6, hash(c.after)).bind(7, c.before).bind(8, c.after).bind(9, c.status).bind(10, now_utc()).run();
  return db.last_insert_id();
}

namespace {

constexpr const char* run_columns =
    "SELECT r.id, r.cluster, r.command, r.argv, r.user, r.host, r.reason, r.summary, r.started_at, r.ended_at, "
    "r.exit_status, (SELECT count(*) FROM changes c WHERE c.run_id = r.id) FROM runs r ";

std::vector<RunRow> read_runs(Statement& q) {
  std::vector<RunRow> rows;
  while (q.step()) {
    RunRow r;
    r.id = q.integer(0);
    r.cluster = q.optional_text(1);
    r.command = q.text(2);
    auto argv = nlohmann::json::parse(q.text(3), nullptr, false);
    if (argv.is_array())
      for (auto& a : argv) r.argv.push_back(a.is_string() ? a.get<std::string>() : a.dump());
    r.user = q.text(4);
    r.host = q.text(5);
    r.reason = q.optional_text(6);
    r.summary = q.text(7);
    r.started_at = q.text(8);
    r.ended_at = q.optional_text(9);
    r.exit_status = q.optional_int(10);
    r.changes = static_cast<int>(q.integer(11));
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace

std::vector<RunRow> list_runs(Db& db, const HistoryFilter& filter) {
  auto q = db.prepare(std::string(run_columns) + "WHERE (?1 IS NULL OR r.cluster = ?1) ORDER BY r.id DESC LIMIT ?2");
  q.bind(1, filter.cluster).bind(2, filter.limit);
  return read_runs(q);
}

std::optional<RunRow> find_run(Db& db, std::int64_t run_id) {
  auto q = db.prepare(std::string(run_columns) + "WHERE r.id = ?");
  q.bind(1, run_id);
  auto rows = read_runs(q);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::vector<ChangeRow> list_changes(Db& db, std::int64_t run_id) {
  auto q = db.prepare(
      "SELECT id, node, kind, target, before_sha256, after_sha256, before_content, after_content, status, at "
      "FROM changes WHERE run_id = ? ORDER BY id");
  q.bind(1, run_id);
  std::vector<ChangeRow> rows;
  while (q.step())
    rows.push_back({q.integer(0), q.optional_text(1), q.text(2), q.text(3), q.optional_text(4), q.optional_text(5),
                    q.optional_text(6), q.optional_text(7), q.text(8), q.text(9)});
  return rows;
}

}  // namespace anvil::ledger
