// `anvil drbd add|remove|list|render` and the DRBD settings: the plan side,
// no node contacted. (drbdadm's own verdict on the renders is
// tests/shell/drbd_render.sh.)
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

namespace {
void seed_with_r0(const Anvil& a) {
  a.run_ok({"ip-plan", "init"});
  a.run_ok({"drbd", "add", "r0", "--disk", "an-node01=/dev/sda5", "--disk", "an-node02=/dev/sda5"});
}
}  // namespace

TEST_CASE("drbd render: the seed's resource and settings", "[cli][drbd][golden]") {
  Anvil a;
  seed_with_r0(a);
  check_golden("drbd-render-seed.txt", a.run_ok({"drbd", "render"}).out);
  auto out = a.dir().file("rendered");
  CHECK(a.run_ok({"drbd", "render", "--out", out}).err == "anvil: wrote 3 files to " + out + "\n");
  CHECK(read_file(out + "/drbd.d/r0.res").find("\t\taddress   10.10.0.2:7788;\n") != std::string::npos);
  CHECK(read_file(out + "/drbd.conf").find("include \"drbd.d/*.res\";") != std::string::npos);
  auto j = a.json({"drbd", "render"});
  CHECK(j["files"].size() == 3);
  CHECK(j["files"][2]["path"] == "/etc/drbd.d/r0.res");
}

TEST_CASE("drbd add takes the next free port and minor; list and remove", "[cli][drbd]") {
  Anvil a;
  seed_with_r0(a);
  auto added = a.run_ok({"drbd", "add", "r1", "--disk", "an-node01=/dev/sdb1", "--disk", "an-node02=/dev/sdb1"});
  CHECK(added.out == "+ drbd.r1.port 7789\n+ drbd.r1.minor 1\n+ drbd.r1.an-node01 /dev/sdb1\n+ drbd.r1.an-node02 /dev/sdb1\n");
  a.run_ok({"drbd", "add", "r9", "--disk", "an-node01=/dev/sdc1", "--disk", "an-node02=/dev/sdc1", "--port", "7900", "--minor", "9"});
  CHECK(a.run_ok({"drbd", "list"}).out ==
        "RESOURCE  DEVICE      PORT  an-node01  an-node02\n"
        "r0        /dev/drbd0  7788  /dev/sda5  /dev/sda5\n"
        "r1        /dev/drbd1  7789  /dev/sdb1  /dev/sdb1\n"
        "r9        /dev/drbd9  7900  /dev/sdc1  /dev/sdc1\n");
  auto j = a.json({"drbd", "list"});
  CHECK(j["resources"][2]["disks"]["an-node02"] == "/dev/sdc1");
  CHECK(j["settings"]["dual-primary"] == "yes");
  CHECK(j["settings"]["after-sb-1pri"] == "discard-secondary");
  CHECK(a.run_ok({"drbd", "remove", "r1"}).out == "- drbd.r1.port 7789\n- drbd.r1.minor 1\n- drbd.r1.an-node01 /dev/sdb1\n- drbd.r1.an-node02 /dev/sdb1\n");
  // The freed port and minor are taken again first.
  CHECK(a.run_ok({"drbd", "add", "r2", "--disk", "an-node01=/dev/sdd1", "--disk", "an-node02=/dev/sdd1"}).out.rfind("+ drbd.r2.port 7789\n+ drbd.r2.minor 1\n", 0) == 0);
  // History keeps who planned what.
  CHECK(a.json({"history", "--limit", "1"})["runs"][0]["command"] == "drbd add");
}

TEST_CASE("drbd settings and per-resource keys through ip-plan set", "[cli][drbd]") {
  Anvil a;
  seed_with_r0(a);
  CHECK(a.run_ok({"ip-plan", "set", "drbd.rate", "40M"}).out == "~ drbd.rate 20M -> 40M\n");
  CHECK(a.run_ok({"ip-plan", "set", "drbd.dual-primary", "no"}).out == "~ drbd.dual-primary yes -> no\n");
  CHECK(a.run_ok({"ip-plan", "set", "drbd.r0.an-node02", "/dev/sdb5"}).out == "~ drbd.r0.an-node02 /dev/sda5 -> /dev/sdb5\n");
  auto rendered = a.run_ok({"drbd", "render"}).out;
  CHECK(rendered.find("rate 40M;") != std::string::npos);
  CHECK(rendered.find("allow-two-primaries") == std::string::npos);
  CHECK(rendered.find("become-primary-on") == std::string::npos);
  CHECK(rendered.find("disk      /dev/sdb5;") != std::string::npos);
  auto keys = a.json({"ip-plan", "set", "--list"})["keys"];
  CHECK(keys["drbd.fencing"] == "resource-and-stonith");
  CHECK(keys["drbd.r0.port"] == "7788");
}

