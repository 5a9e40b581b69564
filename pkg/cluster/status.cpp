#include "cluster/status.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <functional>
#include <set>
#include <string_view>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::cluster {
namespace {

using Lines = std::vector<std::string>;
using Words = std::vector<std::string_view>;

// cman_tool's membership_state() and flags; rgmanager's rg_strings.c, in code order from 110.
const Words membership_states = {"Joining", "Cluster-Member", "Not-in-Cluster", "Leaving"};
const Words cman_flags = {"2node", "Shutdown", "Error", "DisallowedNodes", "DisallowedEnabled", "HaveState", "Dirty"};
const Words rg_states = {"stopped", "starting",   "started",    "stopping", "failed",   "uninitialized",
                         "checking", "recoverable", "recovering", "disabled", "migrating"};
constexpr int rg_state_base = 110;
// The keys of cman_tool status (3.x, and 2.x's "Multicast address"), in print order.
const Words status_keys = {"Version",          "Config Version",      "Cluster Name",     "Cluster Id",
                           "Cluster Member",   "Cluster Generation",  "Membership state", "Nodes",
                           "Expected votes",   "Quorum device votes", "Total votes",      "Node votes",
                           "Quorum",           "Active subsystems",   "Flags",            "Ports Bound",
                           "Node name",        "Node ID",             "Multicast addresses", "Multicast address",
                           "Node addresses",   "Disallowed nodes"};
// What clustat prints to stdout before (or instead of) its XML when rgmanager or cman do not answer.
const Words clustat_notes = {"Service states unavailable: ", "Member states unavailable: ",
                             "Timed out waiting for a response from Resource Group Manager",
                             "Failed to receive service data: ", "Could not connect to CMAN",
                             "Could not connect to cluster service", "Error: Malformed message", "Error: no message?!"};
const char* nodes_header = "Node  Sts   Inc   Joined               Name";

bool one_of(std::string_view w, const Words& words) { return std::find(words.begin(), words.end(), w) != words.end(); }
using text::starts_with;
using text::tokens;
using text::trim;

Lines lines_of(const std::string& text) {
  Lines out;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    auto line = text.substr(at, nl - at);
    line.erase(std::remove(line.begin(), line.end(), '\r'), line.end());
    out.push_back(line);
    at = nl + 1;
  }
  return out;
}

bool blank(const Lines& lines) {
  return std::all_of(lines.begin(), lines.end(), [](auto& l) { return trim(l).empty(); });
}

std::string quoted(const std::string& s) {
  std::string out = s.size() > 60 ? s.substr(0, 57) + "..." : s;
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return "'" + out + "'";
}

[[noreturn]] void bad(int line, const std::string& what) {
  throw failure("line " + std::to_string(line) + " of the cluster state: " + what);
}

template <class Int>
Int integer(const std::string& text, const std::string& what, int line, int base = 10) {
  Int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) bad(line, what + " " + quoted(text) + " is not a number");
  return v;
}

int count(const std::string& text, const std::string& what, int line) {
  int v = integer<int>(text, what, line);
  if (v < 0) bad(line, what + " " + quoted(text) + " is negative");
  return v;
}

bool digits_at(const std::string& s, std::initializer_list<std::size_t> at) {
  return std::all_of(at.begin(), at.end(), [&](std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); });
}

// ---- cman_tool status -------------------------------------------------------

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

// ---- clustat -x -------------------------------------------------------------

struct Xml {
  const std::string& text;
  int first;  // the line number of text's first line
  int line(pugi::xml_node node) const { return line_at(node.offset_debug()); }
  int line_at(std::ptrdiff_t offset) const {
    if (offset < 0) offset = 0;
    auto end = text.begin() + std::min<std::ptrdiff_t>(offset, static_cast<std::ptrdiff_t>(text.size()));
    return first + static_cast<int>(std::count(text.begin(), end, '\n'));
  }
  std::string tag(pugi::xml_node node) const { return std::string("<") + node.name() + ">"; }
  std::string text_of(pugi::xml_node node, const char* name) const {
    auto a = node.attribute(name);
    if (!a) bad(line(node), tag(node) + " has no " + name + "=");
    return a.value();
  }
  int int_of(pugi::xml_node node, const char* name) const {
    return count(text_of(node, name), tag(node) + " " + name + "=", line(node));
  }
  bool flag_of(pugi::xml_node node, const char* name) const {
    auto v = text_of(node, name);
    if (v != "0" && v != "1") bad(line(node), tag(node) + " " + name + "=" + quoted(v) + " is neither 0 nor 1");
    return v == "1";
  }
};

