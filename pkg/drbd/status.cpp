#include "drbd/status.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::drbd {
namespace {

using Words = std::vector<std::string_view>;

// drbd_strings.c of 8.3.11 and 8.4.4 (the same words in both).
const Words conn8 = {"StandAlone",   "Disconnecting", "Unconnected",   "Timeout",     "BrokenPipe",  "NetworkFailure",
                     "ProtocolError", "WFConnection", "WFReportParams", "TearDown",   "Connected",   "StartingSyncS",
                     "StartingSyncT", "WFBitMapS",    "WFBitMapT",      "WFSyncUUID", "SyncSource",  "SyncTarget",
                     "PausedSyncS",  "PausedSyncT",   "VerifyS",        "VerifyT",    "Ahead",       "Behind"};
const Words roles = {"Primary", "Secondary", "Unknown"};
const Words disks8 = {"Diskless", "Attaching", "Failed",   "Negotiating", "Inconsistent",
                      "Outdated", "DUnknown",  "Consistent", "UpToDate"};
// DRBD 9 (drbd-utils, drbdmon's DrbdVolume.cpp for the disk states).
const Words conn9 = {"StandAlone", "Disconnecting", "Unconnected", "Timeout",  "BrokenPipe",
                     "NetworkFailure", "ProtocolError", "Connecting", "TearDown", "Connected"};
const Words repl9 = {"Off",        "Established", "StartingSyncS", "StartingSyncT", "WFBitMapS",
                     "WFBitMapT",  "WFSyncUUID",  "SyncSource",    "SyncTarget",    "PausedSyncS",
                     "PausedSyncT", "VerifyS",    "VerifyT",       "Ahead",         "Behind"};
const Words disks9 = {"Diskless", "Attaching", "Detaching", "Failed",     "Negotiating",
                      "Inconsistent", "Outdated", "DUnknown", "Consistent", "UpToDate"};
const Words actions = {"exists", "create", "change", "destroy", "call", "response", "rename"};
const Words objects = {"resource", "device", "connection", "peer-device", "path", "helper"};

bool one_of(std::string_view w, const Words& words) { return std::find(words.begin(), words.end(), w) != words.end(); }
using text::starts_with;
using text::tokens;
using text::trim;

// Lines without their "\r"; colour escapes (drbdadm status on a terminal) gone.
std::vector<std::string> lines_of(const std::string& text) {
  std::string clean;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      for (i += 2; i < text.size() && !(text[i] >= '@' && text[i] <= '~');) ++i;
      continue;
    }
    if (text[i] != '\r') clean += text[i];
  }
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < clean.size()) {
    auto nl = clean.find('\n', at);
    if (nl == std::string::npos) nl = clean.size();
    out.push_back(clean.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

bool blank(const std::vector<std::string>& lines) {
  return std::all_of(lines.begin(), lines.end(), [](auto& l) { return trim(l).empty(); });
}

std::string quoted(const std::string& s) {
  std::string out = s.size() > 60 ? s.substr(0, 57) + "..." : s;
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return "'" + out + "'";
}

[[noreturn]] void bad(int line, const std::string& what) {
  throw failure("line " + std::to_string(line) + " of the DRBD state: " + what);
}

const std::string& known(const std::string& value, const Words& words, const char* what, int line) {
  if (!one_of(value, words)) bad(line, std::string("unknown ") + what + " " + quoted(value));
  return value;
}

// Thousands grouping ("9,420") is dropped when `grouped`.
std::int64_t integer(const std::string& text, const std::string& what, int line, bool grouped = false) {
  std::string digits = text;
  if (grouped) digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    bad(line, what + " " + quoted(text) + " is not a number");
  return v;
}

double decimal(const std::string& text, const std::string& what, int line) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    bad(line, what + " " + quoted(text) + " is not a number");
  return v;
}

std::string clock(std::int64_t seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds % 3600 / 60), static_cast<long long>(seconds % 60));
  return buf;
}

bool looks_like_timestamp(const std::string& t) {
  return t.size() >= 19 && std::isdigit(static_cast<unsigned char>(t[0])) && t[4] == '-' && t[10] == 'T';
}

// ---- /proc/drbd ----------------------------------------------------------

