// `anvil fence` in the plan and the passwords: no node contacted. (The
// agents against simulated BMCs are tests/integration/fence_test.cpp.)
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

namespace {

const std::string secret = "s3cr3t-PDU-pw";

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// Every text value in every table but `secrets`, and the rows of `secrets`.
std::pair<std::string, int> ledger_texts(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::vector<std::string> tables;
  sqlite3_exec(db, "SELECT name FROM sqlite_master WHERE type = 'table'",
               [](void* out, int, char** values, char**) {
                 static_cast<std::vector<std::string>*>(out)->push_back(values[0]);
                 return 0;
               },
               &tables, nullptr);
  std::string all;
  int secret_rows = 0;
  for (auto& t : tables) {
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db, ("SELECT * FROM " + t).c_str(), -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW) {
      if (t == "secrets") {
        ++secret_rows;
        continue;
      }
      for (int i = 0; i < sqlite3_column_count(q); ++i)
        if (auto* text = sqlite3_column_blob(q, i)) all.append(static_cast<const char*>(text), sqlite3_column_bytes(q, i)) += '\n';
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(db);
  return {all, secret_rows};
}

void seed_with_pdu(const Anvil& a) {
  a.run_ok({"ip-plan", "init"});
  a.run_ok({"fence", "add-device", "pdu1", "--agent", "fence_apc_snmp", "--login", "apc"});
  a.run_ok({"fence", "add-method", "an-node01", "--device", "pdu1", "--port", "3"});
  a.run_ok({"fence", "add-method", "an-node02", "--device", "pdu1", "--port", "4"});
}

}  // namespace

TEST_CASE("fence devices and methods in the plan, in order", "[cli][fence]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  CHECK(a.run_ok({"fence", "add-device", "pdu1", "--agent", "fence_apc_snmp", "--login", "apc", "--option", "snmp_version=1"}).out ==
        "+ pdu1 10.20.2.1\n");
  CHECK(a.json({"fence", "list"})["devices"][2]["options"]["snmp_version"] == "1");
  a.run_ok({"fence", "add-device", "pdu2", "--agent", "fence_apc_snmp"});
  CHECK(a.run_ok({"fence", "add-method", "an-node01", "--device", "pdu1", "--port", "3", "--device", "pdu2", "--port", "3"}).out ==
        "~ an-node01.fence-order ipmi -> ipmi,pdu\n+ an-node01.fence.pdu pdu1:3,pdu2:3\n");
  auto list = a.run_ok({"fence", "list"}).out;
  CHECK(has(list, "an-node01  1      ipmi    an-node01-ipmi  fence_ipmilan   10.20.1.1  -     -      NOT SET"));
  CHECK(has(list, "an-node01  2      pdu     pdu2            fence_apc_snmp  10.20.2.2  3     -      NOT SET"));
  CHECK(has(list, "fence delay: 15 s on an-node01 (it wins a fence race)"));
  CHECK(a.run_ok({"ip-plan", "set", "an-node01.fence-order", "pdu,ipmi"}).out == "~ an-node01.fence-order ipmi,pdu -> pdu,ipmi\n");
  auto conf = a.run_ok({"cluster", "render"}).out;
  CHECK(conf.find("<method name=\"pdu\">") < conf.find("<method name=\"ipmi\">"));
  // Both feeds off before either comes back; the delay on the first device.
  CHECK(has(conf, "<method name=\"pdu\">\n"
                  "          <device name=\"pdu1\" port=\"3\" action=\"off\" delay=\"15\" />\n"
                  "          <device name=\"pdu2\" port=\"3\" action=\"off\" />\n"
                  "          <device name=\"pdu1\" port=\"3\" action=\"on\" />\n"
                  "          <device name=\"pdu2\" port=\"3\" action=\"on\" />\n"));
  a.run_ok({"ip-plan", "set", "cluster.fence-delay-node", "an-node02"});
  conf = a.run_ok({"cluster", "render"}).out;
  CHECK(has(conf, "<device name=\"an-node02-ipmi\" action=\"reboot\" delay=\"15\" />"));
  CHECK(a.run_ok({"fence", "remove-method", "an-node01", "pdu"}).out == "~ an-node01.fence-order pdu,ipmi -> ipmi\n- an-node01.fence.pdu pdu1:3,pdu2:3\n");

