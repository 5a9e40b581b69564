#include "drbd/check.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>

namespace anvil::drbd {
namespace {

using check::Finding;
using check::Severity;

bool in(const std::string& s, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return s == w; });
}

// The peer is not there (or, empty: DRBD 9 has no connection configured).
bool waiting(const std::string& cs) {
  return cs.empty() || in(cs, {"Disconnecting", "Unconnected", "Timeout", "BrokenPipe", "NetworkFailure", "ProtocolError",
                               "WFConnection", "WFReportParams", "TearDown", "Connecting"});
}
// A resync runs, is paused, or is about to start.
bool resync(const std::string& cs) {
  return in(cs, {"StartingSyncS", "StartingSyncT", "WFBitMapS", "WFBitMapT", "WFSyncUUID", "SyncSource", "SyncTarget",
                 "PausedSyncS", "PausedSyncT"});
}
bool resync_target(const std::string& cs) { return in(cs, {"StartingSyncT", "WFBitMapT", "WFSyncUUID", "SyncTarget", "PausedSyncT"}); }
bool connected(const std::string& cs) { return !waiting(cs) && cs != "StandAlone" && cs != "Unconfigured"; }

std::string grouped(std::int64_t v) {
  auto digits = std::to_string(v < 0 ? -v : v);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return (v < 0 ? "-" : "") + digits;
}

