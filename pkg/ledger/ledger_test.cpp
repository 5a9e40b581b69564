#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdlib>

#include "core/error.hpp"
#include "ledger/ledger.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;
using namespace anvil::ledger;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  EnvGuard(std::string n, const char* value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    if (value)
      ::setenv(name.c_str(), value, 1);
    else
      ::unsetenv(name.c_str());
  }
  ~EnvGuard() {
    if (old)
      ::setenv(name.c_str(), old->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("the ledger and its directory are created private", "[ledger]") {
  test::TempDir dir;
  auto old_umask = ::umask(0);  // even with a permissive umask
  auto path = dir.path() + "/state/anvil/ledger.db";
  {
    auto db = open(path, OpenMode::create);
    db.exec("CREATE TABLE t (x)");  // make SQLite write, and create the -wal file
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(dir.path() + "/state/anvil") == 0700);
    CHECK(mode_of(path + "-wal") == 0600);
    auto q = db.prepare("PRAGMA journal_mode");
    REQUIRE(q.step());
    CHECK(q.text(0) == "wal");
  }
  ::umask(old_umask);
}

TEST_CASE("opening a missing ledger for reading refuses with a hint and creates nothing", "[ledger]") {
  test::TempDir dir;
  auto path = dir.file("none.db");
  try {
    open(path, OpenMode::existing);
    FAIL("opened");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("anvil ip-plan init") != std::string::npos);
  }
  struct stat st {};
  CHECK(::stat(path.c_str(), &st) != 0);
  CHECK_FALSE(open_for_lookup(path));
}

TEST_CASE("the ledger path follows flag, environment, then the user's state directory", "[ledger]") {
  EnvGuard ledger_env("ANVIL_LEDGER", "/tmp/from-env.db");
  CHECK(resolve_path(std::string("/tmp/flag.db")) == "/tmp/flag.db");
  CHECK(resolve_path(std::nullopt) == "/tmp/from-env.db");
  EnvGuard unset("ANVIL_LEDGER", nullptr);
  if (::geteuid() == 0) {
    CHECK(resolve_path(std::nullopt) == "/var/lib/anvil/ledger.db");
  } else {
    EnvGuard state("XDG_STATE_HOME", "/tmp/state");
    CHECK(resolve_path(std::nullopt) == "/tmp/state/anvil/ledger.db");
  }
}

TEST_CASE("a second writer is refused as locked after the busy timeout", "[ledger]") {
  test::TempDir dir;
  auto path = dir.file("l.db");
  EnvGuard timeout("ANVIL_LEDGER_TIMEOUT_MS", "100");
  auto holder = open(path, OpenMode::create);
  Transaction held(holder);
  auto second = open(path, OpenMode::existing);
  try {
    Transaction tx(second);
    FAIL("two writers at once");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::locked);
    CHECK(std::string(e.what()).find("in use by another anvil") != std::string::npos);
  }
}

TEST_CASE("a bad busy timeout is a usage error", "[ledger]") {
  EnvGuard timeout("ANVIL_LEDGER_TIMEOUT_MS", "soon");
  try {
    busy_timeout_ms();
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
  }
}
