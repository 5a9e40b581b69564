#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "drbd/status.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;

namespace {

std::string fixture_text(const std::string& name) {
  return test::read_file(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/drbd/" + name + ".txt");
}

drbd::DrbdState fixture(const std::string& name) { return drbd::parse_drbd_state(fixture_text(name)); }

// The one-line error a text gives.
std::string error_of(const std::string& text) {
  try {
    drbd::parse_drbd_state(text);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::failed);
    CHECK(std::string(e.what()).find('\n') == std::string::npos);
    return e.what();
  }
  return "no error";
}

const char* header83 =
    "version: 8.3.16 (api:88/proto:86-97)\n"
    "GIT-hash: a798fa7e274428a357657fb52f0ecf40192c1985 build by phil@Build64R6, 2013-09-27 16:00:43\n";

}  // namespace

TEST_CASE("/proc/drbd 8.3: connected, dual primary", "[drbd][status]") {
  auto s = fixture("proc-8.3-connected-dual-primary");
  CHECK(s.format == "proc-8.3");
  CHECK(s.version == "8.3.16");
  REQUIRE(s.devices.size() == 2);
  auto& d = s.devices[0];
  CHECK(d.minor == 0);
  CHECK(d.resource.empty());
  CHECK(d.connection == "Connected");
  CHECK(d.role == "Primary");
  CHECK(d.peer_role == "Primary");
  CHECK(d.disk == "UpToDate");
  CHECK(d.peer_disk == "UpToDate");
  CHECK(d.protocol == "C");
  CHECK(d.flags == "r-----");
  CHECK_FALSE(d.sync);
  CHECK(d.out_of_sync_kib == 0);
  CHECK_FALSE(d.suspended);
  CHECK_FALSE(d.unconfigured);
  CHECK(s.devices[1].minor == 1);
}

TEST_CASE("/proc/drbd 8.3: a resync with its progress lines, and one paused behind it", "[drbd][status]") {
  auto s = fixture("proc-8.3-syncing");
  REQUIRE(s.devices.size() == 2);
  auto& d = s.devices[0];
  CHECK(d.connection == "SyncTarget");
  CHECK(d.disk == "Inconsistent");
  CHECK(d.out_of_sync_kib == 1884000);
  REQUIRE(d.sync);
  CHECK(d.sync->percent == Approx(37.5));
  CHECK(d.sync->done == "1884000/3014400K");
  CHECK(d.sync->left_kib == 1884000);
  CHECK(d.sync->total_kib == 3014400);
  CHECK(d.sync->finish == "0:03:20");
  CHECK(d.sync->finish_seconds == 200);
  CHECK(d.sync->speed_kib == 9420);
  CHECK(d.sync->want_kib == 10240);
  CHECK_FALSE(d.sync->stalled);
  CHECK_FALSE(d.sync->verifying);
  auto& paused = s.devices[1];
  CHECK(paused.connection == "PausedSyncT");
  CHECK(paused.resync_paused_by == "dependency");
  CHECK_FALSE(paused.sync);
}

TEST_CASE("/proc/drbd 8.3: degraded, split brain, diskless, inconsistent, single primary", "[drbd][status]") {
  auto degraded = fixture("proc-8.3-degraded");
  CHECK(degraded.devices[0].connection == "WFConnection");
  CHECK(degraded.devices[0].peer_role == "Unknown");
  CHECK(degraded.devices[0].peer_disk == "DUnknown");
  CHECK(degraded.devices[0].out_of_sync_kib == 5496);

  auto standalone = fixture("proc-8.3-standalone");
  CHECK(standalone.devices[0].connection == "StandAlone");
  CHECK(standalone.devices[0].protocol.empty());  // no net config: a space where the protocol goes
  CHECK(standalone.devices[0].flags == "r-----");
  CHECK(standalone.devices[1].connection == "Connected");

  CHECK(fixture("proc-8.3-diskless").devices[0].disk == "Diskless");
  auto inconsistent = fixture("proc-8.3-inconsistent-no-sync").devices[0];
  CHECK(inconsistent.disk == "Inconsistent");
  CHECK(inconsistent.peer_disk == "Inconsistent");
  CHECK(inconsistent.role == "Secondary");
  CHECK(fixture("proc-8.3-single-primary").devices[0].peer_role == "Secondary");
}