std::string owner_name(const std::string& v) { return v == "none" ? "" : v; }

Member clustat_node(const Xml& x, pugi::xml_node e) {
  Member m;
  m.name = x.text_of(e, "name");
  if (m.name.empty()) bad(x.line(e), "<node> has an empty name=");
  m.status = x.flag_of(e, "state") ? "M" : "X";
  m.local = x.flag_of(e, "local");
  m.estranged = x.flag_of(e, "estranged");
  m.rgmanager = x.flag_of(e, "rgmanager");
  m.rgmanager_master = x.flag_of(e, "rgmanager_master");
  m.qdisk = x.flag_of(e, "qdisk");
  auto id = x.text_of(e, "nodeid");  // "0x%08x"
  if (!starts_with(id, "0x")) bad(x.line(e), "<node> nodeid=" + quoted(id) + " is not 0x followed by hex digits");
  m.id = static_cast<int>(integer<std::uint32_t>(id.substr(2), "<node> nodeid=", x.line(e), 16));
  return m;
}

Service clustat_group(const Xml& x, pugi::xml_node e) {
  Service s;
  int n = x.line(e);
  s.name = x.text_of(e, "name");
  auto colon = s.name.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.name.size())
    bad(n, "group name " + quoted(s.name) + " is not TYPE:NAME (service:..., vm:...)");
  s.kind = s.name.substr(0, colon);
  s.short_name = s.name.substr(colon + 1);
  s.state = x.text_of(e, "state_str");
  if (!one_of(s.state, rg_states)) bad(n, "unknown state " + quoted(s.state) + " of " + s.name);
  s.state_code = x.int_of(e, "state");
  auto expected = std::find(rg_states.begin(), rg_states.end(), s.state) - rg_states.begin() + rg_state_base;
  if (s.state_code != expected)
    bad(n, "state=" + std::to_string(s.state_code) + " of " + s.name + " is not " + s.state + " (" + std::to_string(expected) + ")");
  int flags = x.int_of(e, "flags");
  for (auto& f : tokens(x.text_of(e, "flags_str"))) {
    if (f != "frozen" && f != "partial") bad(n, "unknown flag " + quoted(f) + " of " + s.name + " (frozen, partial)");
    s.flags.push_back(f);
  }
  int from_words = (s.frozen() ? 1 : 0) | (s.partial() ? 2 : 0);
  if (flags != from_words) bad(n, "flags=" + std::to_string(flags) + " of " + s.name + " do not match flags_str=" + quoted(x.text_of(e, "flags_str")));
  s.owner = owner_name(x.text_of(e, "owner"));
  s.last_owner = owner_name(x.text_of(e, "last_owner"));
  s.restarts = x.int_of(e, "restarts");
  s.last_transition = integer<std::int64_t>(x.text_of(e, "last_transition"), "last_transition= of " + s.name, n);
  return s;
}

void clustat_children(const Xml& x, pugi::xml_node parent, const char* child, const std::function<void(pugi::xml_node)>& each) {
  for (auto e : parent.children()) {
    if (e.type() == pugi::node_pcdata || e.type() == pugi::node_cdata) bad(x.line(e), "unexpected text " + quoted(trim(e.value())) + " in " + x.tag(parent));
    if (e.type() != pugi::node_element) continue;
    if (std::string_view(e.name()) != child) bad(x.line(e), "unexpected " + x.tag(e) + " in " + x.tag(parent) + " of clustat -x");
    each(e);
  }
}

