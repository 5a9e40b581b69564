// The JSON document of every command that needs no node, as golden files
// (tests/golden/json/COMMAND.json; docs/json.md describes each). The
// commands run one after the other on one ledger per test case, as the
// examples of docs/json.md were made, so that run ids are those of a fresh
// ledger. normalized() (anvil_fixture.hpp) takes out what differs between
// runs and machines; check_golden_json() also requires schema_version 1 as
// the first member. ANVIL_TEST_ACCEPT=1 rewrites the files. The commands
// that read nodes are tests/integration/json_golden_test.cpp.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;
using ordered_json = nlohmann::ordered_json;

namespace {

std::string fixture(const std::string& name) { return std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/" + name; }

void sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

// anvil --json ARGS failing with `status`: nothing on stdout, the error
// object on one line of stderr.
ordered_json error_document(const Anvil& a, const std::vector<std::string>& args, int status) {
  std::vector<std::string> with_json = {"--json"};
  with_json.insert(with_json.end(), args.begin(), args.end());
  auto r = a.run(with_json);
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.status == status);
  CHECK(r.out.empty());
  CHECK(lines(r.err).size() == 1);
  REQUIRE(ordered_json::accept(r.err));
  return ordered_json::parse(r.err);
}

// `check --format json` prints the same document as `--json`.
void same_as_format_json(const Anvil& a, std::vector<std::string> args, int status, const ordered_json& doc) {
  args.push_back("--format");
  args.push_back("json");
  auto r = a.run(args);
  CHECK(r.status == status);
  REQUIRE(ordered_json::accept(r.out));
  CHECK(ordered_json::parse(r.out) == doc);
}

}  // namespace

TEST_CASE("json golden: ip-plan init, the edits, show, set --list, check, list", "[cli][json]") {
  Anvil a;
  auto dry = a.document({"--dry-run", "ip-plan", "init"});
  CHECK(dry["dry_run"] == true);
  CHECK(dry["run_id"].is_null());
  check_golden_json("ip-plan-init-dry-run", dry, a);
  CHECK_FALSE(std::filesystem::exists(a.ledger()));

  auto init = a.document({"ip-plan", "init", "--reason", "the seed's reference cluster"});
  CHECK(init["run_id"] == 1);
  check_golden_json("ip-plan-init", init, a);
  CHECK(init["cluster"] == dry["cluster"]);

  check_golden_json("ip-plan-add-device", a.document({"ip-plan", "add", "device", "pdu", "pdu1"}), a);
  check_golden_json("ip-plan-add-vm", a.document({"ip-plan", "add", "vm", "vm01-dev", "--reason", "dev VM"}), a);
  check_golden_json("ip-plan-set", a.document({"ip-plan", "set", "cluster.number", "7"}), a);
  // The same value again: nothing changed, nothing recorded.
  auto unchanged = a.document({"ip-plan", "set", "cluster.number", "7"});
  CHECK(unchanged["run_id"].is_null());
  CHECK(unchanged["changes"].empty());
  check_golden_json("ip-plan-set-unchanged", unchanged, a);
  check_golden_json("ip-plan-set-dry-run", a.document({"--dry-run", "ip-plan", "set", "ifn.subnet", "192.168.0.0/16"}), a);
  check_golden_json("ip-plan-remove", a.document({"ip-plan", "remove", "device", "pdu1"}), a);

  auto show = a.document({"ip-plan", "show"});
  check_golden_json("ip-plan-show", show, a);
  CHECK(a.document({"ip-plan", "show", "--format", "csv"}) == show);  // --json wins over --format
  check_golden_json("ip-plan-set-list", a.document({"ip-plan", "set", "--list"}), a);
  check_golden_json("ip-plan-check", a.document({"ip-plan", "check"}), a);
  check_golden_json("ip-plan-list", a.document({"ip-plan", "list"}), a);

  // The history of those runs: the list, and one run shown and diffed.
  check_golden_json("history-list", a.document({"history", "--limit", "3"}), a);
  CHECK(a.document({"history", "list", "--limit", "3"}) == a.document({"history", "--limit", "3"}));
  check_golden_json("history-show-plan", a.document({"history", "show", "2"}), a);
  check_golden_json("history-diff-plan", a.document({"history", "diff", "2"}), a);

  // Errors: one object on stderr.
  check_golden_json("error-failed", error_document(a, {"ip-plan", "add", "vm", "vm01-dev"}, 1), a);
  check_golden_json("error-usage", error_document(a, {"ip-plan", "set", "bcn.subnet", "10.20.0.0/33"}, 2), a);
  // A plan edit wrote no file: there is nothing to undo.
  check_golden_json("error-history-undo-plan", error_document(a, {"history", "undo", "2"}, 1), a);
}

