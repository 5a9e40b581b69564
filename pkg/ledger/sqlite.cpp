#include "ledger/sqlite.hpp"

#include "core/error.hpp"

namespace anvil::ledger {

void Db::fail(int rc, const std::string& during) const {
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    throw Error(ErrorKind::locked, "the ledger " + path_ + " is in use by another anvil; try again when it has finished");
  std::string detail = handle_ ? sqlite3_errmsg(handle_.get()) : sqlite3_errstr(rc);
  throw failure("ledger " + path_ + ": " + during + ": " + detail);
}

void Db::exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(handle_.get(), sql.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);  // Db::fail reads the same text from sqlite3_errmsg
  if (rc != SQLITE_OK) fail(rc, "running SQL");
}

Statement Db::prepare(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(handle_.get(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
  SqliteStmt stmt(raw);
  if (rc != SQLITE_OK) fail(rc, "preparing a query");
  return Statement(*this, std::move(stmt));
}

Statement& Statement::bind(int index, const std::string& text) {
  int rc = sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_.get(), index, value);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, *text) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<int>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_.get(), index);
  if (rc != SQLITE_OK) db_->fail(rc, "binding a value");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_->fail(rc, "reading or writing");
}

std::string Statement::text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))) : std::string();
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

std::optional<int> Statement::optional_int(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return static_cast<int>(integer(column));
}

Transaction::Transaction(Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace anvil::ledger
