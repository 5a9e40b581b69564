// DRBD 9: `drbdadm status` and `drbdsetup events2 --now` (drbd-utils).
#include "drbd/status.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/error.hpp"
#include "core/text.hpp"
#include "drbd/status_text.hpp"

namespace anvil::drbd {
namespace {

using namespace detail;
using text::quoted;
using text::starts_with;
using text::tokens;
using text::trim;

struct Peer9 {
  int volume = 0;
  std::string replication, peer_disk, resync_suspended;
  std::optional<double> done, eta;
  std::int64_t out_of_sync = 0;
};
struct Conn9 {
  std::string id;  // peer-node-id, or the name
  std::string name, connection, role;
  std::vector<Peer9> peers;
};
struct Dev9 {
  int volume = 0, minor = -1, line = 0;
  std::string disk;
};
struct Res9 {
  std::string name, role;
  bool suspended = false;
  int line = 0;
  std::vector<Dev9> devices;
  std::vector<Conn9> connections;
};

std::pair<std::string, std::string> key_value(const std::string& tok, int n) {
  auto c = tok.find(':');
  if (c == std::string::npos || c == 0) bad(n, "expected key:value, got " + quoted(tok));
  return {tok.substr(0, c), tok.substr(c + 1)};
}

// Known keys are checked; the others (they differ between drbd-utils versions) are skipped.
void set(Res9& r, const std::string& key, const std::string& value, int n) {
  if (key == "role") r.role = known(value, roles, "role", n);
  else if (key == "suspended") r.suspended = value != "no";
}
void set(Dev9& d, const std::string& key, const std::string& value, int n) {
  if (key == "volume") d.volume = static_cast<int>(integer(value, "volume:", n));
  else if (key == "minor") d.minor = static_cast<int>(integer(value, "minor:", n));
  else if (key == "disk") d.disk = known(value, disks9, "disk state", n);
}
void set(Conn9& c, const std::string& key, const std::string& value, int n) {
  if (key == "connection") c.connection = known(value, conn9, "connection state", n);
  else if (key == "role") c.role = known(value, roles, "peer role", n);
  else if (key == "conn-name") c.name = value;
  else if (key == "node-id" || key == "peer-node-id") integer(value, key + ":", n);
}
void set(Peer9& p, const std::string& key, const std::string& value, int n) {
  if (key == "volume") p.volume = static_cast<int>(integer(value, "volume:", n));
  else if (key == "replication") p.replication = known(value, repl9, "replication state", n);
  else if (key == "peer-disk") p.peer_disk = known(value, disks9, "peer disk state", n);
  else if (key == "done") p.done = decimal(value, "done:", n);
  else if (key == "out-of-sync") p.out_of_sync = integer(value, "out-of-sync:", n);
  else if (key == "resync-suspended") p.resync_suspended = value == "no" ? "" : value;
  else if (key == "eta" && value.find("nan") == std::string::npos) p.eta = decimal(value, "eta:", n);
}

template <class T>
void set_all(T& object, const std::vector<std::string>& toks, std::size_t from, int n) {
  for (auto i = from; i < toks.size(); ++i) {
    auto [key, value] = key_value(toks[i], n);
    set(object, key, value, n);
  }
}

bool resyncing9(const std::string& repl) {
  return repl != "Off" && repl != "Established" && repl != "Ahead" && repl != "Behind" && !repl.empty();
}

// `status` prints every resource's role; events2 may start with changes only.
std::vector<DeviceStatus> devices_of(const std::vector<Res9>& resources, bool role_required) {
  std::vector<DeviceStatus> out;
  for (auto& r : resources) {
    if (r.role.empty() && role_required) bad(r.line, "resource " + quoted(r.name) + " has no role:");
    for (auto& dev : r.devices) {
      if (dev.disk.empty()) bad(dev.line, "volume " + std::to_string(dev.volume) + " of " + quoted(r.name) + " has no disk:");
      DeviceStatus d;
      d.resource = r.name;
      d.volume = dev.volume;
      d.minor = dev.minor;
      d.role = r.role.empty() ? "Unknown" : r.role;
      d.disk = dev.disk;
      d.suspended = r.suspended;
      d.peer_role = "Unknown";
      d.peer_disk = "DUnknown";
      if (!r.connections.empty()) {
        auto& c = r.connections.front();
        d.peer = c.name;
        // Plain `status` says connection: only when not Connected.
        d.connection = c.connection.empty() ? "Connected" : c.connection;
        if (!c.role.empty()) d.peer_role = c.role;
        auto p = std::find_if(c.peers.begin(), c.peers.end(), [&](auto& x) { return x.volume == dev.volume; });
        if (p != c.peers.end()) {
          if (!p->peer_disk.empty()) d.peer_disk = p->peer_disk;
          if (d.connection == "Connected" && resyncing9(p->replication)) d.connection = p->replication;
          d.out_of_sync_kib = p->out_of_sync;
          d.resync_paused_by = p->resync_suspended;
          if (p->done && resyncing9(p->replication)) {
            SyncProgress s;
            s.percent = *p->done;
            s.verifying = starts_with(p->replication, "Verify");
            if (p->eta) s.finish_seconds = std::llround(*p->eta), s.finish = clock(s.finish_seconds);
            d.sync = s;
          }
        }
      }
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace

DrbdState parse_drbd9_status(const std::string& text) {
  auto lines = lines_of(text);
  if (text::all_blank(lines)) return {"none", "", {}};
  std::vector<Res9> res;
  enum class Last { none, resource, device, connection, peer } last = Last::none;
  int n = 0;
  for (auto& line : lines) {
    ++n;
    auto t = tokens(line);
    if (t.empty() || line[0] == '#') continue;  // "# No currently configured DRBD found."
    auto indent = line.find_first_not_of(' ');
    if (line[indent] == '\t') bad(n, "a tab in the indentation: " + quoted(trim(line)));
    if (indent == 0) {
      if (t[0].find(':') != std::string::npos) bad(n, "expected '<resource> role:<role>', got " + quoted(line));
      res.push_back({});
      res.back().name = t[0];
      res.back().line = n;
      set_all(res.back(), t, 1, n);
      last = Last::resource;
      continue;
    }
    if (last == Last::none) bad(n, "an indented line before any resource: " + quoted(trim(line)));
    auto& r = res.back();
    if (indent == 2) {
      bool named = t[0].find(':') == std::string::npos;
      if (named || starts_with(t[0], "node-id:")) {
        r.connections.push_back({});
        r.connections.back().name = named ? t[0] : "";
        set_all(r.connections.back(), t, named ? 1 : 0, n);
        last = Last::connection;
      } else if (starts_with(t[0], "volume:") || starts_with(t[0], "disk:")) {
        r.devices.push_back({});
        r.devices.back().line = n;
        set_all(r.devices.back(), t, 0, n);
        last = Last::device;
      } else {
        bad(n, "expected a volume (disk:...) or a connection (<peer> role:...), got " + quoted(trim(line)));
      }
    } else if (indent == 4 && (last == Last::connection || last == Last::peer)) {
      r.connections.back().peers.push_back({});
      set_all(r.connections.back().peers.back(), t, 0, n);
      last = Last::peer;
    } else if (indent >= 4) {
      // A wrapped line (past 80 columns) or --statistics: more keys of the object above.
      if (last == Last::resource) set_all(r, t, 0, n);
      else if (last == Last::device) set_all(r.devices.back(), t, 0, n);
      else if (last == Last::connection) set_all(r.connections.back(), t, 0, n);
      else set_all(r.connections.back().peers.back(), t, 0, n);
    } else {
      bad(n, "unexpected indentation (" + std::to_string(indent) + " spaces): " + quoted(trim(line)));
    }
  }
  return {"drbd9-status", "", devices_of(res, true)};
}

DrbdState parse_drbd9_events2(const std::string& text) {
  auto lines = lines_of(text);
  if (text::all_blank(lines)) return {"none", "", {}};
  std::vector<Res9> res;
  int n = 0;
  for (auto& line : lines) {
    ++n;
    auto t = tokens(line);
    if (!t.empty() && looks_like_timestamp(t[0])) t.erase(t.begin());  // --timestamps
    if (t.empty()) continue;
    if (t[0] == "-" && t.size() > 1 && t[1] == "skipped") continue;  // "- skipped 3": events lost
    known(t[0], actions, "events2 action", n);
    if (t.size() < 2) bad(n, "the event is cut short: no object after " + quoted(t[0]));
    if (t[1] == "-") continue;  // "exists -": the end of the initial state
    const auto& object = known(t[1], objects, "events2 object", n);
    std::string name, volume = "0", peer;
    for (std::size_t i = 2; i < t.size(); ++i) {
      auto [key, value] = key_value(t[i], n);
      if (key == "name") name = value;
      else if (key == "volume") volume = value;
      else if (key == "peer-node-id" || (key == "conn-name" && peer.empty())) peer = value;
    }
    if (name.empty()) bad(n, "the " + object + " event has no name:");
    if (object == "path" || object == "helper" || t[0] == "call" || t[0] == "response") continue;
    bool destroy = t[0] == "destroy";
    auto r = std::find_if(res.begin(), res.end(), [&](auto& x) { return x.name == name; });
    if (t[0] == "rename") {
      for (std::size_t i = 2; i < t.size() && r != res.end(); ++i)
        if (auto [key, value] = key_value(t[i], n); key == "new_name") r->name = value;
      continue;
    }
    if (r == res.end()) {
      if (destroy) continue;
      res.push_back({});
      r = res.end() - 1;
      r->name = name;
      r->line = n;
    }
    if (object == "resource") {
      if (destroy) res.erase(r);
      else set_all(*r, t, 2, n);
      continue;
    }
    int vol = static_cast<int>(integer(volume, "volume:", n));
    if (object == "device") {
      auto d = std::find_if(r->devices.begin(), r->devices.end(), [&](auto& x) { return x.volume == vol; });
      if (destroy) {
        if (d != r->devices.end()) r->devices.erase(d);
        continue;
      }
      if (d == r->devices.end()) d = r->devices.insert(r->devices.end(), Dev9{vol, -1, n, ""});
      set_all(*d, t, 2, n);
      continue;
    }
    auto c = std::find_if(r->connections.begin(), r->connections.end(), [&](auto& x) { return x.id == peer; });
    if (destroy && object == "connection") {
      if (c != r->connections.end()) r->connections.erase(c);
      continue;
    }
    if (c == r->connections.end()) {
      if (destroy) continue;
      c = r->connections.insert(r->connections.end(), Conn9{});
      c->id = peer;
    }
    if (object == "connection") {
      set_all(*c, t, 2, n);
      continue;
    }
    auto p = std::find_if(c->peers.begin(), c->peers.end(), [&](auto& x) { return x.volume == vol; });
    if (destroy) {
      if (p != c->peers.end()) c->peers.erase(p);
      continue;
    }
    if (p == c->peers.end()) p = c->peers.insert(c->peers.end(), Peer9{});
    set_all(*p, t, 2, n);
  }
  return {"drbd9-events2", "", devices_of(res, false)};
}

}  // namespace anvil::drbd