ClusterState clustat_from(const Lines& lines, int first) {
  ClusterState st;
  st.outputs = {"clustat -x"};
  std::size_t i = 0;
  for (; i < lines.size(); ++i) {
    auto line = trim(lines[i]);
    if (line.empty()) continue;
    if (line[0] == '<') break;
    if (!std::any_of(clustat_notes.begin(), clustat_notes.end(), [&](auto p) { return starts_with(line, p); }))
      bad(first + static_cast<int>(i), "expected clustat -x's XML, got " + quoted(line));
    st.notes.push_back(line);
  }
  if (i == lines.size()) return st;

  std::string text;
  for (std::size_t j = i; j < lines.size(); ++j) text += lines[j] + "\n";
  Xml x{text, first + static_cast<int>(i)};
  pugi::xml_document doc;
  auto parsed = doc.load_string(text.c_str());
  if (!parsed) bad(x.line_at(parsed.offset), std::string("clustat -x is not well-formed XML: ") + parsed.description());

  pugi::xml_node root;
  for (auto e : doc.children()) {
    if (e.type() == pugi::node_pcdata || e.type() == pugi::node_cdata) bad(x.line(e), "unexpected text " + quoted(trim(e.value())) + " after clustat -x's XML");
    if (e.type() != pugi::node_element) continue;
    if (std::string_view(e.name()) != "clustat") bad(x.line(e), "expected <clustat>, got " + x.tag(e));
    if (root) bad(x.line(e), "a second <clustat> (two outputs run together?)");
    root = e;
  }
  if (!root) bad(x.first, "clustat -x has no <clustat> element");

  std::set<std::string> seen;
  Quorum q;
  bool have_quorum = false;
  for (auto e : root.children()) {
    if (e.type() == pugi::node_pcdata || e.type() == pugi::node_cdata) bad(x.line(e), "unexpected text " + quoted(trim(e.value())) + " in <clustat>");
    if (e.type() != pugi::node_element) continue;
    std::string name = e.name();
    if (!seen.insert(name).second) bad(x.line(e), "a second " + x.tag(e) + " in <clustat>");
    if (name == "cluster") {
      q.cluster_name = x.text_of(e, "name");
      q.cluster_id = x.int_of(e, "id");
      q.generation = x.int_of(e, "generation");
    } else if (name == "quorum") {
      have_quorum = true;
      q.quorate = x.flag_of(e, "quorate");
      st.rgmanager_local = x.flag_of(e, "groupmember");
    } else if (name == "nodes") {
      clustat_children(x, e, "node", [&](pugi::xml_node n) { st.members.push_back(clustat_node(x, n)); });
    } else if (name == "groups") {
      st.rgmanager = true;
      clustat_children(x, e, "group", [&](pugi::xml_node g) { st.services.push_back(clustat_group(x, g)); });
    } else {
      bad(x.line(e), "unexpected " + x.tag(e) + " in <clustat> (cluster, quorum, nodes, groups)");
    }
  }
  if (have_quorum) st.quorum = q;
  for (auto& m : st.members) st.rgmanager = st.rgmanager || m.rgmanager;
  return st;
}

// ---- a capture --------------------------------------------------------------

// "==> cman_tool nodes -a <==" -> "cman_tool nodes".
std::string section_of(const std::string& line, int n) {
  auto t = trim(line);
  auto words = tokens(t.substr(4, t.size() - 8));
  auto command = words.empty() ? std::string() : words[0].substr(words[0].rfind('/') + 1);
  if (command == "cman_tool" && words.size() >= 2 && (words[1] == "status" || words[1] == "nodes")) return "cman_tool " + words[1];
  if (command == "clustat" && std::find(words.begin(), words.end(), "-x") != words.end()) return "clustat -x";
  bad(n, "unknown section " + quoted(t) + ": expected cman_tool status, cman_tool nodes or clustat -x");
}

// Which output `lines` is, from its first non-blank line.
std::string detect(const Lines& lines, int first) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto line = trim(lines[i]);
    if (line.empty()) continue;
    if (line[0] == '<' || std::any_of(clustat_notes.begin(), clustat_notes.end(), [&](auto p) { return starts_with(line, p); }))
      return "clustat -x";
    if (tokens(line) == std::vector<std::string>{"Node", "Sts", "Inc", "Joined", "Name"} || starts_with(line, "NOTE: There are "))
      return "cman_tool nodes";
    if (auto kv = key_value(line); kv && one_of(kv->first, status_keys)) return "cman_tool status";
    bad(first + static_cast<int>(i), "not the output of cman_tool status, cman_tool nodes or clustat -x: " + quoted(line));
  }
  return "";
}