TEST_CASE("json golden: ip-plan check with problems", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  // an-node01's BMC given an-node02's BCN address behind anvil's back.
  sql(a.ledger(), "UPDATE addresses SET address = '10.20.0.2' WHERE address = '10.20.1.1';");
  auto doc = a.document({"ip-plan", "check"}, 1);
  CHECK(doc["ok"] == false);
  check_golden_json("ip-plan-check-problems", doc, a);
}

TEST_CASE("json golden: node list and set, net render and map --set, offline", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  check_golden_json("node-list-default", a.document({"node", "list"}), a);
  check_golden_json("node-set", a.document({"node", "set", "an-node01", "--host", "192.0.2.11", "--port", "2222", "--user", "admin",
                                            "--identity", "/root/.ssh/id_anvil", "--known-hosts", "/root/.ssh/anvil_known_hosts"}),
                    a);
  check_golden_json("node-set-dry-run", a.document({"--dry-run", "node", "set", "an-node02", "--port", "2022"}), a);
  check_golden_json("node-list", a.document({"node", "list"}), a);

  check_golden_json("net-map-set", a.document({"net", "map", "an-node01", "--set", "eth0=00:1B:21:72:96:E8", "--set",
                                               "eth3=00:1b:21:72:9b:56", "--reason", "labels on the ports"}),
                    a);
  auto render = a.document({"net", "render", "an-node01"});
  CHECK(render["nodes"][0]["files"].size() == 11);
  check_golden_json("net-render", render, a);
  // With --out the files are written and the document printed too.
  auto out = a.dir().file("rendered");
  CHECK(a.document({"net", "render", "an-node01", "--out", out}) == render);
  CHECK(std::filesystem::exists(out + "/an-node01/ifcfg-eth0"));
}

TEST_CASE("json golden: net status and check from captures", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto degraded = fixture("bonding/el6-degraded.bond1");
  check_golden_json("net-status", a.document({"net", "status", "an-node01", "--from", degraded}), a);
  auto check = a.document({"net", "check", "an-node01", "--from", degraded}, 2);
  check_golden_json("net-check", check, a);
  same_as_format_json(a, {"net", "check", "an-node01", "--from", degraded}, 2, check);

  // A whole node's capture: the three bonds, the addresses and the bridges'
  // ports, behind headers, as anvil reads them from a node.
  std::string capture;
  for (auto [bond, file] : {std::pair{"bond0", "el6-healthy.bond0"}, {"bond1", "el6-degraded.bond1"}, {"bond2", "el6-failed-over.bond2"}})
    capture += std::string("==> /proc/net/bonding/") + bond + " <==\n" + read_file(fixture(std::string("bonding/") + file)) + "\n";
  capture +=
      "==> ip -o addr <==\n"
      "1: lo    inet 127.0.0.1/8 scope host lo\n"
      "7: bond1    inet 10.10.0.1/16 brd 10.10.255.255 scope global bond1\n"
      "10: vbr0    inet 10.20.0.1/16 brd 10.20.255.255 scope global vbr0\n"
      "11: vbr2    inet 10.255.0.1/16 brd 10.255.255.255 scope global vbr2\n"
      "==> /sys/class/net/vbr0/brif <==\nbond0\n"
      "==> /sys/class/net/vbr2/brif <==\nbond2\nvnet0\n";
  write_file(a.dir().file("an-node01.capture"), capture);
  check_golden_json("net-status-node", a.document({"net", "status", "an-node01", "--from", a.dir().file("an-node01.capture")}), a);
  check_golden_json("net-check-node", a.document({"net", "check", "an-node01", "--from", a.dir().file("an-node01.capture")}, 1), a);
}

