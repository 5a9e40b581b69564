// Runs and their changes: what anvil did, who asked, and why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/sqlite.hpp"

namespace anvil::ledger {

// Who ran what, filled in by cmd/ from argv and the environment.
struct Invocation {
  std::vector<std::string> argv;
  std::string command;  // "ip-plan set"
  std::string user;
  std::string host;
  std::optional<std::string> reason;
  std::string started_at;
};

struct ChangeRecord {
  std::optional<std::string> node;  // empty for changes to the plan itself
  std::string kind;                 // "plan", later "file", "command"
  std::string target;               // "cluster/an-cluster-01", "/etc/cluster/cluster.conf"
  std::optional<std::string> before;
  std::optional<std::string> after;
  std::string status;               // "applied", "failed", "dry-run"
};

struct RunRow {
  std::int64_t id = 0;
  std::optional<std::string> cluster;
  std::string command;
  std::vector<std::string> argv;
  std::string user;
  std::string host;
  std::optional<std::string> reason;
  std::string summary;
  std::string started_at;
  std::optional<std::string> ended_at;
  std::optional<int> exit_status;
  int changes = 0;
};

// Records a finished run; call inside the transaction of its changes, so
// the run and what it did land together or not at all.
std::int64_t record_run(Db& db, const Invocation& inv, const std::optional<std::string>& cluster,
                        const std::string& summary, int exit_status);

// Stores the before/after content and their SHA-256.
void record_change(Db& db, std::int64_t run_id, const ChangeRecord& change);
// The same, returning the new change's id.
std::int64_t insert_change(Db& db, std::int64_t run_id, const ChangeRecord& change);

// argv as the JSON array the runs table keeps.
std::string argv_json(const std::vector<std::string>& argv);

struct HistoryFilter {
  std::optional<std::string> cluster;
  int limit = 50;
};

// Newest first.
std::vector<RunRow> list_runs(Db& db, const HistoryFilter& filter);

std::optional<RunRow> find_run(Db& db, std::int64_t run_id);

struct ChangeRow {
  std::int64_t id = 0;
  std::optional<std::string> node;
  std::string kind;
  std::string target;
  std::optional<std::string> before_sha256, after_sha256;
  std::optional<std::string> before, after;
  std::string status;  // "applied", "failed...", or "started" (never finished: incomplete)
  std::string at;
};

// In the order they were made.
std::vector<ChangeRow> list_changes(Db& db, std::int64_t run_id);

}  // namespace anvil::ledger
