// /proc/drbd of DRBD 8.3 and 8.4 (the kernel module's drbd_proc.c).
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
  if (text::all_blank(lines)) return {"none", "", {}};
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

}  // namespace anvil::drbd
