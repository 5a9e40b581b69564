#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "ipplan/ipplan.hpp"
#include "ledger/ledger.hpp"
#include "ledger/plan_store.hpp"
#include "plan/mutate.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

ledger::Invocation invocation(const std::string& command) {
  return {{"anvil", command}, command, "tester", "testhost", std::string("because"), "2026-01-01T00:00:00.000Z"};
}

// The ledger as bytes on disk: after a checkpoint, the main file holds
// everything, so two equal reads mean nothing changed.
std::string snapshot(const std::string& path) {
  auto db = ledger::open(path, ledger::OpenMode::existing);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return test::read_file(path);
}

}  // namespace

TEST_CASE("init records the plan and one run with its change", "[ipplan]") {
  test::TempDir dir;
  auto db = ledger::open(dir.file("l.db"), ledger::OpenMode::create);
  auto out = ipplan::init(db, ipplan::plan_cluster(plan::InitOptions{}), invocation("ip-plan init"), false);
  CHECK(out.run_id == 1);
  auto runs = ledger::list_runs(db, {});
  REQUIRE(runs.size() == 1);
  CHECK(runs[0].user == "tester");
  CHECK(runs[0].reason == std::optional<std::string>("because"));
  CHECK(runs[0].exit_status == std::optional<int>(0));
  CHECK(runs[0].changes == 1);
  auto q = db.prepare("SELECT kind, target, before_sha256, after_sha256, after_content FROM changes");
  REQUIRE(q.step());
  CHECK(q.text(0) == "plan");
  CHECK(q.text(1) == "cluster/an-cluster-01");
  CHECK_FALSE(q.optional_text(2));
  CHECK(q.text(3) == sha256_hex(q.text(4)));
}

TEST_CASE("a refused edit leaves the ledger byte-for-byte as it was", "[ipplan]") {
  test::TempDir dir;
  auto path = dir.file("l.db");
  {
    auto db = ledger::open(path, ledger::OpenMode::create);
    ipplan::init(db, ipplan::plan_cluster(plan::InitOptions{}), invocation("ip-plan init"), false);
  }
  auto before = snapshot(path);
  {
    auto db = ledger::open(path, ledger::OpenMode::existing);
    // Refused by validation: the address is taken.
    CHECK_THROWS_AS(ipplan::edit(db, "an-cluster-01",
                                 [](plan::Cluster c) { return plan::set_value(std::move(c), "an-node01.bcn", "10.20.0.2"); },
                                 invocation("ip-plan set"), false),
                    Error);
    // Refused half-way through the edit itself.
    CHECK_THROWS_AS(ipplan::edit(db, "an-cluster-01",
                                 [](plan::Cluster c) {
                                   c = plan::add_vm(std::move(c), "vm1", "");
                                   return plan::remove_host(std::move(c), "vm", "ghost");
                                 },
                                 invocation("ip-plan remove"), false),
                    Error);
    // Failing after the plan was already replaced inside the transaction.
    CHECK_THROWS_AS(ipplan::edit(db, "an-cluster-01",
                                 [](plan::Cluster c) {
                                   c = plan::add_vm(std::move(c), "vm1", "");
                                   c.nodes[0].interfaces.push_back(c.nodes[0].interfaces[0]);  // UNIQUE violation
                                   return c;
                                 },
                                 invocation("ip-plan add vm"), false),
                    Error);
  }
  CHECK(snapshot(path) == before);
}

TEST_CASE("a dry run reports the change and writes nothing", "[ipplan]") {
  test::TempDir dir;
  auto path = dir.file("l.db");
  {
    auto db = ledger::open(path, ledger::OpenMode::create);
    ipplan::init(db, ipplan::plan_cluster(plan::InitOptions{}), invocation("ip-plan init"), false);
  }
  auto before = snapshot(path);
  {
    auto db = ledger::open(path, ledger::OpenMode::existing);
    auto out = ipplan::edit(db, "an-cluster-01", [](plan::Cluster c) { return plan::add_vm(std::move(c), "vm1", ""); },
                            invocation("ip-plan add vm"), true);
    CHECK(out.dry_run);
    CHECK(out.run_id == 0);
    REQUIRE(out.changes.size() == 1);
    CHECK(out.changes[0].key == "vm1");
    CHECK(out.changes[0].after == "10.255.1.1");
  }
  CHECK(snapshot(path) == before);
}

TEST_CASE("an edit that changes nothing records no run", "[ipplan]") {
  auto db = ledger::open_scratch();
  ipplan::init(db, ipplan::plan_cluster(plan::InitOptions{}), invocation("ip-plan init"), false);
  auto out = ipplan::edit(db, "an-cluster-01",
                          [](plan::Cluster c) { return plan::set_value(std::move(c), "an-node01.bcn", "10.20.0.1"); },
                          invocation("ip-plan set"), false);
  CHECK(out.changes.empty());
  CHECK(ledger::list_runs(db, {}).size() == 1);
}

TEST_CASE("init refuses malformed options as usage errors before writing", "[ipplan]") {
  auto db = ledger::open_scratch();
  plan::InitOptions o;
  o.name = "an-cluster-with-a-long-name";
  try {
    ipplan::init(db, ipplan::plan_cluster(o), invocation("ip-plan init"), false);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(std::string(e.what()).find("at most 15") != std::string::npos);
  }
  CHECK(ledger::cluster_names(db).empty());
  o = {};
  o.sn = "10.20.0.0/16";  // the same as the BCN
  CHECK_THROWS_WITH(ipplan::init(db, ipplan::plan_cluster(o), invocation("ip-plan init"), false), Catch::Contains("overlaps"));
  CHECK(ledger::cluster_names(db).empty());
}
