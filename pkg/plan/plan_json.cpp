#include "plan/plan_json.hpp"

namespace anvil::plan {
namespace {

using json = nlohmann::ordered_json;

json optional_int(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
json optional_text(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }

}  // namespace

json to_json(const Cluster& c) {
  json networks = json::array();
  for (auto& n : c.networks) {
    json dns = json::array();
    for (auto& d : n.dns) dns.push_back(d.str());
    networks.push_back({{"name", n.name},
                        {"subnet", n.subnet.str()},
                        {"bond", n.bond},
                        {"bridge", optional_text(n.bridge)},
                        {"links", n.links},
                        {"gateway", n.gateway ? json(n.gateway->str()) : json(nullptr)},
                        {"dns", dns},
                        {"bonding_opts", n.bonding_opts()}});
  }
  json nodes = json::array();
  for (auto& n : c.nodes) {
    json addresses = json::object();
    for (auto& a : n.addresses) addresses[a.network] = a.ip.str();
    json interfaces = json::array();
    for (auto& i : n.interfaces) {
      const auto* net = c.network(i.network);
      interfaces.push_back({{"name", i.name},
                            {"kind", i.kind},
                            {"network", i.network},
                            {"master", optional_text(i.master)},
                            {"mac", optional_text(i.mac)},
                            {"switch", i.kind == "nic" && net ? json(n.switch_of(*net, i.name)) : json(nullptr)}});
    }
    json ssh = {{"host", optional_text(n.ssh.host)},
                {"port", n.ssh.port ? json(n.ssh.port) : json(nullptr)},
                {"user", optional_text(n.ssh.user)},
                {"identity", optional_text(n.ssh.identity)},
                {"known_hosts", optional_text(n.ssh.known_hosts)}};
    nodes.push_back({{"name", n.name},
                     {"number", n.number},
                     {"fqdn", n.name + "." + c.domain},
                     {"addresses", addresses},
                     {"interfaces", interfaces},
                     {"ssh", ssh}});
  }
  json devices = json::array();
  for (auto& d : c.devices)
    devices.push_back({{"name", d.name},
                       {"kind", d.kind},
                       {"node", optional_text(d.node)},
                       {"sequence", d.sequence},
                       {"network", d.address.network},
                       {"address", d.address.ip.str()}});
  json vms = json::array();
  for (auto& v : c.vms)
    vms.push_back({{"name", v.name},
                   {"sequence", v.sequence},
                   {"network", v.address.network},
                   {"address", v.address.ip.str()},
                   {"ram_mib", optional_int(v.ram_mib)},
                   {"vcpus", optional_int(v.vcpus)},
                   {"preferred_node", optional_text(v.preferred_node)}});
  return {{"name", c.name},       {"number", c.number}, {"domain", c.domain},   {"profile", c.profile},
          {"networks", networks}, {"nodes", nodes},     {"devices", devices}, {"vms", vms}};
}

}  // namespace anvil::plan
