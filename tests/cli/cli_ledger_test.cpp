// The ledger file as users meet it: where it lives, who may read it, and
// what happens when another anvil holds it.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("the ledger is created 0600 in a 0700 directory", "[cli][ledger]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  CHECK(mode_of(a.ledger()) == 0600);
  CHECK(mode_of(a.dir().file("state")) == 0700);
  auto custom = a.dir().file("elsewhere/deeper/my.db");
  a.run_ok({"--ledger", custom, "ip-plan", "init"});
  CHECK(mode_of(custom) == 0600);
}

TEST_CASE("a second anvil is told the ledger is in use: exit 11", "[cli][ledger]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto before = read_file(a.ledger());
  sqlite3* holder = nullptr;
  REQUIRE(sqlite3_open(a.ledger().c_str(), &holder) == SQLITE_OK);
  REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  RunOptions quick;
  quick.env["ANVIL_LEDGER_TIMEOUT_MS"] = "200";
  auto r = a.run({"ip-plan", "add", "vm", "vm1"}, quick);
  CHECK(r.status == 11);
  CHECK(r.err == "anvil: the ledger " + a.ledger() + " is in use by another anvil; try again when it has finished\n");
  // Readers are not blocked by a writer (WAL).
  CHECK(a.run({"ip-plan", "show"}, quick).status == 0);
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  CHECK(read_file(a.ledger()) == before);
  a.run_ok({"ip-plan", "add", "vm", "vm1"});
}

TEST_CASE("a ledger from a newer anvil is refused and left alone", "[cli][ledger]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(a.ledger().c_str(), &db) == SQLITE_OK);
  sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  auto before = read_file(a.ledger());
  auto r = a.run({"ip-plan", "show"});
  CHECK(r.status == 1);
  CHECK(r.err.find("schema version 99, newer than this anvil knows") != std::string::npos);
  CHECK(read_file(a.ledger()) == before);
}

TEST_CASE("a file that is not a ledger is refused with the path", "[cli][ledger]") {
  Anvil a;
  std::filesystem::create_directories(a.dir().file("state"));
  write_file(a.ledger(), "this is not an SQLite database, just text that someone put here by mistake\n");
  auto r = a.run({"ip-plan", "show"});
  CHECK(r.status == 1);
  CHECK(lines(r.err).size() == 1);
  CHECK(r.err.find(a.ledger()) != std::string::npos);
}

TEST_CASE("the default ledger path: root's and a user's", "[cli][ledger]") {
  Anvil a;
  RunOptions no_ledger;
  no_ledger.unset = {"ANVIL_LEDGER"};
  std::vector<std::string> argv = {anvil_bin(), "-v", "--dry-run", "ip-plan", "init"};
  if (::geteuid() == 0) {
    auto r = run_process(argv, no_ledger);
    CHECK(r.err.find("/var/lib/anvil/ledger.db") != std::string::npos);
    // As an unprivileged user: $XDG_STATE_HOME, else ~/.local/state.
    auto home = a.dir().file("home");
    std::filesystem::create_directories(home);
    ::chown(home.c_str(), 65534, 65534);
    ::chmod(a.dir().path().c_str(), 0755);
    std::vector<std::string> as_nobody = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", anvil_bin(),
                                          "ip-plan", "init"};
    RunOptions env = no_ledger;
    env.env["HOME"] = home;
    env.unset.push_back("XDG_STATE_HOME");
    auto user = run_process(as_nobody, env);
    INFO(user.err);
    REQUIRE(user.status == 0);
    CHECK(mode_of(home + "/.local/state/anvil/ledger.db") == 0600);
    env.env["XDG_STATE_HOME"] = home + "/xdg";
    CHECK(run_process(as_nobody, env).status == 0);
    CHECK(std::filesystem::exists(home + "/xdg/anvil/ledger.db"));
  } else {
    no_ledger.env["XDG_STATE_HOME"] = a.dir().file("xdg");
    auto r = run_process(argv, no_ledger);
    CHECK(r.err.find(a.dir().file("xdg") + "/anvil/ledger.db") != std::string::npos);
  }
}
