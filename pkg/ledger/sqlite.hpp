// A thin RAII layer over SQLite: the connection, prepared statements and
// transactions. Errors become anvil::Error; a busy database becomes
// ErrorKind::locked so the user hears that another anvil holds the ledger.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/handle.hpp"

namespace anvil::ledger {

using SqliteDb = Handle<sqlite3, &sqlite3_close_v2>;
using SqliteStmt = Handle<sqlite3_stmt, &sqlite3_finalize>;

class Db;

class Statement {
 public:
  Statement(Db& db, SqliteStmt stmt) : db_(&db), stmt_(std::move(stmt)) {}

  Statement& bind(int index, const std::string& text);
  Statement& bind(int index, const char* text) { return bind(index, std::string(text)); }
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, const std::optional<std::string>& text);
  Statement& bind(int index, const std::optional<int>& value);
  Statement& bind_null(int index);

  // Advances to the next row; false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run() { while (step()) {} }

  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t integer(int column) const;
  std::optional<int> optional_int(int column) const;

 private:
  Db* db_;
  SqliteStmt stmt_;
};

class Db {
 public:
  Db(SqliteDb handle, std::string path) : handle_(std::move(handle)), path_(std::move(path)) {}

  void exec(const std::string& sql);
  Statement prepare(const std::string& sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(handle_.get()); }
  const std::string& path() const { return path_; }
  sqlite3* raw() const { return handle_.get(); }

  // Throws the anvil::Error that matches SQLite's result code.
  [[noreturn]] void fail(int rc, const std::string& during) const;

 private:
  SqliteDb handle_;
  std::string path_;
};

// BEGIN IMMEDIATE in the constructor (the write lock is taken up front, so a
// second writer waits or is refused before it has read anything), ROLLBACK in
// the destructor unless commit() ran.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};

}  // namespace anvil::ledger