void merge(ClusterState& st, const std::optional<Quorum>& status, const std::optional<std::vector<Member>>& nodes,
           const std::optional<ClusterState>& clustat) {
  st.quorum = status;
  if (clustat && clustat->quorum) {
    if (!st.quorum) st.quorum = clustat->quorum;
    else {
      if (st.quorum->cluster_id < 0) st.quorum->cluster_id = clustat->quorum->cluster_id;
      if (st.quorum->generation < 0) st.quorum->generation = clustat->quorum->generation;
    }
  }
  if (nodes) st.members = *nodes;
  if (clustat) {
    for (auto& c : clustat->members) {
      auto it = std::find_if(st.members.begin(), st.members.end(), [&](auto& m) { return m.name == c.name; });
      if (it == st.members.end()) {
        st.members.push_back(c);
        continue;
      }
      it->local = c.local;
      it->estranged = c.estranged;
      it->rgmanager = c.rgmanager;
      it->rgmanager_master = c.rgmanager_master;
      it->qdisk = c.qdisk;
    }
    st.services = clustat->services;
    st.rgmanager = clustat->rgmanager;
    st.rgmanager_local = clustat->rgmanager_local;
    st.notes.insert(st.notes.end(), clustat->notes.begin(), clustat->notes.end());
  }
  if (status && !status->node_name.empty())
    for (auto& m : st.members) m.local = m.name == status->node_name;
}

}  // namespace

bool Service::frozen() const { return std::find(flags.begin(), flags.end(), "frozen") != flags.end(); }
bool Service::partial() const { return std::find(flags.begin(), flags.end(), "partial") != flags.end(); }

bool ClusterState::read(const std::string& output) const { return std::find(outputs.begin(), outputs.end(), output) != outputs.end(); }

const Member* ClusterState::member(const std::string& name) const {
  auto it = std::find_if(members.begin(), members.end(), [&](auto& m) { return m.name == name; });
  return it == members.end() ? nullptr : &*it;
}

const Member* ClusterState::local_member() const {
  auto it = std::find_if(members.begin(), members.end(), [](auto& m) { return m.local; });
  return it == members.end() ? nullptr : &*it;
}

const Service* ClusterState::service(const std::string& name) const {
  auto it = std::find_if(services.begin(), services.end(), [&](auto& s) { return s.name == name; });
  return it == services.end() ? nullptr : &*it;
}

Quorum parse_cman_status(const std::string& text) { return status_from(lines_of(text), 1); }

std::vector<Member> parse_cman_nodes(const std::string& text) { return nodes_from(lines_of(text), 1); }

ClusterState parse_clustat_xml(const std::string& xml) { return clustat_from(lines_of(xml), 1); }

ClusterState parse_cluster_capture(const std::string& text) {
  auto lines = lines_of(text);
  struct Section {
    std::string output;
    std::size_t begin, end;  // line indexes of its body
  };
  auto is_header = [](const std::string& l) {
    auto t = trim(l);
    return starts_with(t, "==> ") && t.size() >= 8 && t.substr(t.size() - 4) == " <==";
  };
  std::vector<Section> sections;
  auto first_header = std::find_if(lines.begin(), lines.end(), is_header) - lines.begin();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    int n = static_cast<int>(i) + 1;
    if (!is_header(lines[i])) {
      if (static_cast<std::ptrdiff_t>(i) < first_header && first_header < static_cast<std::ptrdiff_t>(lines.size()) && !trim(lines[i]).empty())
        bad(n, "expected a '==> command <==' header before " + quoted(trim(lines[i])));
      continue;
    }
    auto output = section_of(lines[i], n);
    for (auto& s : sections)
      if (s.output == output) bad(n, "a second " + output + " section");
    if (!sections.empty()) sections.back().end = i;
    sections.push_back({output, i + 1, lines.size()});
  }
  if (sections.empty()) {
    auto output = detect(lines, 1);
    if (output.empty()) return {};
    sections.push_back({output, 0, lines.size()});
  }

  ClusterState st;
  std::optional<Quorum> status;
  std::optional<std::vector<Member>> nodes;
  std::optional<ClusterState> clustat;
  for (auto& s : sections) {
    st.outputs.push_back(s.output);
    Lines body(lines.begin() + static_cast<std::ptrdiff_t>(s.begin), lines.begin() + static_cast<std::ptrdiff_t>(s.end));
    int first = static_cast<int>(s.begin) + 1;
    if (blank(body)) continue;  // the command printed nothing: cman (or rgmanager) is not running
    if (s.output != "clustat -x" && only_cman_tool_errors(body)) {
      st.notes.push_back(first_nonblank(body));  // cman does not answer
      continue;
    }
    if (s.output == "cman_tool status") status = status_from(body, first);
    else if (s.output == "cman_tool nodes") nodes = nodes_from(body, first);
    else clustat = clustat_from(body, first);
  }
  merge(st, status, nodes, clustat);
  return st;
}

}  // namespace anvil::cluster