TEST_CASE("drbd: plans that would not work are refused before rendering, and nothing changes", "[cli][drbd]") {
  Anvil a;
  seed_with_r0(a);
  auto before = read_file(a.ledger());
  auto refused = [&](const std::vector<std::string>& args, int status, const std::string& message) {
    auto r = a.run(args);
    INFO(r.err);
    CHECK(r.status == status);
    CHECK(r.err == "anvil: " + message + "\n");
    CHECK(read_file(a.ledger()) == before);
  };
  refused({"drbd", "add", "r1", "--disk", "an-node01=/dev/sdb1"}, 1,
          "DRBD resource r1 has no disk on an-node02; give it one (anvil ip-plan set drbd.r1.an-node02 /dev/sdXN)");
  refused({"drbd", "add", "r1", "--disk", "an-node01=/dev/sda5", "--disk", "an-node02=/dev/sdb1"}, 1,
          "DRBD resources r0 and r1 both use /dev/sda5 on an-node01: they would overwrite each other's data");
  refused({"drbd", "add", "r1", "--disk", "an-node01=/dev/sdb1", "--disk", "an-node02=/dev/sdb1", "--port", "7788"}, 1,
          "DRBD resources r0 and r1 both use port 7788; give each its own (anvil ip-plan set drbd.r1.port N)");
  refused({"drbd", "add", "r1", "--disk", "an-node01=/dev/sdb1", "--disk", "an-node02=/dev/sdb1", "--minor", "0"}, 1,
          "DRBD resources r0 and r1 are both /dev/drbd0; give each its own (anvil ip-plan set drbd.r1.minor N)");
  refused({"drbd", "add", "r0", "--disk", "an-node01=/dev/sdb1", "--disk", "an-node02=/dev/sdb1"}, 1,
          "DRBD resource 'r0' is already planned; `anvil drbd list` shows it");
  refused({"drbd", "add", "R 0", "--disk", "an-node01=/dev/sdb1"}, 2,
          "invalid DRBD resource name 'R 0': use lower-case letters, digits, '-' and '_' (at most 32), e.g. r0");
  refused({"drbd", "add", "r1", "--disk", "an-node01=sdb1", "--disk", "an-node02=/dev/sdb1"}, 2,
          "invalid disk 'sdb1' for r1 on an-node01: give the backing block device, e.g. /dev/sda5");
  refused({"drbd", "add", "r1", "--disk", "an-node09=/dev/sdb1"}, 2, "no node 'an-node09' in cluster an-cluster-01 for the disk of DRBD resource r1");
  refused({"drbd", "add", "r1", "--disk", "/dev/sdb1"}, 2, "give --disk NODE=DISK, e.g. --disk an-node01=/dev/sda5, not '/dev/sdb1'");
  refused({"drbd", "remove", "r7"}, 1, "no DRBD resource 'r7' in cluster an-cluster-01; `anvil drbd list` shows them");
  refused({"ip-plan", "set", "drbd.protocol", "D"}, 2, "invalid drbd.protocol 'D': give one of A, B, C");
  refused({"ip-plan", "set", "drbd.after-sb-2pri", "discard-secondary"}, 2,
          "invalid drbd.after-sb-2pri 'discard-secondary': give one of disconnect, violently-as0p, call-pri-lost-after-sb");
  refused({"ip-plan", "set", "drbd.fence-peer", "obliterate; rm -rf /"}, 2,
          "invalid drbd.fence-peer 'obliterate; rm -rf /': give an absolute path to the fence-peer handler");
  refused({"ip-plan", "set", "drbd.r0.port", "80"}, 2, "invalid port of r0 '80': give a whole number from 1024 to 65535");
  refused({"ip-plan", "set", "drbd.speed", "1"}, 2,
          "unknown DRBD setting 'speed'; the settings are after-sb-0pri, after-sb-1pri, after-sb-2pri, dual-primary, fence-peer, fencing, protocol, rate");
  // A dry run shows the change and keeps nothing.
  auto dry = a.run({"--dry-run", "drbd", "add", "r1", "--disk", "an-node01=/dev/sdb1", "--disk", "an-node02=/dev/sdb1"});
  CHECK(dry.status == 0);
  CHECK(dry.out.rfind("+ drbd.r1.port 7789\n", 0) == 0);
  CHECK(read_file(a.ledger()) == before);
}

