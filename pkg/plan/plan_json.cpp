#include "plan/plan_json.hpp"

#include "plan/drbd_plan.hpp"

namespace anvil::plan {
namespace {

using json = nlohmann::ordered_json;

json optional_int(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
json optional_text(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }

json fence_json(const Node& n) {
  json methods = json::array();
  for (auto& m : n.fence) {
    json steps = json::array();
    for (auto& s : m.steps) steps.push_back({{"device", s.device}, {"port", optional_text(s.port)}});
    methods.push_back({{"name", m.name}, {"devices", steps}});
  }
  return methods;
}

// A device's options; no password is ever part of the model.
json options_json(const Device& d) {
  json o = json::object();
  for (auto& [k, v] : d.options) o[k] = v;
  return o;
}

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
                     {"ssh", ssh},
                     {"libvirt_uri", optional_text(n.libvirt_uri)},
                     {"fence", fence_json(n)}});
  }
  json devices = json::array();
  for (auto& d : c.devices)
    devices.push_back({{"name", d.name},
                       {"kind", d.kind},
                       {"node", optional_text(d.node)},
                       {"sequence", d.sequence},
                       {"network", d.address.network},
                       {"address", d.address.ip.str()},
                       {"agent", optional_text(d.agent)},
                       {"login", optional_text(d.login)},
                       {"options", options_json(d)}});
  json vms = json::array();
  for (auto& v : c.vms)
    vms.push_back({{"name", v.name},
                   {"sequence", v.sequence},
                   {"network", v.address.network},
                   {"address", v.address.ip.str()},
                   {"ram_mib", optional_int(v.ram_mib)},
                   {"vcpus", optional_int(v.vcpus)},
                   {"preferred_node", optional_text(v.preferred_node)},
                   {"disk_lv", optional_text(v.disk_lv)},
                   {"boot", v.boot.empty() ? std::vector<std::string>{"hd"} : v.boot}});
  json drbd = json::array();
  for (auto& r : c.drbd) {
    json disks = json::object();
    for (auto& d : r.disks) disks[d.node] = d.disk;
    drbd.push_back({{"name", r.name}, {"minor", r.minor}, {"port", r.port}, {"disks", disks}});
  }
  json drbd_settings = json::object();
  for (auto& key : drbd_setting_keys()) drbd_settings[key] = drbd_setting(c.drbd_settings, key);
  json storage_vgs = json::array();
  for (auto& v : c.storage_vgs) storage_vgs.push_back({{"name", v.name}, {"drbd", v.drbd}});
  json gfs2 = nullptr;
  if (c.gfs2)
    gfs2 = {{"vg", c.gfs2->vg}, {"lv", c.gfs2->lv}, {"size", c.gfs2->size}, {"name", c.gfs2->name},
            {"mount_point", c.gfs2->mount_point}, {"journals", c.gfs2->journals}};
  json fencing = {{"delay_node", c.nodes.empty() ? json(nullptr) : json(c.fence_delay_target().name)}, {"delay", c.fence_delay}, {"post_join_delay", c.post_join_delay}};
  return {{"name", c.name},       {"number", c.number}, {"domain", c.domain},   {"profile", c.profile},
          {"drbd", {{"resources", drbd}, {"settings", drbd_settings}}}, {"fencing", fencing}, {"storage", {{"vgs", storage_vgs}, {"gfs2", gfs2}}},
          {"networks", networks}, {"nodes", nodes},     {"devices", devices}, {"vms", vms}};
}

}  // namespace anvil::plan
