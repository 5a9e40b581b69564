// A capture of the cluster's state: the outputs of cman_tool status,
// cman_tool nodes and clustat -x behind "==> ... <==" headers (or one of
// them alone), each handed to its parser and merged.
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
namespace {

using namespace detail;
using text::quoted;
using text::starts_with;
using text::tokens;
using text::trim;
bool blank(const Lines& lines) { return text::all_blank(lines); }

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
