// clustat -x (rgmanager 3.x, clustat.c), read with pugixml.
#include "cluster/status.hpp"

#include <pugixml.hpp>

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


}  // namespace

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

}  // namespace detail

ClusterState parse_clustat_xml(const std::string& xml) { return detail::clustat_from(detail::lines_of(xml), 1); }

}  // namespace anvil::cluster