std::string number(double v, const char* format = "%.1f") {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string peer_of(const plan::Cluster& c, const plan::DrbdResource& r, const std::string& node) {
  for (auto& d : r.disks)
    if (d.node != node) return d.node;
  for (auto& n : c.nodes)
    if (n.name != node) return n.name;
  return "the peer";
}

std::vector<const DeviceStatus*> devices_of(const DrbdState& state, const plan::DrbdResource& r) {
  bool by_name = state.format.rfind("drbd9", 0) == 0;
  std::vector<const DeviceStatus*> out;
  for (auto& d : state.devices)
    if (by_name ? d.resource == r.name : d.minor == r.minor) out.push_back(&d);
  return out;
}

struct Where {
  const plan::Cluster& c;
  const plan::DrbdResource& r;
  const std::string& node;
  std::string peer, subject, what;  // what: "r0", or "r1 volume 1" when there are several
  bool drbd9 = false, drbd83 = false;
};

std::string state_words(const DeviceStatus& d) {
  return (d.connection.empty() ? std::string("no connection") : d.connection) + ", " + d.role + "/" + d.peer_role + ", " + d.disk +
         "/" + d.peer_disk;
}

void judge(const Where& w, const DeviceStatus& d, std::vector<Finding>& out) {
  const auto& cs = d.connection;
  const auto& res = w.r.name;
  const std::string on_node = "   # on " + w.node, on_peer = "   # on " + w.peer;
  const std::string watch = w.drbd9 ? "drbdadm status " + res : "cat /proc/drbd";
  auto add = [&](Severity s, const char* id, const std::string& message, const std::string& fix) {
    out.push_back({s, id, w.subject, message, fix});
  };

  if (cs == "StandAlone")
    add(Severity::critical, "drbd.standalone",
        w.what + " is StandAlone on " + w.node + ": it does not replicate to " + w.peer +
            " and will not reconnect by itself; DRBD does this after a split brain",
        "drbdadm connect " + res + on_node + ", after checking for split brain: anvil drbd split-brain " + res);
  else if (waiting(cs))
    add(Severity::warning, "drbd.waiting",
        w.what + " on " + w.node + " is not connected to " + w.peer + " (" + (cs.empty() ? "no connection configured" : cs) +
            "): writes are not replicated",
        cs.empty() ? "drbdadm adjust " + res + on_node + ": the resource has no connection to " + w.peer
                   : "drbdadm up " + res + on_peer + " if it is down there; else check the storage network between " + w.node +
                         " and " + w.peer + " (TCP port " + std::to_string(w.r.port) + ")");

  if (d.disk == "Diskless" || d.disk == "Failed") {
    auto* disk = w.r.disk_of(w.node);
    add(Severity::critical, "drbd.diskless",
        d.disk == "Failed" ? "the backing disk of " + w.what + " failed on " + w.node + " (Failed): DRBD detached it"
                           : w.what + " has no local disk on " + w.node + " (Diskless): its I/O goes over the network to " + w.peer,
        "check " + (disk ? disk->disk : std::string("the backing disk")) + " on " + w.node +
            " (dmesg, smartctl), then: drbdadm attach " + res + on_node);
  }

  if (d.disk == "Inconsistent" && !resync(cs)) {
    std::string fix;
    if (connected(cs) && d.peer_disk == "UpToDate")
      fix = "drbdadm invalidate " + res + on_node + ": a full resync from " + w.peer;
    else if (!connected(cs))
      fix = "drbdadm connect " + res + on_node + " (and drbdadm up " + res + " on " + w.peer + "): it resyncs from " + w.peer +
            " once connected";
    else
      fix = (w.drbd83 ? "drbdadm -- --overwrite-data-of-peer primary " : "drbdadm primary --force ") + res +
            "   # only on the node whose data is good: the other resyncs from it";
    add(Severity::critical, "drbd.inconsistent",
        w.what + " on " + w.node + " is Inconsistent and no resync is running (" + state_words(d) + "): its data cannot be used",
        fix);
  }

  if (connected(cs)) {
    bool here = d.role == "Primary", there = d.peer_role == "Primary";
    if (w.c.drbd_settings.dual_primary && here != there)
      add(Severity::critical, "drbd.single-primary",
          w.what + " is Primary on " + (here ? w.node : w.peer) + " only (" + d.role + "/" + d.peer_role +
              "): the plan wants it Primary on both nodes (dual-primary), or live migration fails",
          "drbdadm primary " + res + "   # on " + (here ? w.peer : w.node));
    else if (w.c.drbd_settings.dual_primary && !here)
      add(Severity::critical, "drbd.no-primary",
          w.what + " is " + d.role + "/" + d.peer_role + ": the plan wants it Primary on both nodes (dual-primary); nothing can use it now",
          "drbdadm primary " + res + "   # on " + w.node + " and on " + w.peer);
    else if (!w.c.drbd_settings.dual_primary && here && there)
      add(Severity::critical, "drbd.two-primaries",
          w.what + " is Primary on both nodes but the plan does not allow two primaries: writes on both sides end in a split brain",
          "drbdadm secondary " + res + "   # on the node that should not hold it, after stopping what uses it there");
  }

  if (resync(cs)) {
    bool paused = cs.rfind("PausedSync", 0) == 0;
    std::string m = w.what + (paused ? "'s resync is paused (" + cs + (d.resync_paused_by.empty() ? "" : ", by " + d.resync_paused_by) + ")"
                                     : d.sync ? " is syncing (" + cs + ")" : "'s resync is starting (" + cs + ")");
    if (d.sync) {
      m += ": " + number(d.sync->percent) + "% done";
      if (!d.sync->finish.empty()) m += ", " + d.sync->finish + " left";
      if (d.sync->speed_kib > 0) m += " at " + grouped(d.sync->speed_kib) + " K/sec";
      if (d.sync->stalled) m += " (stalled)";
    }
    auto target = resync_target(cs) ? w.node : w.peer;
    std::string fix;
    if (d.resync_paused_by.find("user") != std::string::npos)
      fix = "drbdadm resume-sync " + res + on_node;
    else if (paused)
      fix = "wait: it resumes when the resync it waits for (resync-after, or on " + w.peer + ") is done (" + watch + on_node + "); " +
            target + " has no good copy of " + res + " until then";
    else if (d.sync && d.sync->stalled)
      fix = "check the storage network between " + w.node + " and " + w.peer + ": the resync has stalled (" + watch + on_node + ")";
    else
      fix = "wait for it to finish (" + watch + on_node + "); " + target + " has no good copy of " + res + " until then";
    add(Severity::warning, "drbd.syncing", m, fix);
  }

  auto resyncs_once = [&](const std::string& where) {
    return connected(cs) ? "wait for the resync (" + watch + on_node + ")"
                         : "drbdadm connect " + res + "   # on " + where + ": it resyncs once connected";
  };
  if (d.disk == "Outdated")
    add(Severity::warning, "drbd.outdated",
        w.what + " on " + w.node + " is Outdated: its data is older than " + w.peer + "'s and DRBD will not make it Primary",
        resyncs_once(w.node));
  else if (d.peer_disk == "Outdated")
    add(Severity::warning, "drbd.outdated",
        "the disk of " + w.what + " on " + w.peer + " is Outdated: " + w.peer + " cannot take over", resyncs_once(w.peer));

  if (d.suspended)
    add(Severity::warning, "drbd.suspended",
        "I/O to " + w.what + " is suspended on " + w.node + ": whatever uses it (VMs, clvmd) hangs",
        "find why in the kernel log on " + w.node + " (dmesg | grep -i drbd; often the fence-peer handler waiting to fence " + w.peer +
            "), then: drbdadm resume-io " + res + on_node);

  if (cs == "Connected" && d.out_of_sync_kib > 0 && d.disk == "UpToDate" && d.peer_disk == "UpToDate")
    add(Severity::warning, "drbd.out-of-sync",
        w.what + " has " + grouped(d.out_of_sync_kib) + " KiB out of sync with " + w.peer +
            " while Connected (as a verify finds them): DRBD resyncs those only when it reconnects",
        "drbdadm disconnect " + res + " && drbdadm connect " + res + on_node);
}

}  // namespace