TEST_CASE("/proc/drbd 8.3: an unconfigured minor and a gap", "[drbd][status]") {
  auto s = fixture("proc-8.3-unconfigured");
  REQUIRE(s.devices.size() == 3);
  CHECK(s.devices[1].minor == 1);
  CHECK(s.devices[1].unconfigured);
  CHECK(s.devices[1].connection == "Unconfigured");
  CHECK(s.devices[2].minor == 3);
  CHECK(s.devices[2].role == "Secondary");
}

TEST_CASE("/proc/drbd 8.4: connected, M sizes on two lines or one, verify with proc_details", "[drbd][status]") {
  auto connected = fixture("proc-8.4-connected");
  CHECK(connected.format == "proc-8.4");
  CHECK(connected.version == "8.4.4");
  CHECK(connected.devices.size() == 2);

  for (auto name : {"proc-8.4-syncing-M-sizes", "proc-8.4-syncing-M-sizes-joined"}) {
    INFO(name);
    auto s = fixture(name);
    REQUIRE(s.devices.size() == 2);
    auto& d = s.devices[0];
    CHECK(d.connection == "SyncSource");
    CHECK(d.peer_disk == "Inconsistent");
    REQUIRE(d.sync);
    CHECK(d.sync->percent == Approx(6.9));
    CHECK(d.sync->done == "190718/204800M");
    CHECK(d.sync->left_kib == 190718LL * 1024);
    CHECK(d.sync->total_kib == 204800LL * 1024);
    CHECK(d.sync->finish == "0:34:41");
    CHECK(d.sync->speed_kib == 93832);
    CHECK(d.sync->want_kib == 0);  // only SyncTarget says want:
    CHECK(s.devices[1].connection == "Connected");
  }

  auto verify = fixture("proc-8.4-verify");
  REQUIRE(verify.devices.size() == 2);
  auto& v = verify.devices[0];
  CHECK(v.connection == "VerifyS");
  REQUIRE(v.sync);
  CHECK(v.sync->verifying);
  CHECK(v.sync->percent == Approx(24.9));
  CHECK(v.sync->speed_kib == 30216);
  CHECK(v.sync->want_kib == 102400);
  CHECK(v.sync->finish_seconds == 52);
  CHECK(verify.devices[1].connection == "Connected");
}

TEST_CASE("/proc/drbd variants: other build tags, stalled, suspended, proc_details=2, copied spaces", "[drbd][status]") {
  auto built_in = drbd::parse_proc_drbd(
      "version: 8.3.10 (api:88/proto:86-96)\nbuilt-in\n"
      " 0: cs:SyncSource ro:Primary/Secondary ds:UpToDate/Inconsistent C r-----\n"
      "    ns:3116484 nr:0 dw:0 dr:3593516 al:0 bm:219 lo:0 pe:2 ua:1 ap:0 ep:1 wo:f oos:1649980\n"
      "\t[============>.......] sync'ed: 65.5% (1608/4652)Mfinish: 0:05:08 speed: 5,328 (5,056) K/sec (stalled)\n");
  CHECK(built_in.format == "proc-8.3");
  REQUIRE(built_in.devices[0].sync);
  CHECK(built_in.devices[0].sync->stalled);
  CHECK(built_in.devices[0].sync->finish_seconds == 308);

  auto src = drbd::parse_proc_drbd(
      "version: 8.4.10 (api:1/proto:86-101)\nsrcversion: 473968AD625BA317874A57E \n"
      " 0: cs:SyncTarget ro:Secondary/Primary ds:Inconsistent/UpToDate C s--u-s\n"
      "    ns:0 nr:3917184 dw:3917184 dr:0 al:8 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:6568220\n"
      "        [======>.............] sync'ed: 37.4% (6412/10236)M\n"
      "        finish: 0:03:05 speed: 35,360 (34,060) want: 1,050,040 K/sec\n"
      "\tresync: used:1/61 hits:14190 misses:2 starving:0 locked:0 changed:2\n"
      "\tact_log: used:0/1237 hits:0 misses:0 starving:0 locked:0 changed:0\n"
      "\tnn: lc_number refcnt rs_left\n"
      " \t 0: FREE\n"
      "\t 1:   22    1    7 --------- ------\n");
  CHECK(src.format == "proc-8.4");
  auto& d = src.devices[0];
  CHECK(d.suspended);
  CHECK(d.resync_paused_by == "user");
  CHECK(d.sync->want_kib == 1050040);

  // The 8.x version alone decides; api:1 alone says 8.4.
  CHECK(drbd::parse_proc_drbd("version: 8.4.11-1 (api:1/proto:86-101)\n").format == "proc-8.4");
  CHECK(drbd::parse_proc_drbd("version: 8.2.7 (api:88/proto:86-88)\n").format == "proc-8.2");
  // Two spaces instead of three before the flags (as retyped in docs) read the same.
  auto two = drbd::parse_proc_drbd(std::string(header83) +
                                   " 0: cs:StandAlone ro:Secondary/Unknown ds:Outdated/DUnknown  r-----\n"
                                   "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:b oos:0\n");
  CHECK(two.devices[0].disk == "Outdated");
}