void parse_version(const std::string& line, int n, DrbdState& st) {
  auto t = tokens(line);
  if (t.size() < 2 || t[0] != "version:" || t.size() > 3)
    bad(n, "expected /proc/drbd's 'version: <version> (api:N/proto:N-N)', got " + quoted(line));
  st.version = t[1];
  int api = -1;
  if (t.size() == 3) {
    if (!starts_with(t[2], "(api:") || t[2].back() != ')') bad(n, "expected (api:N/proto:N-N) after the version, got " + quoted(t[2]));
    api = static_cast<int>(integer(t[2].substr(5, t[2].find('/') - 5), "api:", n));
  }
  auto dot = st.version.find('.');
  auto series_end = st.version.find_first_not_of("0123456789", dot + 1);
  std::string series = dot == std::string::npos ? "" : st.version.substr(0, series_end);
  if (starts_with(series, "9.") || api == 2)
    bad(n, "DRBD " + st.version + " lists no devices in /proc/drbd: read `drbdadm status` or `drbdsetup events2 --now`");
  if (!starts_with(series, "8.") || series.size() < 3) {
    if (api == 88) series = "8.3";
    else if (api == 1) series = "8.4";
    else bad(n, "not a DRBD 8 version: " + quoted(st.version));
  }
  st.format = "proc-" + series;
}

// " 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----"
DeviceStatus parse_device(const std::string& line, int n) {
  DeviceStatus d;
  auto colon = line.find(':');
  d.minor = static_cast<int>(integer(trim(line.substr(0, colon)), "the minor", n));
  const std::string minor = "minor " + std::to_string(d.minor);
  auto t = tokens(line.substr(colon + 1));
  if (t.empty() || !starts_with(t[0], "cs:")) bad(n, "expected cs:<state> after the " + minor + ", got " + quoted(trim(line)));
  d.connection = t[0].substr(3);
  if (d.connection == "Unconfigured") {
    if (t.size() > 1) bad(n, "unexpected " + quoted(t[1]) + " after cs:Unconfigured of " + minor);
    d.unconfigured = true;
    return d;
  }
  auto pair = [&](std::size_t i, const std::string& key, std::string& local, std::string& peer) {
    if (t.size() <= i || !starts_with(t[i], key)) bad(n, "the line of " + minor + " is cut short: no " + key + " after " + quoted(t[i - 1]));
    auto value = t[i].substr(key.size());
    auto slash = value.find('/');
    if (slash == std::string::npos) bad(n, key + " of " + minor + " needs local/peer, got " + quoted(t[i]));
    local = value.substr(0, slash);
    peer = value.substr(slash + 1);
  };
  pair(1, "ro:", d.role, d.peer_role);
  pair(2, "ds:", d.disk, d.peer_disk);
  // The protocol, or nothing (two spaces) without a network config; then the flags.
  std::size_t at = 3;
  if (t.size() > at && t[at].size() == 1 && std::strchr("ABC", t[at][0])) d.protocol = t[at++];
  if (t.size() <= at) bad(n, "the line of " + minor + " is cut short: no state flags (like r-----) after " + quoted(t[at - 1]));
  d.flags = t[at++];
  static const char* allowed[] = {"rs", "a-", "p-", "u-", "-dbna", "s-"};
  bool flags_ok = d.flags.size() >= 4 && d.flags.size() <= 6;
  for (std::size_t i = 0; flags_ok && i < d.flags.size(); ++i) flags_ok = std::strchr(allowed[i], d.flags[i]) != nullptr;
  if (!flags_ok) bad(n, quoted(d.flags) + " are not the state flags of " + minor + " (like r-----)");
  if (t.size() > at) bad(n, "unexpected " + quoted(t[at]) + " after the state flags of " + minor);
  known(d.connection, conn8, "connection state", n);
  known(d.role, roles, "role", n);
  known(d.peer_role, roles, "peer role", n);
  known(d.disk, disks8, "disk state", n);
  known(d.peer_disk, disks8, "peer disk state", n);
  d.suspended = d.flags[0] == 's';
  static const std::pair<int, const char*> paused[] = {{1, "dependency"}, {2, "peer"}, {3, "user"}};
  for (auto [at_flag, who] : paused)
    if (d.flags[at_flag] != '-') d.resync_paused_by += (d.resync_paused_by.empty() ? "" : ",") + std::string(who);
  return d;
}