std::vector<Finding> check_node(const plan::Cluster& c, const std::string& node, const DrbdState& state) {
  std::vector<Finding> out;
  std::vector<const plan::DrbdResource*> planned;
  for (auto& r : c.drbd)
    if (r.disks.empty() || r.disk_of(node)) planned.push_back(&r);
  if (planned.empty()) return out;

  if (state.format.empty() || state.format == "none") {
    std::string names;
    for (auto* r : planned) names += (names.empty() ? "" : ", ") + r->name;
    bool init_d = c.profile.rfind("el5", 0) == 0 || c.profile.rfind("el6", 0) == 0;
    out.push_back({Severity::critical, "drbd.not-loaded", node,
                   "DRBD is not running on " + node + " (no /proc/drbd, no resources) but the plan has " + names + " there",
                   std::string(init_d ? "/etc/init.d/drbd start" : "systemctl start drbd") + "   # on " + node +
                       ": loads the module and brings up " + names});
    return out;
  }

  const bool drbd9 = state.format.rfind("drbd9", 0) == 0;
  for (auto* r : planned) {
    Where w{c, *r, node, peer_of(c, *r, node), node + " " + r->name, r->name, drbd9, state.format == "proc-8.3"};
    auto devices = devices_of(state, *r);
    if (devices.empty() || devices.front()->unconfigured) {
      auto where = drbd9 ? "DRBD does not list it" : "/proc/drbd " + std::string(devices.empty() ? "does not list minor " : "shows minor ") +
                                                         std::to_string(r->minor) + (devices.empty() ? "" : " as Unconfigured");
      out.push_back({Severity::critical, "drbd.resource-down", w.subject,
                     r->name + " (" + r->device() + ") is not up on " + node + ": " + where,
                     "drbdadm up " + r->name + "   # on " + node + "; if that fails, check its configuration: drbdadm dump " + r->name});
      continue;
    }
    auto before = out.size();
    bool as_planned = true;
    for (auto* d : devices) {
      if (devices.size() > 1) w.what = r->name + " volume " + std::to_string(d->volume);
      auto mine = out.size();
      judge(w, *d, out);
      bool roles_ok = c.drbd_settings.dual_primary ? d->role == "Primary" && d->peer_role == "Primary"
                                                   : !(d->role == "Primary" && d->peer_role == "Primary");
      bool ok = in(d->connection, {"Connected", "VerifyS", "VerifyT"}) && d->disk == "UpToDate" && d->peer_disk == "UpToDate" && roles_ok;
      if (!ok && out.size() == mine)
        out.push_back({Severity::warning, "drbd.unexpected-state", w.subject,
                       w.what + " on " + node + " is " + state_words(*d) + ", not the planned Connected, " +
                           (c.drbd_settings.dual_primary ? "Primary/Primary" : "at most one Primary") + ", UpToDate/UpToDate",
                       "check again in a minute; if it stays, read the kernel log on " + node + ": dmesg | grep -i drbd"});
      as_planned = as_planned && ok;
    }
    if (out.size() == before && as_planned) {
      auto& d = *devices.front();
      std::string m = r->name + (devices.size() > 1 ? " (" + std::to_string(devices.size()) + " volumes)" : "") + " is " + state_words(d);
      if (d.sync && d.sync->verifying) m += "; verify " + number(d.sync->percent) + "% done";
      out.push_back({Severity::ok, "drbd.ok", w.subject, m, ""});
    }
  }
  return out;
}

std::vector<PerfValue> sync_perfdata(const plan::Cluster& c, const DrbdState& state) {
  std::vector<PerfValue> out;
  for (auto& r : c.drbd) {
    auto devices = devices_of(state, r);
    for (auto* d : devices) {
      if (d->unconfigured) continue;
      auto prefix = r.name + (devices.size() > 1 ? "_v" + std::to_string(d->volume) : "");
      if (resync(d->connection) && d->sync && !d->sync->verifying) {
        out.push_back({prefix + "_synced", d->sync->percent, "%", 100});
        if (d->sync->finish_seconds >= 0) out.push_back({prefix + "_sync_left", double(d->sync->finish_seconds), "s", {}});
      } else if (d->disk == "UpToDate" && d->peer_disk == "UpToDate") {
        out.push_back({prefix + "_synced", 100, "%", 100});
        out.push_back({prefix + "_sync_left", 0, "s", {}});
      }
    }
  }
  return out;
}

std::string to_string(const PerfValue& p) {
  auto plain = [](double v) {
    auto s = number(v, "%.2f");
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
  };
  return "'" + p.label + "'=" + plain(p.value) + p.unit + ";;;0" + (p.max ? ";" + plain(*p.max) : "");
}

}  // namespace anvil::drbd
