// cman_tool status and cman_tool nodes (cluster 3.x, cman_tool/main.c).
#include "cluster/status.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <optional>
#include <set>
#include <string_view>

#include "cluster/status_text.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::cluster {
namespace detail {
namespace {

using text::quoted;
using text::starts_with;
using text::tokens;
using text::trim;
bool blank(const Lines& lines) { return text::all_blank(lines); }

// ---- cman_tool status -------------------------------------------------------


void status_line(Quorum& q, const std::string& key, const std::string& value, int n) {
  auto num = [&] { return count(value, key + ":", n); };
  auto words = [&] { return tokens(value); };
  if (key == "Version") {
    auto d1 = value.find('.'), d2 = value.rfind('.');
    bool ok = d1 != std::string::npos && d1 != d2 && !value.empty() &&
              std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
    if (!ok) bad(n, "Version: " + quoted(value) + " is not cman's major.minor.patch");
    q.version = value;
  } else if (key == "Config Version") q.config_version = num();
  else if (key == "Cluster Name") {
    if (value.empty() || words().size() != 1) bad(n, "Cluster Name: " + quoted(value) + " is not a cluster name");
    q.cluster_name = value;
  } else if (key == "Cluster Id") q.cluster_id = num();
  else if (key == "Cluster Member") {
    if (value != "Yes" && value != "No") bad(n, "Cluster Member: " + quoted(value) + " is neither Yes nor No");
    q.cluster_member = value == "Yes";
  } else if (key == "Cluster Generation") q.generation = num();
  else if (key == "Membership state") {
    bool unknown = starts_with(value, "Unknown: code=");
    if (unknown) integer<int>(value.substr(14), "Membership state code", n);
    else if (!one_of(value, membership_states)) bad(n, "unknown membership state " + quoted(value));
    q.membership_state = value;
  } else if (key == "Nodes") q.nodes = num();
  else if (key == "Expected votes") q.expected_votes = num();
  else if (key == "Quorum device votes") q.quorum_device_votes = num();
  else if (key == "Total votes") q.total_votes = num();
  else if (key == "Node votes") q.node_votes = num();
  else if (key == "Quorum") {
    // "%d %s": a space when quorate, else "Activity blocked" ("Activity Blocked" in cman 2).
    auto t = words();
    if (t.empty()) bad(n, "Quorum: has no number");
    q.quorum = count(t[0], "Quorum:", n);
    auto rest = trim(value.substr(value.find(t[0]) + t[0].size()));
    std::string lower = rest;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!rest.empty() && lower != "activity blocked")
      bad(n, "expected nothing or 'Activity blocked' after Quorum: " + t[0] + ", got " + quoted(rest));
    q.quorate = rest.empty();
  } else if (key == "Active subsystems") q.active_subsystems = num();
  else if (key == "Flags") {
    for (auto& f : words()) {
      if (!one_of(f, cman_flags)) bad(n, "unknown cman flag " + quoted(f));
      q.flags.push_back(f);
    }
    q.two_node = std::find(q.flags.begin(), q.flags.end(), "2node") != q.flags.end();
  } else if (key == "Ports Bound") {
    for (auto& p : words()) q.ports_bound.push_back(count(p, "Ports Bound:", n));
  } else if (key == "Node name") {
    if (words().size() != 1) bad(n, "Node name: " + quoted(value) + " is not a node name");
    q.node_name = value;
  } else if (key == "Node ID") q.node_id = num();
  else if (key == "Multicast addresses" || key == "Multicast address") q.multicast_addresses = words();
  else if (key == "Node addresses") q.node_addresses = words();
  else if (key == "Disallowed nodes") q.disallowed_nodes = words();
}




// ---- cman_tool nodes --------------------------------------------------------

// "%4u   %c  %5d   %s  %s": id, Sts, Inc, the join time (or 19 spaces), the name.
Member node_row(const std::string& line, int n) {
  auto t = tokens(line);
  Member m;
  m.id = count(t[0], "the node id", n);
  if (t.size() < 4) bad(n, "the row of node " + t[0] + " is cut short: expected Sts, Inc, Joined and Name, got " + quoted(line));
  if (t[1].size() != 1 || !std::strchr("MXd?", t[1][0])) bad(n, "unknown node status " + quoted(t[1]) + " of node " + t[0] + " (M, X, d or ?)");
  m.status = t[1];
  m.incarnation = count(t[2], "Inc", n);
  std::size_t at = 3;
  const auto& d = t[3];
  if (d.size() == 10 && d[4] == '-' && d[7] == '-' && digits_at(d, {0, 1, 2, 3, 5, 6, 8, 9})) {
    if (t.size() < 5 || t[4].size() != 8 || t[4][2] != ':' || t[4][5] != ':' || !digits_at(t[4], {0, 1, 3, 4, 6, 7}))
      bad(n, "the join time of node " + t[0] + " is not YYYY-MM-DD HH:MM:SS: " + quoted(line));
    m.joined = d + " " + t[4];
    at = 5;
  }
  if (t.size() <= at) bad(n, "the row of node " + t[0] + " is cut short: no name after " + quoted(t[at - 1]));
  m.name = t[at];
  if (t.size() > at + 1) bad(n, "unexpected " + quoted(t[at + 1]) + " after the name of node " + t[0]);
  return m;
}


}  // namespace