// "    ns:0 nr:0 dw:0 dr:1100 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0"
void parse_counters(const std::string& line, int n, DeviceStatus& d) {
  for (auto& tok : tokens(line)) {
    auto c = tok.find(':');
    if (c == std::string::npos || c == 0) bad(n, "expected key:value counters, got " + quoted(tok));
    auto key = tok.substr(0, c), value = tok.substr(c + 1);
    if (key == "wo") {
      if (value.size() != 1 || !std::strchr("ndfb", value[0])) bad(n, "unknown write ordering wo:" + quoted(value));
      continue;
    }
    auto v = integer(value, key + ":", n);
    if (key == "oos") d.out_of_sync_kib = v;
  }
}

// "finish: 0:03:20 speed: 9,420 (9,380) want: 10,240 K/sec (stalled)"
void parse_finish(const std::string& line, int n, SyncProgress& p) {
  auto t = tokens(line);
  std::size_t i = 0;
  auto next = [&](const std::string& what) -> const std::string& {
    if (i >= t.size()) bad(n, "the finish: line is cut short: no " + what);
    return t[i++];
  };
  auto expect = [&](const std::string& word) {
    if (next(word) != word) bad(n, "expected " + word + " in the finish: line, got " + quoted(t[i - 1]));
  };
  expect("finish:");
  p.finish = next("time left");
  auto c1 = p.finish.find(':'), c2 = p.finish.rfind(':');
  if (c1 == std::string::npos || c1 == c2) bad(n, "finish: " + quoted(p.finish) + " is not a time (H:MM:SS)");
  p.finish_seconds = integer(p.finish.substr(0, c1), "finish:", n) * 3600 +
                     integer(p.finish.substr(c1 + 1, c2 - c1 - 1), "finish:", n) * 60 + integer(p.finish.substr(c2 + 1), "finish:", n);
  expect("speed:");
  p.speed_kib = integer(next("speed"), "speed:", n, true);
  // "(average)", or "(recent -- average)" with proc_details.
  std::string group = next("average speed");
  if (group.front() != '(') bad(n, "expected (average speed) after speed:, got " + quoted(group));
  while (group.back() != ')') group += " " + next("closing parenthesis");
  for (auto& x : tokens(group.substr(1, group.size() - 2)))
    if (x != "--") integer(x, "the average speed", n, true);
  if (i < t.size() && t[i] == "want:") {
    ++i;
    p.want_kib = integer(next("wanted speed"), "want:", n, true);
  }
  expect("K/sec");
  if (i < t.size() && t[i] == "(stalled)") p.stalled = true, ++i;
  if (i < t.size()) bad(n, "unexpected " + quoted(t[i]) + " at the end of the finish: line");
}

// "[======>.............] sync'ed: 37.5% (1884000/3014400)K". With M sizes
// the drbd_proc.c of the 8.3.1x and early 8.4 releases prints no newline
// after the M, so "finish:" follows on the same line; later ones fixed that.
void parse_progress(const std::string& line, int n, DeviceStatus& d) {
  auto close = line.find(']');
  if (line[0] != '[' || close == std::string::npos) bad(n, "expected a progress bar [==>...], got " + quoted(line));
  auto rest = trim(line.substr(close + 1));
  SyncProgress p;
  std::string word = starts_with(rest, "sync'ed:") ? "sync'ed:" : starts_with(rest, "verified:") ? "verified:" : "";
  if (word.empty()) bad(n, "expected sync'ed: or verified: after the progress bar, got " + quoted(rest));
  p.verifying = word == "verified:";
  rest = trim(rest.substr(word.size()));
  auto pct = rest.find('%');
  if (pct == std::string::npos) bad(n, "no percentage after " + word + " " + quoted(rest));
  p.percent = decimal(rest.substr(0, pct), word, n);
  rest = trim(rest.substr(pct + 1));
  auto slash = rest.find('/'), end = rest.find(')');
  if (rest.empty() || rest[0] != '(' || slash == std::string::npos || end == std::string::npos || slash > end ||
      end + 1 >= rest.size() || (rest[end + 1] != 'K' && rest[end + 1] != 'M'))
    bad(n, "expected (left/total)K or M after the percentage, got " + quoted(rest));
  std::int64_t scale = rest[end + 1] == 'M' ? 1024 : 1;
  p.left_kib = integer(rest.substr(1, slash - 1), "the size left", n, true) * scale;
  p.total_kib = integer(rest.substr(slash + 1, end - slash - 1), "the total size", n, true) * scale;
  p.done = rest.substr(1, end - 1) + rest[end + 1];
  rest = trim(rest.substr(end + 2));
  if (!rest.empty()) {
    if (!starts_with(rest, "finish:")) bad(n, "unexpected " + quoted(rest) + " after the sync size");
    parse_finish(rest, n, p);
  }
  d.sync = p;
}

