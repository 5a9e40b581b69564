#include "net/map.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "net/ip_link.hpp"

namespace anvil::net {
namespace {

std::string role_of(const plan::Cluster& c, const std::string& nic) {
  for (auto& net : c.networks)
    for (std::size_t i = 0; i < net.links.size(); ++i)
      if (net.links[i] == nic)
        return net.name + " link " + std::to_string(i + 1) + " (" + net.bond + ", switch " + std::to_string(i + 1) + ")";
  return "";
}

std::string planned_mac(const plan::Node& n, const std::string& nic) {
  for (auto& i : n.interfaces)
    if (i.name == nic) return i.mac;
  return "";
}

}  // namespace

std::vector<MapRow> map_node(exec::Executor& node, const plan::Cluster& c, const plan::Node& n) {
  auto r = node.run({"ip -o link", "", std::chrono::seconds(30), false});
  if (!r.ok()) throw failure("cannot list the links of " + node.node() + " (`ip -o link`): " + r.describe());
  std::vector<MapRow> rows;
  std::vector<std::string> seen;
  for (auto& l : parse_ip_link(r.out)) {
    if (l.type != "ether") continue;
    seen.push_back(l.name);
    rows.push_back({l.name, l.mac, l.state, role_of(c, l.name), planned_mac(n, l.name)});
  }
  for (auto& i : n.interfaces)
    if (i.kind == "nic" && std::find(seen.begin(), seen.end(), i.name) == seen.end())
      rows.push_back({i.name, "", "missing", role_of(c, i.name), i.mac});
  return rows;
}

}  // namespace anvil::net