TEST_CASE("json golden: drbd add, list, render, status and check from captures, remove", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  check_golden_json("drbd-add", a.document({"drbd", "add", "r0", "--disk", "an-node01=/dev/sda5", "--disk", "an-node02=/dev/sda5"}), a);
  check_golden_json("drbd-add-dry-run",
                    a.document({"--dry-run", "drbd", "add", "r1", "--disk", "an-node01=/dev/sda6", "--disk", "an-node02=/dev/sda6"}), a);
  a.run_ok({"drbd", "add", "r1", "--disk", "an-node01=/dev/sda6", "--disk", "an-node02=/dev/sda6"});
  check_golden_json("drbd-list", a.document({"drbd", "list"}), a);
  auto render = a.document({"drbd", "render"});
  CHECK(render["files"].size() == 4);
  check_golden_json("drbd-render", render, a);

  auto drbd = [](const std::string& name) { return fixture("drbd/" + name + ".txt"); };
  check_golden_json("drbd-status-proc-8.4", a.document({"drbd", "status", "an-node01", "--from", drbd("proc-8.4-syncing-M-sizes")}), a);
  check_golden_json("drbd-status-proc-8.3", a.document({"drbd", "status", "an-node01", "--from", drbd("proc-8.3-unconfigured")}), a);
  check_golden_json("drbd-status-drbd9-status", a.document({"drbd", "status", "an-node01", "--from", drbd("drbd9-status-standalone")}), a);
  check_golden_json("drbd-status-drbd9-events2", a.document({"drbd", "status", "an-node01", "--from", drbd("drbd9-events2-syncing")}), a);
  check_golden_json("drbd-status-verify", a.document({"drbd", "status", "an-node01", "--from", drbd("proc-8.4-verify")}), a);
  write_file(a.dir().file("empty"), "");
  check_golden_json("drbd-status-not-loaded", a.document({"drbd", "status", "an-node01", "--from", a.dir().file("empty")}), a);

  auto standalone = a.document({"drbd", "check", "an-node01", "--from", drbd("proc-8.3-standalone")}, 2);
  check_golden_json("drbd-check", standalone, a);
  same_as_format_json(a, {"drbd", "check", "an-node01", "--from", drbd("proc-8.3-standalone")}, 2, standalone);
  check_golden_json("drbd-check-syncing", a.document({"drbd", "check", "an-node01", "--from", drbd("proc-8.3-syncing")}, 1), a);
  // No measurement at all: no perfdata.
  check_golden_json("drbd-check-not-loaded", a.document({"drbd", "check", "an-node01", "--from", a.dir().file("empty")}, 2), a);

  check_golden_json("drbd-remove", a.document({"drbd", "remove", "r1"}), a);
}

TEST_CASE("json golden: fence devices and methods, list, history; cluster render and validate", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  check_golden_json("fence-set-device",
                    a.document({"fence", "set-device", "an-node01-ipmi", "--login", "admin", "--option", "lanplus=1"}), a);
  check_golden_json("fence-add-device", a.document({"fence", "add-device", "pdu1", "--agent", "fence_apc_snmp", "--login", "apc", "--option",
                                                    "snmp_version=1"}),
                    a);
  check_golden_json("fence-add-method", a.document({"fence", "add-method", "an-node01", "--device", "pdu1", "--port", "1"}), a);
  check_golden_json("fence-remove-method-dry-run", a.document({"--dry-run", "fence", "remove-method", "an-node01", "pdu"}), a);
  // A password, so that fence list says one is set (set-credentials prints text, also with --json).
  RunOptions piped = a.environment();
  piped.input = "not-shown\n";
  REQUIRE(a.run({"fence", "set-credentials", "an-node01-ipmi"}, piped).status == 0);
  auto list = a.document({"fence", "list"});
  CHECK(list.dump().find("not-shown") == std::string::npos);
  check_golden_json("fence-list", list, a);
  check_golden_json("fence-history-empty", a.document({"fence", "history"}), a);

  auto render = a.document({"cluster", "render"});
  check_golden_json("cluster-render", render, a);
  auto conf = a.dir().file("cluster.conf");
  CHECK(a.document({"cluster", "render", "--out", conf}) == render);
  CHECK(read_file(conf) == render["content"].get<std::string>());

  auto valid = a.document({"cluster", "validate"});
  CHECK(valid["valid"] == true);
  check_golden_json("cluster-validate", valid, a);
  // The render with two_node misspelt: invalid, exit 1, xmllint's reasons.
  auto text = render["content"].get<std::string>();
  auto at = text.find("two_node=");
  REQUIRE(at != std::string::npos);
  write_file(a.dir().file("bad.conf"), text.replace(at, 8, "two_nodes"));
  auto invalid = a.document({"cluster", "validate", a.dir().file("bad.conf")}, 1);
  CHECK(invalid["valid"] == false);
  check_golden_json("cluster-validate-invalid", invalid, a);
}

TEST_CASE("json golden: cluster status and check from captures", "[cli][json]") {
  Anvil a;
  // The plan the captures come from: the tutorial's names.
  a.run_ok({"ip-plan", "init", "--domain", "alteeve.ca"});
  a.run_ok({"ip-plan", "add", "vm", "vm01-web"});
  a.run_ok({"ip-plan", "add", "vm", "vm02-db"});
  auto cluster = [](const std::string& name) { return fixture("cluster/" + name + ".txt"); };
  check_golden_json("cluster-status", a.document({"cluster", "status", "an-node01", "--from", cluster("healthy")}), a);
  check_golden_json("cluster-status-peer-lost", a.document({"cluster", "status", "an-node01", "--from", cluster("peer-lost")}), a);
  check_golden_json("cluster-status-cman-down", a.document({"cluster", "status", "an-node01", "--from", cluster("cman-down")}), a);
  auto healthy = a.document({"cluster", "check", "an-node01", "--from", cluster("healthy")}, 1);
  check_golden_json("cluster-check", healthy, a);
  same_as_format_json(a, {"cluster", "check", "an-node01", "--from", cluster("healthy")}, 1, healthy);
  check_golden_json("cluster-check-peer-lost", a.document({"cluster", "check", "an-node01", "--from", cluster("peer-lost")}, 2), a);
}