TEST_CASE("every state word of 8.3/8.4 is read", "[drbd][status]") {
  for (auto cs : {"StandAlone", "Disconnecting", "Unconnected", "Timeout", "BrokenPipe", "NetworkFailure", "ProtocolError",
                  "WFConnection", "WFReportParams", "TearDown", "Connected", "StartingSyncS", "StartingSyncT", "WFBitMapS",
                  "WFBitMapT", "WFSyncUUID", "SyncSource", "SyncTarget", "PausedSyncS", "PausedSyncT", "VerifyS", "VerifyT",
                  "Ahead", "Behind"})
    for (auto ds : {"Diskless", "Attaching", "Failed", "Negotiating", "Inconsistent", "Outdated", "DUnknown", "Consistent",
                    "UpToDate"}) {
      auto text = std::string(header83) + " 0: cs:" + cs + " ro:Secondary/Unknown ds:" + ds + "/" + ds + " A r-----\n" +
                  "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:n oos:0\n";
      auto d = drbd::parse_drbd_state(text).devices.at(0);
      CHECK(d.connection == cs);
      CHECK(d.disk == ds);
    }
}

TEST_CASE("DRBD 9 drbdadm status", "[drbd][status]") {
  auto s = fixture("drbd9-status-connected");
  CHECK(s.format == "drbd9-status");
  REQUIRE(s.devices.size() == 2);
  auto& d = s.devices[0];
  CHECK(d.resource == "r0");
  CHECK(d.minor == -1);
  CHECK(d.peer == "an-node02");
  CHECK(d.connection == "Connected");
  CHECK(d.role == "Primary");
  CHECK(d.peer_role == "Primary");
  CHECK(d.disk == "UpToDate");
  CHECK(d.peer_disk == "UpToDate");
  CHECK(s.devices[1].resource == "r1");

  auto syncing = fixture("drbd9-status-syncing").devices[0];
  CHECK(syncing.connection == "SyncSource");
  CHECK(syncing.peer_disk == "Inconsistent");
  REQUIRE(syncing.sync);
  CHECK(syncing.sync->percent == Approx(37.5));
  CHECK(syncing.sync->done.empty());
  CHECK(syncing.sync->finish.empty());

  auto multi = fixture("drbd9-status-multivolume");
  REQUIRE(multi.devices.size() == 3);
  CHECK(multi.devices[0].volume == 0);
  CHECK(multi.devices[0].connection == "Connected");
  CHECK(multi.devices[1].resource == "r0");
  CHECK(multi.devices[1].volume == 1);
  CHECK(multi.devices[1].disk == "Inconsistent");
  CHECK(multi.devices[1].connection == "SyncTarget");
  CHECK(multi.devices[1].sync->percent == Approx(81.23));
  CHECK(multi.devices[2].resource == "r1");

  auto standalone = fixture("drbd9-status-standalone").devices[0];
  CHECK(standalone.connection == "StandAlone");
  CHECK(standalone.peer_role == "Unknown");
  CHECK(standalone.peer_disk == "DUnknown");

  auto verbose = fixture("drbd9-status-verbose");
  REQUIRE(verbose.devices.size() == 2);
  CHECK(verbose.devices[0].minor == 0);
  CHECK(verbose.devices[1].minor == 1);
  CHECK(verbose.devices[1].connection == "Connected");
  CHECK(verbose.devices[1].peer_disk == "UpToDate");
  CHECK_FALSE(verbose.devices[1].suspended);

  auto none = fixture("drbd9-status-none");
  CHECK(none.format == "drbd9-status");
  CHECK(none.devices.empty());
}

