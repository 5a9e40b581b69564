#include "ledger/ledger.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"
#include "ledger/migrations.hpp"

namespace anvil::ledger {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string parent_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// mkdir -p, with 0700 for the directories it creates: the ledger holds the
// plan of production clusters and, later, fence credentials.
void make_directories(const std::string& dir) {
  if (dir.empty() || dir == "/" || dir == ".") return;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw failure("cannot create the ledger: " + dir + " is not a directory");
    return;
  }
  make_directories(parent_of(dir));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    throw failure("cannot create the ledger directory " + dir + ": " + std::strerror(errno));
}

// SQLite would create the file with 0644 less the umask; create it first
// so it is 0600 from its first byte. Its -wal and -shm files inherit the mode.
void create_private_file(const std::string& path) {
  make_directories(parent_of(path));
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    throw failure("cannot create the ledger " + path + ": " + std::strerror(errno));
  if (fd >= 0) {
    ::fchmod(fd, 0600);  // the umask may have taken bits away, never added them
    ::close(fd);
  }
}

Db open_handle(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(SqliteDb(raw), path);
  if (rc != SQLITE_OK) db.fail(rc, "opening");
  return db;
}

}  // namespace

std::string resolve_path(const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (auto from_env = env("ANVIL_LEDGER"); !from_env.empty()) return from_env;
  if (::geteuid() == 0) return "/var/lib/anvil/ledger.db";
  auto state = env("XDG_STATE_HOME");
  if (state.empty()) {
    auto home = env("HOME");
    if (home.empty()) throw usage_error("cannot place the ledger: HOME is not set; pass --ledger PATH");
    state = home + "/.local/state";
  }
  return state + "/anvil/ledger.db";
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

int busy_timeout_ms() {
  auto text = env("ANVIL_LEDGER_TIMEOUT_MS");
  if (text.empty()) return 5000;
  char* end = nullptr;
  long ms = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || ms < 0 || ms > 3'600'000)
    throw usage_error("ANVIL_LEDGER_TIMEOUT_MS='" + text + "' is not a number of milliseconds (0-3600000)");
  return static_cast<int>(ms);
}

Db open(const std::string& path, OpenMode mode) {
  if (!exists(path)) {
    if (mode == OpenMode::existing)
      throw failure("no ledger at " + path + "; plan a cluster first with `anvil ip-plan init`, or pass --ledger PATH");
    create_private_file(path);
  }
  Db db = open_handle(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  sqlite3_busy_timeout(db.raw(), busy_timeout_ms());
  db.exec("PRAGMA foreign_keys = ON");
  db.prepare("PRAGMA journal_mode = WAL").run();  // run to the end: a live statement would lock the schema
  migrate(db);
  return db;
}

std::optional<Db> open_for_lookup(const std::string& path) {
  if (!exists(path)) return std::nullopt;
  try {
    Db db = open_handle(path, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX);
    if (schema_version(db) < 1) return std::nullopt;
    return db;
  } catch (const Error&) {
    return std::nullopt;
  }
}

Db open_scratch() {
  Db db = open_handle(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  db.exec("PRAGMA foreign_keys = ON");
  migrate(db);
  return db;
}

}  // namespace anvil::ledger
