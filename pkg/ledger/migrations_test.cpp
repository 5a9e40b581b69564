#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "ledger/ledger.hpp"
#include "ledger/migrations.hpp"
#include "ledger/plan_store.hpp"
#include "plan/derive.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;
using namespace anvil::ledger;

namespace {

// The schema as SQLite sees it: every table, index and column, in order.
std::string schema_of(Db& db) {
  std::string out;
  auto q = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
  while (q.step()) out += q.text(0) + " " + q.text(1) + ": " + q.text(2) + "\n";
  return out;
}

Db open_raw(const std::string& path) {
  sqlite3* raw = nullptr;
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Db db(SqliteDb(raw), path);
  db.exec("PRAGMA foreign_keys = ON");
  return db;
}

}  // namespace

TEST_CASE("every earlier schema version migrates to the current one", "[ledger][migrations]") {
  test::TempDir dir;
  auto fresh_path = dir.file("fresh.db");
  std::string fresh_schema;
  {
    auto fresh = open(fresh_path, OpenMode::create);
    fresh_schema = schema_of(fresh);
    CHECK(schema_version(fresh) == current_schema_version());
  }
  REQUIRE(current_schema_version() >= 2);
  for (int from = 0; from < current_schema_version(); ++from) {
    DYNAMIC_SECTION("from version " << from) {
      auto path = dir.file("v" + std::to_string(from) + ".db");
      {
        auto old = open_raw(path);
        migrate(old, from);
        CHECK(schema_version(old) == from);
      }
      auto db = open(path, OpenMode::create);
      CHECK(schema_version(db) == current_schema_version());
      CHECK(schema_of(db) == fresh_schema);
      auto check = db.prepare("PRAGMA integrity_check");
      REQUIRE(check.step());
      CHECK(check.text(0) == "ok");
    }
  }
}

TEST_CASE("a plan written at version 1 survives the migration intact", "[ledger][migrations]") {
  test::TempDir dir;
  auto path = dir.file("v1.db");
  {
    // Rows as anvil 0.1's first schema held them (raw SQL: today's code
    // writes today's schema).
    auto old = open_raw(path);
    migrate(old, 1);
    old.exec(R"sql(
      INSERT INTO clusters (id, name, number, domain, profile, created_at)
        VALUES (1, 'an-cluster-01', 1, 'example.com', 'el6', '2026-01-01T00:00:00.000Z');
      INSERT INTO networks (cluster_id, name, subnet, bond, bridge, links, gateway, dns) VALUES
        (1, 'bcn', '10.20.0.0/16', 'bond0', 'vbr0', 'eth0,eth3', NULL, ''),
        (1, 'sn', '10.10.0.0/16', 'bond1', '', 'eth1,eth4', NULL, ''),
        (1, 'ifn', '10.255.0.0/16', 'bond2', 'vbr2', 'eth2,eth5', '10.255.255.254', '10.255.255.254');
      INSERT INTO nodes (id, cluster_id, name, number) VALUES (1, 1, 'an-node01', 1), (2, 1, 'an-node02', 2);
      INSERT INTO interfaces (node_id, name, kind, network, master, mac) VALUES (1, 'eth0', 'nic', 'bcn', 'bond0', '52:54:00:00:00:01');
      INSERT INTO devices (id, cluster_id, name, kind, node_id, sequence) VALUES (1, 1, 'an-node01-ipmi', 'ipmi', 1, 1);
      INSERT INTO vms (id, cluster_id, name, sequence) VALUES (1, 1, 'vm1', 1);
      INSERT INTO addresses (cluster_id, network, address, node_id, device_id, vm_id) VALUES
        (1, 'bcn', '10.20.0.1', 1, NULL, NULL), (1, 'sn', '10.10.0.1', 1, NULL, NULL), (1, 'ifn', '10.255.0.1', 1, NULL, NULL),
        (1, 'bcn', '10.20.0.2', 2, NULL, NULL), (1, 'sn', '10.10.0.2', 2, NULL, NULL), (1, 'ifn', '10.255.0.2', 2, NULL, NULL),
        (1, 'bcn', '10.20.1.1', NULL, 1, NULL), (1, 'ifn', '10.255.1.1', NULL, NULL, 1);
    )sql");
  }
  auto db = open(path, OpenMode::existing);
  auto loaded = load_cluster(db, "an-cluster-01");
  CHECK(loaded.nodes.size() == 2);
  CHECK(loaded.node("an-node02")->address_on("ifn")->ip.str() == "10.255.0.2");
  CHECK(loaded.device("an-node01-ipmi")->address.ip.str() == "10.20.1.1");
  CHECK(loaded.vm("vm1")->address.ip.str() == "10.255.1.1");
  CHECK(loaded.nodes[0].interfaces[0].mac == "52:54:00:00:00:01");
  CHECK(loaded.nodes[0].ssh == plan::SshSettings{});  // version 3's columns start at their defaults
}

TEST_CASE("a ledger from a newer anvil is refused, untouched", "[ledger][migrations]") {
  test::TempDir dir;
  auto path = dir.file("future.db");
  {
    auto db = open(path, OpenMode::create);
    db.exec("PRAGMA user_version = 999");
  }
  auto before = test::read_file(path);
  try {
    open(path, OpenMode::existing);
    FAIL("a newer ledger was opened");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("newer than this anvil") != std::string::npos);
  }
  CHECK(test::read_file(path) == before);
}