TEST_CASE("DRBD 9 status: colours, suspended I/O, no connection, connecting", "[drbd][status]") {
  auto s = drbd::parse_drbd9_status(
      "r0 role:\x1b[1mPrimary\x1b[0m suspended:fencing\n  disk:\x1b[32mUpToDate\x1b[0m\n"
      "  an-node02 connection:Connecting\n\n"
      "r1 role:Secondary\n  disk:Outdated\n\n");
  REQUIRE(s.devices.size() == 2);
  CHECK(s.devices[0].suspended);
  CHECK(s.devices[0].connection == "Connecting");
  CHECK(s.devices[0].peer_disk == "DUnknown");
  CHECK(s.devices[1].connection.empty());
  CHECK(s.devices[1].peer.empty());
}

TEST_CASE("DRBD 9 events2", "[drbd][status]") {
  auto s = fixture("drbd9-events2-connected");
  CHECK(s.format == "drbd9-events2");
  REQUIRE(s.devices.size() == 2);
  auto& d = s.devices[1];
  CHECK(d.resource == "r1");
  CHECK(d.minor == 1);
  CHECK(d.peer == "an-node02");
  CHECK(d.connection == "Connected");
  CHECK(d.peer_role == "Primary");
  CHECK(d.disk == "UpToDate");
  CHECK(d.peer_disk == "UpToDate");

  // --timestamps, then changes applied over the initial state; helper calls skipped.
  auto sync = fixture("drbd9-events2-syncing");
  REQUIRE(sync.devices.size() == 1);
  CHECK(sync.devices[0].connection == "SyncSource");
  CHECK(sync.devices[0].peer_role == "Primary");
  REQUIRE(sync.devices[0].sync);
  CHECK(sync.devices[0].sync->percent == Approx(14.31));

  auto gone = drbd::parse_drbd9_events2(fixture_text("drbd9-events2-connected") +
                                        "change connection name:r0 peer-node-id:1 conn-name:an-node02 connection:Connecting\n"
                                        "destroy device name:r1 volume:0 minor:1\n");
  REQUIRE(gone.devices.size() == 1);
  CHECK(gone.devices[0].connection == "Connecting");

  CHECK(drbd::parse_drbd_state("exists -\n").devices.empty());
  CHECK(drbd::parse_drbd_state("exists -\n").format == "drbd9-events2");
}

TEST_CASE("every DRBD 9 state word is read", "[drbd][status]") {
  for (auto c : {"StandAlone", "Disconnecting", "Unconnected", "Timeout", "BrokenPipe", "NetworkFailure", "ProtocolError",
                 "Connecting", "TearDown", "Connected"})
    CHECK(drbd::parse_drbd9_status(std::string("r0 role:Secondary\n  disk:Detaching\n  peer connection:") + c + "\n")
              .devices.at(0)
              .connection == c);
  for (auto r : {"Off", "Established", "StartingSyncS", "StartingSyncT", "WFBitMapS", "WFBitMapT", "WFSyncUUID", "SyncSource",
                 "SyncTarget", "PausedSyncS", "PausedSyncT", "VerifyS", "VerifyT", "Ahead", "Behind"})
    CHECK(drbd::parse_drbd9_events2(std::string("exists device name:r0 volume:0 minor:0 disk:UpToDate\n"
                                                "exists peer-device name:r0 peer-node-id:1 conn-name:p volume:0 replication:") +
                                    r + " peer-disk:Detaching\n")
              .devices.at(0)
              .peer_disk == "Detaching");
}

