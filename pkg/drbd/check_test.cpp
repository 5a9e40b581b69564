#include <catch2/catch.hpp>

#include <algorithm>

#include "drbd/check.hpp"
#include "drbd/status.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

plan::Cluster cluster(bool dual_primary = true) {
  plan::Cluster c;
  c.name = "an-cluster-01";
  for (int i : {1, 2}) {
    c.nodes.push_back({});
    c.nodes.back().name = "an-node0" + std::to_string(i);
    c.nodes.back().number = i;
  }
  c.drbd.push_back({"r0", 0, 7788, {{"an-node01", "/dev/sda5"}, {"an-node02", "/dev/sda5"}}});
  c.drbd.push_back({"r1", 1, 7789, {{"an-node01", "/dev/sda6"}, {"an-node02", "/dev/sda6"}}});
  c.drbd_settings.dual_primary = dual_primary;
  return c;
}

drbd::DrbdState fixture(const std::string& name) {
  return drbd::parse_drbd_state(test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/drbd/" + name + ".txt"));
}

std::vector<check::Finding> findings(const std::string& name, bool dual_primary = true) {
  return drbd::check_node(cluster(dual_primary), "an-node01", fixture(name));
}

std::vector<std::string> ids(const std::vector<check::Finding>& fs) {
  std::vector<std::string> out;
  for (auto& f : fs) out.push_back(std::string(check::severity_name(f.severity)) + " " + f.id + " " + f.subject);
  std::sort(out.begin(), out.end());
  return out;
}

const check::Finding& find(const std::vector<check::Finding>& fs, const std::string& id, const std::string& subject) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](auto& f) { return f.id == id && f.subject == subject; });
  REQUIRE(it != fs.end());
  return *it;
}

const char* header83 =
    "version: 8.3.16 (api:88/proto:86-97)\n"
    "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by phil@Build64R6, 2013-09-27 16:00:43\n";