// "Key: value": a key of words (letters first), then ':' and a space or the end.
std::optional<std::pair<std::string, std::string>> key_value(const std::string& line) {
  auto colon = line.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 40 || !std::isalpha(static_cast<unsigned char>(line[0]))) return {};
  if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') return {};
  auto key = line.substr(0, colon);
  if (!std::all_of(key.begin(), key.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::strchr(" _-", c); }))
    return {};
  return std::make_pair(key, trim(line.substr(colon + 1)));
}

// cman_tool's die(): "cman_tool: Cannot open connection to cman, is it running ?" (on stderr,
// captured with it): the whole output when cman does not answer.
bool only_cman_tool_errors(const Lines& lines) {
  return !blank(lines) && std::all_of(lines.begin(), lines.end(), [](auto& l) {
    auto t = trim(l);
    return t.empty() || starts_with(t, "cman_tool: ");
  });
}

std::string first_nonblank(const Lines& lines) {
  for (auto& l : lines)
    if (!trim(l).empty()) return trim(l);
  return "";
}

Quorum status_from(const Lines& lines, int first) {
  if (only_cman_tool_errors(lines)) bad(first, "cman_tool status failed: " + quoted(first_nonblank(lines)));
  Quorum q;
  q.from_cman_tool = true;
  std::set<std::string> seen;
  int last = first;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int n = first + static_cast<int>(i);
    auto line = trim(lines[i]);
    if (line.empty()) continue;
    last = n;
    auto kv = key_value(line);
    if (!kv) bad(n, "expected cman_tool status's 'Key: value', got " + quoted(line));
    auto& [key, value] = *kv;
    if (!one_of(key, status_keys)) continue;  // a line of another cman release
    if (!seen.insert(key).second) bad(n, "a second '" + key + ":' line (two outputs run together?)");
    status_line(q, key, value, n);
  }
  if (seen.empty() && blank(lines)) bad(first, "no cman_tool status output (is cman running?)");
  // "Cluster Member: No" (cman 2, not joined) prints nothing after the membership state.
  if (!(seen.count("Cluster Member") && !q.cluster_member))
    for (const char* key : {"Cluster Name", "Expected votes", "Total votes", "Quorum"})
      if (!seen.count(key)) bad(last, std::string("cman_tool status ends without its '") + key + ":' line (cut short?)");
  return q;
}

std::vector<Member> nodes_from(const Lines& lines, int first) {
  if (only_cman_tool_errors(lines)) bad(first, "cman_tool nodes failed: " + quoted(first_nonblank(lines)));
  std::vector<Member> out;
  bool header = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int n = first + static_cast<int>(i);
    auto line = trim(lines[i]);
    if (line.empty()) continue;
    auto t = tokens(line);
    if (t == std::vector<std::string>{"Node", "Sts", "Inc", "Joined", "Name"}) {
      if (header) bad(n, "a second cman_tool nodes header (two outputs run together?)");
      header = true;
    } else if (!header && starts_with(line, "NOTE: There are ") && t.size() == 6 && t[4] == "disallowed") {
      count(t[3], "the number of disallowed nodes", n);
    } else if (!header && line == "members list may seem inconsistent across the cluster") {
    } else if (!header) {
      bad(n, std::string("expected cman_tool nodes' header '") + nodes_header + "', got " + quoted(line));
    } else if (t[0] == "Addresses:") {
      if (out.empty()) bad(n, "Addresses: before any node");
      if (t.size() < 2) bad(n, "Addresses: of " + out.back().name + " lists no address");
      out.back().addresses.assign(t.begin() + 1, t.end());
    } else {
      out.push_back(node_row(line, n));
    }
  }
  return out;
}

}  // namespace detail

Quorum parse_cman_status(const std::string& text) { return detail::status_from(detail::lines_of(text), 1); }

std::vector<Member> parse_cman_nodes(const std::string& text) { return detail::nodes_from(detail::lines_of(text), 1); }

}  // namespace anvil::cluster