bool digits_then_colon(const std::string& s) {
  auto i = s.find_first_not_of("0123456789");
  return i > 0 && i != std::string::npos && s[i] == ':';
}

}  // namespace

DrbdState parse_proc_drbd(const std::string& text) {
  DrbdState st;
  auto lines = lines_of(text);
  if (blank(lines)) return {"none", "", {}};
  int n = 0, device_line = 0;
  bool in_dump = false, counters = true;
  auto end_device = [&] {
    if (!counters) bad(device_line, "minor " + std::to_string(st.devices.back().minor) + " has no counters line (ns:... oos:) after it");
  };
  for (auto& line : lines) {
    ++n;
    auto t = trim(line);
    if (t.empty()) continue;  // a blank line stands for missing minors
    if (st.format.empty()) {
      parse_version(line, n, st);
      continue;
    }
    if (st.devices.empty() && (starts_with(t, "GIT-hash:") || starts_with(t, "srcversion:") || t == "built-in")) continue;
    bool device = line[0] != '\t' && digits_then_colon(line.substr(line.find_first_not_of(' ')));
    if (device && !(in_dump && line.find("cs:") == std::string::npos)) {
      if (!st.devices.empty()) end_device();
      st.devices.push_back(parse_device(line, n));
      device_line = n;
      counters = st.devices.back().unconfigured;
      in_dump = false;
      continue;
    }
    if (st.devices.empty() || st.devices.back().unconfigured || !std::isspace(static_cast<unsigned char>(line[0])))
      bad(n, "not a /proc/drbd line: " + quoted(t));
    auto& d = st.devices.back();
    auto words = tokens(t);
    if (starts_with(t, "ns:")) {
      parse_counters(t, n, d);
      counters = true;
    } else if (t[0] == '[') {
      parse_progress(t, n, d);
    } else if (starts_with(t, "finish:")) {
      if (!d.sync) bad(n, "a finish: line without a sync'ed: line before it");
      parse_finish(t, n, *d.sync);
    } else if (t.find("% sector pos:") != std::string::npos && std::isdigit(static_cast<unsigned char>(t[0]))) {
      // proc_details >= 1: where the resync is
    } else if (words.size() > 1 && words[0].back() == ':' && starts_with(words[1], "used:")) {
      // proc_details >= 1: "resync: used:0/61 hits:..." and "act_log: used:..."
    } else if (starts_with(t, "nn: lc_number")) {
      in_dump = true;  // proc_details >= 2: the resync LRU, one line per element
    } else if (!(in_dump && digits_then_colon(t))) {
      bad(n, "unexpected line under minor " + std::to_string(d.minor) + ": " + quoted(t));
    }
  }
  if (st.format.empty()) bad(1, "no 'version:' line");
  if (!st.devices.empty()) end_device();
  return st;
}

// ---- DRBD 9 ----------------------------------------------------------------
namespace {

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
  if (blank(lines)) return {"none", "", {}};
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
  if (blank(lines)) return {"none", "", {}};
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

DrbdState parse_drbd_state(const std::string& text) {
  auto lines = lines_of(text);
  int n = 0;
  for (auto& line : lines) {
    ++n;
    auto t = tokens(line);
    if (t.empty()) continue;
    if (t[0] == "version:") return parse_proc_drbd(text);
    std::size_t a = looks_like_timestamp(t[0]) ? 1 : 0;
    if (t.size() > a + 1 && one_of(t[a], actions) && (t[a + 1] == "-" || one_of(t[a + 1], objects)))
      return parse_drbd9_events2(text);
    if (line[0] == '#' || (line[0] != ' ' && t.size() >= 2 && t[0].find(':') == std::string::npos && t[1].find(':') != std::string::npos))
      return parse_drbd9_status(text);
    bad(n, "not /proc/drbd, `drbdadm status` or `drbdsetup events2` output: " + quoted(trim(line)));
  }
  return {"none", "", {}};
}

}  // namespace anvil::drbd