TEST_CASE("json golden: vm add and render", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  check_golden_json("vm-add", a.document({"vm", "add", "vm01-dev", "--ram", "2G", "--vcpus", "2", "--disk-lv", "/dev/an01-vg0/vm01-dev",
                                          "--node", "an-node01"}),
                    a);
  // A guest `ip-plan add vm` planned before: one change per key.
  a.run_ok({"ip-plan", "add", "vm", "vm02-web"});
  check_golden_json("vm-add-planned", a.document({"vm", "add", "vm02-web", "--ram", "1536M", "--vcpus", "1", "--disk-lv",
                                                  "/dev/an02-vg0/vm02-web", "--node", "an-node02", "--boot", "cdrom,hd"}),
                    a);
  check_golden_json("vm-render", a.document({"vm", "render", "vm01-dev"}), a);
  check_golden_json("vm-render-boot", a.document({"vm", "render", "vm02-web"}), a);
}

TEST_CASE("json golden: storage add-vg, gfs2, list, render, status and check from a capture, remove-vg", "[cli][json]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  a.run_ok({"drbd", "add", "r0", "--disk", "an-node01=/dev/sda5", "--disk", "an-node02=/dev/sda5"});
  a.run_ok({"drbd", "add", "r1", "--disk", "an-node01=/dev/sda6", "--disk", "an-node02=/dev/sda6"});
  a.run_ok({"vm", "add", "vm01-dev", "--ram", "2G", "--vcpus", "2", "--disk-lv", "/dev/an01-vg0/vm01-dev", "--node", "an-node01"});
  check_golden_json("storage-add-vg", a.document({"storage", "add-vg", "an01-vg0", "--drbd", "r0"}), a);
  a.run_ok({"storage", "add-vg", "an01-vg1", "--drbd", "r1"});
  check_golden_json("storage-gfs2", a.document({"storage", "gfs2"}), a);
  auto unchanged = a.document({"storage", "gfs2"});
  CHECK(unchanged["run_id"].is_null());
  CHECK(unchanged["changes"].empty());
  check_golden_json("storage-list", a.document({"storage", "list"}), a);
  check_golden_json("storage-render", a.document({"storage", "render", "an-node02"}), a);

  // What the read script prints on an EL6 node with both VGs (an01-vg1 7%
  // free), the GFS2 filesystem mounted and clvmd running.
  write_file(a.dir().file("an-node01.storage"),
             "@@ vgs\n"
             "  an01-vg0|wz--nc|293601280.00|199229440.00|1|2\n"
             "  an01-vg1|wz--nc|293601280.00|20971520.00|1|1\n"
             "@@ end vgs 0\n"
             "@@ lvs\n"
             "  shared|an01-vg0|-wi-ao----|41943040.00|/dev/drbd0(0)\n"
             "  vm01-dev|an01-vg0|-wi-ao----|52428800.00|/dev/drbd0(10240)\n"
             "  vm02-web|an01-vg1|-wi-a-----|26214400.00|/dev/drbd1(0)\n"
             "@@ end lvs 0\n"
             "@@ pvs\n"
             "  /dev/drbd0|an01-vg0|293601280.00|199229440.00\n"
             "  /dev/drbd1|an01-vg1|293601280.00|20971520.00\n"
             "@@ end pvs 0\n"
             "@@ mounts\n"
             "/dev/mapper/an01--vg0-shared /shared gfs2 rw,noatime,nodiratime 0 0\n"
             "@@ end mounts 0\n"
             "@@ clvmd\nrunning\n@@ end clvmd 0\n"
             "@@ lvmconf\n"
             "global {\n    locking_type = 3\n    fallback_to_local_locking = 0\n}\n"
             "devices {\n    filter = [ \"r|^/dev/sda5$|\", \"r|^/dev/sda6$|\", \"a|^/dev/drbd[0-9]+$|\", \"r|.*|\" ]\n}\n"
             "@@ end lvmconf 0\n");
  auto capture = a.dir().file("an-node01.storage");
  check_golden_json("storage-status", a.document({"storage", "status", "an-node01", "--from", capture}), a);
  auto check = a.document({"storage", "check", "an-node01", "--from", capture}, 2);
  check_golden_json("storage-check", check, a);
  same_as_format_json(a, {"storage", "check", "an-node01", "--from", capture}, 2, check);

  check_golden_json("storage-remove-vg-dry-run", a.document({"--dry-run", "storage", "remove-vg", "an01-vg1"}), a);
}