std::vector<check::Finding> one_minor(const std::string& device_line, const std::string& oos = "0") {
  auto text = std::string(header83) + device_line + "\n    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:" + oos + "\n";
  auto c = cluster();
  c.drbd.pop_back();
  return drbd::check_node(c, "an-node01", drbd::parse_drbd_state(text));
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("healthy DRBD is one OK per resource, whatever the format", "[drbd][check]") {
  for (auto name : {"proc-8.3-connected-dual-primary", "proc-8.4-connected", "drbd9-status-connected", "drbd9-status-verbose",
                    "drbd9-events2-connected"}) {
    INFO(name);
    auto fs = findings(name);
    CHECK(ids(fs) == V{"OK drbd.ok an-node01 r0", "OK drbd.ok an-node01 r1"});
    CHECK(check::worst(fs) == check::Severity::ok);
  }
  CHECK(find(findings("proc-8.3-connected-dual-primary"), "drbd.ok", "an-node01 r0").message ==
        "r0 is Connected, Primary/Primary, UpToDate/UpToDate");
  auto verify = findings("proc-8.4-verify");
  CHECK(ids(verify) == V{"OK drbd.ok an-node01 r0", "OK drbd.ok an-node01 r1"});
  CHECK(find(verify, "drbd.ok", "an-node01 r0").message == "r0 is VerifyS, Primary/Primary, UpToDate/UpToDate; verify 24.9% done");
}

TEST_CASE("a resync: WARNING with percent, time left and speed", "[drbd][check]") {
  auto fs = findings("proc-8.3-syncing");
  CHECK(ids(fs) == V{"WARNING drbd.syncing an-node01 r0", "WARNING drbd.syncing an-node01 r1"});
  auto& r0 = find(fs, "drbd.syncing", "an-node01 r0");
  CHECK(r0.message == "r0 is syncing (SyncTarget): 37.5% done, 0:03:20 left at 9,420 K/sec");
  CHECK(r0.fix == "wait for it to finish (cat /proc/drbd   # on an-node01); an-node01 has no good copy of r0 until then");
  CHECK(find(fs, "drbd.syncing", "an-node01 r1").message == "r1's resync is paused (PausedSyncT, by dependency)");
  CHECK_THAT(find(fs, "drbd.syncing", "an-node01 r1").fix, Catch::StartsWith("wait: it resumes when the resync it waits for"));

  auto big = findings("proc-8.4-syncing-M-sizes");
  CHECK(ids(big) == V{"OK drbd.ok an-node01 r1", "WARNING drbd.syncing an-node01 r0"});
  CHECK(find(big, "drbd.syncing", "an-node01 r0").message == "r0 is syncing (SyncSource): 6.9% done, 0:34:41 left at 93,832 K/sec");
  CHECK_THAT(find(big, "drbd.syncing", "an-node01 r0").fix, Catch::Contains("an-node02 has no good copy of r0"));

  auto nine = findings("drbd9-status-syncing");
  CHECK(ids(nine) == V{"OK drbd.ok an-node01 r1", "WARNING drbd.syncing an-node01 r0"});
  CHECK(find(nine, "drbd.syncing", "an-node01 r0").message == "r0 is syncing (SyncSource): 37.5% done");
  CHECK_THAT(find(nine, "drbd.syncing", "an-node01 r0").fix, Catch::Contains("drbdadm status r0"));

  auto multi = findings("drbd9-status-multivolume");
  CHECK(ids(multi) == V{"OK drbd.ok an-node01 r1", "WARNING drbd.syncing an-node01 r0"});
  CHECK(find(multi, "drbd.syncing", "an-node01 r0").message == "r0 volume 1 is syncing (SyncTarget): 81.2% done");

  auto user = one_minor(" 0: cs:PausedSyncS ro:Primary/Primary ds:UpToDate/Inconsistent C r--u--");
  CHECK(user.at(0).fix == "drbdadm resume-sync r0   # on an-node01");
}

TEST_CASE("split brain, no peer, no disk, no data, unconfigured", "[drbd][check]") {
  auto standalone = findings("proc-8.3-standalone");
  CHECK(ids(standalone) == V{"CRITICAL drbd.standalone an-node01 r0", "OK drbd.ok an-node01 r1"});
  CHECK(find(standalone, "drbd.standalone", "an-node01 r0").fix ==
        "drbdadm connect r0   # on an-node01, after checking for split brain: anvil drbd split-brain r0");
  CHECK(ids(findings("drbd9-status-standalone")) == V{"CRITICAL drbd.standalone an-node01 r0", "OK drbd.ok an-node01 r1"});

  auto degraded = findings("proc-8.3-degraded");
  CHECK(ids(degraded) == V{"WARNING drbd.waiting an-node01 r0", "WARNING drbd.waiting an-node01 r1"});
  CHECK(find(degraded, "drbd.waiting", "an-node01 r1").message ==
        "r1 on an-node01 is not connected to an-node02 (WFConnection): writes are not replicated");
  CHECK_THAT(find(degraded, "drbd.waiting", "an-node01 r1").fix, Catch::Contains("drbdadm up r1   # on an-node02") && Catch::Contains("7789"));

  auto diskless = findings("proc-8.3-diskless");
  CHECK(ids(diskless) == V{"CRITICAL drbd.diskless an-node01 r0", "OK drbd.ok an-node01 r1"});
  CHECK(find(diskless, "drbd.diskless", "an-node01 r0").fix ==
        "check /dev/sda5 on an-node01 (dmesg, smartctl), then: drbdadm attach r0   # on an-node01");

  auto inconsistent = findings("proc-8.3-inconsistent-no-sync");
  CHECK(ids(inconsistent) ==
        V{"CRITICAL drbd.inconsistent an-node01 r0", "CRITICAL drbd.no-primary an-node01 r0", "OK drbd.ok an-node01 r1"});
  CHECK_THAT(find(inconsistent, "drbd.inconsistent", "an-node01 r0").fix,
             Catch::StartsWith("drbdadm -- --overwrite-data-of-peer primary r0   # only on the node whose data is good"));

  auto unconfigured = findings("proc-8.3-unconfigured");
  CHECK(ids(unconfigured) == V{"CRITICAL drbd.resource-down an-node01 r1", "OK drbd.ok an-node01 r0"});
  CHECK(find(unconfigured, "drbd.resource-down", "an-node01 r1").message ==
        "r1 (/dev/drbd1) is not up on an-node01: /proc/drbd shows minor 1 as Unconfigured");

  auto none = findings("drbd9-status-none");
  CHECK(ids(none) == V{"CRITICAL drbd.resource-down an-node01 r0", "CRITICAL drbd.resource-down an-node01 r1"});
  CHECK(find(none, "drbd.resource-down", "an-node01 r0").fix ==
        "drbdadm up r0   # on an-node01; if that fails, check its configuration: drbdadm dump r0");
}

TEST_CASE("roles against the plan's dual-primary setting", "[drbd][check]") {
  auto single = findings("proc-8.3-single-primary");
  CHECK(ids(single) == V{"CRITICAL drbd.single-primary an-node01 r0", "OK drbd.ok an-node01 r1"});
  auto& f = find(single, "drbd.single-primary", "an-node01 r0");
  CHECK(f.message ==
        "r0 is Primary on an-node01 only (Primary/Secondary): the plan wants it Primary on both nodes (dual-primary), or live migration fails");
  CHECK(f.fix == "drbdadm primary r0   # on an-node02");

  // Without dual-primary, Primary/Secondary is as planned and Primary/Primary is not.
  CHECK(ids(findings("proc-8.3-single-primary", false)) == V{"CRITICAL drbd.two-primaries an-node01 r1", "OK drbd.ok an-node01 r0"});
  CHECK(ids(findings("proc-8.3-connected-dual-primary", false)) ==
        V{"CRITICAL drbd.two-primaries an-node01 r0", "CRITICAL drbd.two-primaries an-node01 r1"});
}

TEST_CASE("outdated, suspended, out of sync, and states that are none of these", "[drbd][check]") {
  CHECK(ids(one_minor(" 0: cs:WFConnection ro:Primary/Unknown ds:UpToDate/Outdated C r-----")) ==
        V{"WARNING drbd.outdated an-node01 r0", "WARNING drbd.waiting an-node01 r0"});
  auto outdated = one_minor(" 0: cs:WFConnection ro:Secondary/Unknown ds:Outdated/DUnknown C r-----");
  CHECK(find(outdated, "drbd.outdated", "an-node01 r0").fix == "drbdadm connect r0   # on an-node01: it resyncs once connected");

  auto suspended = one_minor(" 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C s-----");
  CHECK(ids(suspended) == V{"WARNING drbd.suspended an-node01 r0"});
  CHECK_THAT(suspended[0].fix, Catch::EndsWith("drbdadm resume-io r0   # on an-node01"));

  auto oos = one_minor(" 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----", "4096");
  CHECK(ids(oos) == V{"WARNING drbd.out-of-sync an-node01 r0"});
  CHECK_THAT(oos[0].message, Catch::StartsWith("r0 has 4,096 KiB out of sync with an-node02"));

  auto ahead = one_minor(" 0: cs:Ahead ro:Primary/Primary ds:UpToDate/Consistent A r-----");
  CHECK(ids(ahead) == V{"WARNING drbd.unexpected-state an-node01 r0"});
  CHECK(ahead[0].message == "r0 on an-node01 is Ahead, Primary/Primary, UpToDate/Consistent, not the planned Connected, "
                            "Primary/Primary, UpToDate/UpToDate");
}

TEST_CASE("no DRBD on a node that should have it", "[drbd][check]") {
  auto fs = drbd::check_node(cluster(), "an-node01", drbd::parse_drbd_state(""));
  CHECK(ids(fs) == V{"CRITICAL drbd.not-loaded an-node01"});
  CHECK(fs[0].fix == "/etc/init.d/drbd start   # on an-node01: loads the module and brings up r0, r1");

  // Nothing planned, nothing to say; a resource on other nodes only is not this node's.
  CHECK(drbd::check_node(plan::Cluster{}, "an-node01", drbd::parse_drbd_state("")).empty());
  auto c = cluster();
  c.drbd[1].disks = {{"an-node02", "/dev/sda6"}, {"an-node03", "/dev/sda6"}};
  CHECK(ids(drbd::check_node(c, "an-node01", fixture("proc-8.3-unconfigured"))) == V{"OK drbd.ok an-node01 r0"});
}

TEST_CASE("every non-OK finding has one line and a fix", "[drbd][check]") {
  for (auto name : {"proc-8.3-syncing", "proc-8.3-degraded", "proc-8.3-standalone", "proc-8.3-diskless",
                    "proc-8.3-inconsistent-no-sync", "proc-8.3-single-primary", "proc-8.3-unconfigured",
                    "proc-8.4-syncing-M-sizes-joined", "drbd9-status-multivolume", "drbd9-status-standalone",
                    "drbd9-events2-syncing", "drbd9-status-none"})
    for (auto& f : findings(name)) {
      INFO(name << ": " << f.id << " " << f.message);
      CHECK(f.message.find('\n') == std::string::npos);
      CHECK(f.fix.find('\n') == std::string::npos);
      CHECK(f.fix.empty() == (f.severity == check::Severity::ok));
    }
}

TEST_CASE("sync perfdata: percent done and time left", "[drbd][check]") {
  auto perf = [](const std::string& name) {
    std::vector<std::string> out;
    for (auto& p : drbd::sync_perfdata(cluster(), fixture(name))) out.push_back(drbd::to_string(p));
    return out;
  };
  CHECK(perf("proc-8.3-syncing") == V{"'r0_synced'=37.5%;;;0;100", "'r0_sync_left'=200s;;;0"});
  CHECK(perf("proc-8.3-connected-dual-primary") ==
        V{"'r0_synced'=100%;;;0;100", "'r0_sync_left'=0s;;;0", "'r1_synced'=100%;;;0;100", "'r1_sync_left'=0s;;;0"});
  CHECK(perf("drbd9-status-multivolume") ==
        V{"'r0_v0_synced'=100%;;;0;100", "'r0_v0_sync_left'=0s;;;0", "'r0_v1_synced'=81.23%;;;0;100", "'r1_synced'=100%;;;0;100",
          "'r1_sync_left'=0s;;;0"});
  CHECK(perf("proc-8.3-degraded").empty());
}