  auto refused = [&](const std::vector<std::string>& args, int status, const std::string& message) {
    auto before = read_file(a.ledger());
    auto r = a.run(args);
    CHECK(r.status == status);
    CHECK(r.err == "anvil: " + message + "\n");
    CHECK(read_file(a.ledger()) == before);
  };
  refused({"fence", "add-method", "an-node01", "--device", "pdu1"}, 2, "give the outlet of an-node01 on pdu1: --device pdu1 --port N");
  refused({"fence", "add-method", "an-node01", "--device", "an-node02-ipmi"}, 1, "an-node02-ipmi is the BMC of an-node02: it cannot fence an-node01");
  refused({"fence", "add-method", "an-node01", "--device", "pdu9", "--port", "1"}, 1,
          "no device 'pdu9' in cluster an-cluster-01; `anvil fence list` shows them");
  refused({"fence", "add-device", "pdu3", "--agent", "fence_magic"}, 2,
          "unknown fence agent 'fence_magic': anvil drives fence_ipmilan, fence_apc_snmp, fence_apc, fence_raritan, fence_eaton_snmp, fence_ifmib and fence_virsh");
  refused({"fence", "set-device", "pdu1", "--option", "passwd=x"}, 2,
          "option 'passwd' is not set with --option: passwords go in with `anvil fence set-credentials` (never on a command line)");
  a.run_ok({"fence", "add-method", "an-node02", "--device", "pdu1", "--port", "4"});
  refused({"ip-plan", "remove", "device", "pdu1"}, 1,
          "pdu1 is in the fence method 'pdu' of an-node02; remove that first: anvil fence remove-method an-node02 pdu");
}

TEST_CASE("fence passwords: from stdin only, kept apart, never shown or recorded", "[cli][fence][secrets]") {
  Anvil a;
  seed_with_pdu(a);
  // Never on the command line.
  CHECK(a.run({"fence", "set-credentials", "pdu1", "--password", secret}).status == 2);
  RunOptions empty = a.environment();
  empty.input = "\n";
  auto none = a.run({"fence", "set-credentials", "pdu1"}, empty);
  CHECK(none.status == 2);
  CHECK(none.err == "anvil: no password given for pdu1: type it at the prompt, or pipe it on stdin\n");

  RunOptions piped = a.environment();
  piped.input = secret + "\n";
  auto dry = a.run({"--dry-run", "fence", "set-credentials", "pdu1"}, piped);
  CHECK(dry.status == 0);
  CHECK(ledger_texts(a.ledger()).second == 0);
  auto stored = a.run({"fence", "set-credentials", "pdu1", "--login", "apc-admin"}, piped);
  CHECK(stored.status == 0);
  CHECK(has(stored.out, "password of pdu1 stored (********)"));
  CHECK(has(a.run_ok({"fence", "list"}).out, "pdu1            fence_apc_snmp  10.20.2.1  3     apc-admin  set"));

  // Nowhere but in the secrets table.
  std::string everything = stored.out + stored.err + dry.out + dry.err;
  for (auto args : std::vector<std::vector<std::string>>{{"fence", "list"}, {"fence", "list", "--json"}, {"ip-plan", "show", "--json"},
                                                         {"history"}, {"history", "show", "5"}, {"history", "show", "6"},
                                                         {"cluster", "render"}, {"ip-plan", "set", "--list"}, {"--dry-run", "fence", "node", "an-node01", "--yes", "--reason", "x"}}) {
    auto r = a.run(args);
    everything += r.out + r.err;
  }
  CHECK_FALSE(has(everything, secret));
  auto [texts, secret_rows] = ledger_texts(a.ledger());
  CHECK(secret_rows == 1);
  CHECK_FALSE(has(texts, secret));
  CHECK(has(texts, "password of pdu1 set (kept apart from the plan, not recorded)"));
  // The device gone, its password goes too.
  a.run_ok({"fence", "remove-method", "an-node01", "pdu"});
  a.run_ok({"fence", "remove-method", "an-node02", "pdu"});
  a.run_ok({"ip-plan", "remove", "device", "pdu1"});
  CHECK(ledger_texts(a.ledger()).second == 0);
}
