#include "drbd/status_text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::drbd::detail {

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

[[noreturn]] void bad(int line, const std::string& what) {
  throw failure("line " + std::to_string(line) + " of the DRBD state: " + what);
}

const std::string& known(const std::string& value, const Words& words, const char* what, int line) {
  if (!one_of(value, words)) bad(line, std::string("unknown ") + what + " " + text::quoted(value));
  return value;
}

std::int64_t integer(const std::string& text, const std::string& what, int line, bool grouped) {
  std::string digits = text;
  if (grouped) digits.erase(std::remove(digits.begin(), digits.end(), ','), digits.end());
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    bad(line, what + " " + text::quoted(text) + " is not a number");
  return v;
}

double decimal(const std::string& text, const std::string& what, int line) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    bad(line, what + " " + text::quoted(text) + " is not a number");
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

}  // namespace anvil::drbd::detail