TEST_CASE("no DRBD at all is not an error", "[drbd][status]") {
  CHECK(drbd::parse_drbd_state("").format == "none");
  CHECK(drbd::parse_drbd_state("\n  \n").devices.empty());
  CHECK(drbd::parse_proc_drbd("").format == "none");
}

TEST_CASE("garbage gives one line naming the line and the fault", "[drbd][status]") {
  CHECK(error_of(fixture_text("garbage-not-drbd")) ==
        "line 1 of the DRBD state: not /proc/drbd, `drbdadm status` or `drbdsetup events2` output: 'bash: drbdadm: command not found'");
  CHECK(error_of(fixture_text("garbage-truncated-device-line")) ==
        "line 3 of the DRBD state: the line of minor 0 is cut short: no ds: after 'ro:Primary/Pri'");
  CHECK(error_of(fixture_text("garbage-unknown-state")) == "line 3 of the DRBD state: unknown connection state 'Conected'");
  CHECK(error_of(fixture_text("garbage-not-a-number")) == "line 4 of the DRBD state: oos: '12a4' is not a number");
  CHECK(error_of(fixture_text("garbage-sync-percent")) == "line 5 of the DRBD state: sync'ed: '3x.5' is not a number");
  CHECK(error_of(fixture_text("garbage-drbd9-unknown-disk")) == "line 2 of the DRBD state: unknown disk state 'UpToDat'");
  CHECK(error_of(fixture_text("garbage-events2-unknown-action")) == "line 2 of the DRBD state: unknown events2 action 'exits'");
  CHECK(error_of(fixture_text("garbage-events2-not-a-number")) == "line 2 of the DRBD state: volume: 'zero' is not a number");

  auto h = std::string(header83);
  CHECK_THAT(error_of(h + " 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n"),
             Catch::Contains("line 3") && Catch::Contains("minor 0 has no counters line"));
  CHECK_THAT(error_of(h + " 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C\n"), Catch::Contains("no state flags"));
  CHECK_THAT(error_of(h + " 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n    ns:0 oos:0\n\tfinish: 0:01:00\n"),
             Catch::Contains("line 5") && Catch::Contains("without a sync'ed: line"));
  CHECK_THAT(error_of(h + " 0: cs:Connected ro:Primary/Primry ds:UpToDate/UpToDate C r-----\n"),
             Catch::Contains("line 3 of the DRBD state: unknown peer role 'Primry'"));
  CHECK_THAT(error_of(h + "hello\n"), Catch::Contains("line 3 of the DRBD state: not a /proc/drbd line: 'hello'"));
  CHECK_THAT(error_of("version: 9.0.29-1 (api:2/proto:86-119)\nGIT-hash: x\nTransports (api:17): tcp (9.0.29-1)\n"),
             Catch::Contains("line 1") && Catch::Contains("drbdadm status"));
  CHECK_THAT(error_of("r0 role:Primary\n  disk:UpToDate\n   an-node02 role:Primary\n"), Catch::Contains("line 3") && Catch::Contains("indentation"));
  CHECK_THAT(error_of("r0 role:Primary\n  disk:UpToDate\n  an-node02 role:Primary\n    peer-disk:UpToDate done:x\n"),
             Catch::Contains("line 4 of the DRBD state: done: 'x' is not a number"));
  CHECK_THAT(error_of("r0 suspended:no\n  disk:UpToDate\n"), Catch::Contains("line 1") && Catch::Contains("no role:"));
  CHECK_THROWS_WITH(drbd::parse_proc_drbd("r0 role:Primary\n"), Catch::Contains("line 1") && Catch::Contains("'version:"));
}