namespace {
std::string capture(const std::string& name) { return std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/drbd/" + name + ".txt"; }
}  // namespace

TEST_CASE("drbd status and check from captures: 8.3, 8.4 and DRBD 9", "[cli][drbd][check]") {
  Anvil a;
  seed_with_r0(a);
  a.run_ok({"drbd", "add", "r1", "--disk", "an-node01=/dev/sdb1", "--disk", "an-node02=/dev/sdb1"});
  auto syncing = a.run_ok({"drbd", "status", "an-node01", "--from", capture("proc-8.3-syncing")});
  CHECK(syncing.out.find("an-node01  r0        0      SyncTarget   Primary/Primary  Inconsistent/UpToDate  37.5%, 0:03:20 left") !=
        std::string::npos);
  auto j = a.json({"drbd", "status", "an-node01", "--from", capture("proc-8.3-syncing")});
  CHECK(j["schema_version"] == 1);
  CHECK(j["nodes"][0]["format"] == "proc-8.3");
  CHECK(j["nodes"][0]["devices"][0]["sync"]["finish_seconds"] == 200);

  auto nagios = a.run({"drbd", "check", "an-node01", "--from", capture("proc-8.3-syncing"), "--format", "nagios"});
  CHECK(nagios.status == 1);
  CHECK(nagios.out.rfind("DRBD WARNING: 2 WARNING; an-node01 r0: r0 is syncing (SyncTarget): 37.5% done, 0:03:20 left", 0) == 0);
  CHECK(nagios.out.find(" an-node01_r0_synced=37.5%;;;0;100 an-node01_r0_sync_left=200s\n") != std::string::npos);

  CHECK(a.run({"drbd", "check", "an-node01", "--from", capture("proc-8.3-connected-dual-primary")}).status == 0);
  auto split = a.run({"drbd", "check", "an-node01", "--from", capture("proc-8.3-standalone")});
  CHECK(split.status == 2);
  CHECK(split.out.find("CRITICAL drbd.standalone an-node01 r0") != std::string::npos);
  CHECK(split.out.find("anvil drbd split-brain r0") != std::string::npos);
  CHECK(a.run({"drbd", "check", "an-node01", "--from", capture("proc-8.3-single-primary")}).out.find("drbd.single-primary") !=
        std::string::npos);
  CHECK(a.run({"drbd", "check", "an-node01", "--from", capture("proc-8.4-connected")}).status == 0);
  CHECK(a.run({"drbd", "check", "an-node01", "--from", capture("drbd9-status-syncing")}).status == 1);
  CHECK(a.run({"drbd", "check", "an-node01", "--from", capture("drbd9-events2-connected")}).status == 0);
  auto json_check = nlohmann::json::parse(a.run({"drbd", "check", "an-node01", "--from", capture("proc-8.3-diskless"), "--json"}).out);
  CHECK(json_check["status"] == "CRITICAL");
  CHECK(json_check["findings"][0]["id"] == "drbd.diskless");
}

TEST_CASE("drbd status and check: malformed captures and bad arguments, one line, nothing changed", "[cli][drbd][check]") {
  Anvil a;
  seed_with_r0(a);
  auto before = read_file(a.ledger());
  auto garbage = a.run({"drbd", "check", "an-node01", "--from", capture("garbage-unknown-state")});
  CHECK(garbage.status == 3);
  CHECK(garbage.out.rfind("UNKNOWN: ", 0) == 0);
  CHECK(lines(garbage.err).size() == 1);
  CHECK(garbage.err.find("line 3 of the DRBD state: unknown connection state 'Conected'") != std::string::npos);
  auto status = a.run({"drbd", "status", "an-node01", "--from", capture("garbage-truncated-device-line")});
  CHECK(status.status == 1);
  CHECK(lines(status.err).size() == 1);
  CHECK(a.run({"drbd", "check", "an-node01", "--from", a.dir().file("missing")}).status == 3);
  CHECK(a.run({"drbd", "check", "--all", "--from", capture("proc-8.4-connected")}).status == 3);
  CHECK(a.run({"drbd", "status", "an-node09", "--from", capture("proc-8.4-connected")}).status == 2);
  CHECK(read_file(a.ledger()) == before);
}
