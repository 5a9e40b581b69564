// DRBD's state as a node reports it: /proc/drbd of DRBD 8.3 and 8.4 (the
// kernel module's drbd_proc.c), and `drbdadm status` and `drbdsetup events2
// --now` of DRBD 9 (drbd-utils' drbdsetup.c). Text in, values out; the
// layouts and the state vocabularies are in the reference's output-formats.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace anvil::drbd {

struct SyncProgress {
  double percent = 0;                 // 37.5: how much of the resync (or the verify) is done
  std::string done;                   // /proc/drbd's "(left/total)" and unit: "1884000/3014400K"; empty from DRBD 9
  std::int64_t left_kib = 0;          // from `done`, M sizes times 1024; 0 when unknown
  std::int64_t total_kib = 0;
  std::string finish;                 // "0:03:20" (empty when unknown)
  std::int64_t finish_seconds = -1;   // the same in seconds; -1 when unknown
  std::int64_t speed_kib = 0;         // K/sec, commas removed (the current rate, before the parentheses)
  std::int64_t want_kib = 0;          // the wanted rate (SyncTarget, VerifyS only); 0 when not shown
  bool stalled = false;
  bool verifying = false;
};

struct DeviceStatus {
  int minor = -1;             // -1 when DRBD 9 does not say (plain `drbdadm status`)
  int volume = 0;             // DRBD 9's volume number; 0 for /proc/drbd
  std::string resource;       // DRBD 9 gives names; /proc/drbd 8.x does not (empty)
  // 8.x: the cs: word (StandAlone, WFConnection, Connected, SyncSource, ...,
  // or Unconfigured). DRBD 9: the replication state when above Established
  // (SyncSource, ...), else the connection state (Connected, Connecting,
  // StandAlone, ...); empty when the resource has no connection at all.
  std::string connection;
  std::string peer;           // DRBD 9: the connection's name (the peer's host name); empty for 8.x
  std::string role, peer_role;  // Primary, Secondary, Unknown
  std::string disk, peer_disk;  // UpToDate, Inconsistent, Diskless, DUnknown, ...
  std::string protocol;       // 8.x: "A", "B" or "C"; empty without a network config (StandAlone) and for DRBD 9
  std::string flags;          // 8.x: the flag characters as printed, "r-----"; empty for DRBD 9
  std::optional<SyncProgress> sync;
  std::int64_t out_of_sync_kib = 0;
  std::string resync_paused_by;  // "user", "peer", "dependency", comma-separated; empty when not paused
  bool unconfigured = false;  // "%2d: cs:Unconfigured"
  bool suspended = false;     // I/O suspended: 8.x's first flag 's', DRBD 9's suspended:<not no>
};

struct DrbdState {
  // "proc-8.3", "proc-8.4" (from the version line: "version: 8.3.x" or its
  // api:88, "8.4.x" or api:1; other 8.x give "proc-8.N"), "drbd9-status",
  // "drbd9-events2", or "none" for empty input (DRBD not loaded).
  std::string format;
  std::string version;  // "8.3.16" when the input says; empty for DRBD 9's tools
  std::vector<DeviceStatus> devices;
};

// Each throws anvil::Error (failed) with one line naming the line number and
// what is wrong there ("line 3 of the DRBD state: unknown connection state
// 'Conected'") when the text is not what it should be. Blank input gives an
// empty state of format "none".
DrbdState parse_proc_drbd(const std::string& text);      // /proc/drbd, DRBD 8.3/8.4
// `drbdadm status` (DRBD 9; also drbd-utils 8.9's for DRBD 8.4), plain or
// --verbose/--statistics, wrapped lines included. One device per volume;
// with several connections the first one is the peer.
DrbdState parse_drbd9_status(const std::string& text);
// `drbdsetup events2 --now` (DRBD 9), optionally with --timestamps or
// --statistics; later change/create/destroy events are applied in order.
DrbdState parse_drbd9_events2(const std::string& text);
// Whichever of the three `text` is.
DrbdState parse_drbd_state(const std::string& text);

}  // namespace anvil::drbd
