#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "ledger/ledger.hpp"
#include "ledger/plan_store.hpp"
#include "plan/derive.hpp"
#include "plan/mutate.hpp"
#include "plan/plan_json.hpp"

using namespace anvil;
using namespace anvil::ledger;

TEST_CASE("a plan reads back exactly as it was stored", "[ledger][plan_store]") {
  auto db = open_scratch();
  auto c = plan::make_cluster(plan::InitOptions{});
  c = plan::add_device(c, "pdu", "pdu1", "");
  c = plan::add_device(c, "switch", "switch1", "");
  c = plan::add_vm(c, "vm1", "");
  c = plan::set_value(c, "ifn.dns", "10.255.255.254,8.8.8.8");
  c.vms[0].ram_mib = 2048;
  c.vms[0].preferred_node = "an-node02";
  c.nodes[0].interfaces[0].mac = "52:54:00:12:34:56";
  {
    Transaction tx(db);
    insert_cluster(db, c);
    tx.commit();
  }
  CHECK(plan::to_json(load_cluster(db, c.name)) == plan::to_json(c));

  auto renamed = plan::set_value(c, "cluster.name", "an-cluster-02");
  {
    Transaction tx(db);
    replace_cluster(db, c.name, renamed);
    tx.commit();
  }
  CHECK(cluster_names(db) == std::vector<std::string>{"an-cluster-02"});
  CHECK(plan::to_json(load_cluster(db, "an-cluster-02")) == plan::to_json(renamed));
}

TEST_CASE("choosing the cluster", "[ledger][plan_store]") {
  auto db = open_scratch();
  CHECK_THROWS_WITH(choose_cluster(db, std::nullopt), Catch::Contains("anvil ip-plan init"));
  plan::InitOptions one, two;
  two.name = "an-cluster-02";
  two.number = 2;
  {
    Transaction tx(db);
    insert_cluster(db, plan::make_cluster(one));
    tx.commit();
  }
  CHECK(choose_cluster(db, std::nullopt) == "an-cluster-01");
  {
    Transaction tx(db);
    insert_cluster(db, plan::make_cluster(two));
    tx.commit();
  }
  CHECK_THROWS_WITH(choose_cluster(db, std::nullopt), Catch::Contains("--cluster"));
  CHECK(choose_cluster(db, std::string("an-cluster-02")) == "an-cluster-02");
  CHECK_THROWS_WITH(choose_cluster(db, std::string("nope")), Catch::Contains("no cluster 'nope'"));
}

TEST_CASE("a cluster name is planned once", "[ledger][plan_store]") {
  auto db = open_scratch();
  auto c = plan::make_cluster(plan::InitOptions{});
  Transaction tx(db);
  insert_cluster(db, c);
  CHECK_THROWS_WITH(insert_cluster(db, c), Catch::Contains("already planned"));
}
