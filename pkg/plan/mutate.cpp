#include "plan/mutate.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "plan/derive.hpp"
#include "plan/drbd_plan.hpp"
#include "plan/fence_plan.hpp"
#include "plan/names.hpp"
#include "plan/storage_plan.hpp"
#include "plan/vm_plan.hpp"

namespace anvil::plan {
namespace {

Ipv4 parse_ip(const std::string& what, const std::string& text) {
  auto ip = Ipv4::parse(text);
  if (!ip) throw usage_error("invalid address '" + text + "' for " + what + ": give a dotted quad such as 10.20.2.1");
  return *ip;
}

void require_host_name(const std::string& kind, const std::string& name) {
  if (auto p = host_name_problem(name)) throw usage_error(kind + " name '" + name + "' " + *p);
}

void require_unused_name(const Cluster& c, const std::string& name) {
  if (c.node(name) || c.device(name) || c.vm(name))
    throw failure("'" + name + "' is already in the plan of cluster " + c.name + "; choose another name");
}

bool is_device_kind(const std::string& kind) {
  return std::find(std::begin(device_kinds), std::end(device_kinds), kind) != std::end(device_kinds);
}

int parse_int(const std::string& what, const std::string& text) {
  try {
    std::size_t used = 0;
    int n = std::stoi(text, &used);
    if (used == text.size()) return n;
  } catch (const std::exception&) {
  }
  throw usage_error("invalid " + what + " '" + text + "': give a whole number");
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool is_none(const std::string& v) { return v == "none" || v.empty(); }

// The SSH settings of a node, as set keys: NODE.ssh-host and so on.
constexpr const char* ssh_fields[] = {"ssh-host", "ssh-port", "ssh-user", "ssh-identity", "ssh-known-hosts"};

bool is_ssh_field(const std::string& field) {
  return std::find(std::begin(ssh_fields), std::end(ssh_fields), field) != std::end(ssh_fields);
}

std::string ssh_value(const SshSettings& s, const std::string& field) {
  std::string v = field == "ssh-host"       ? s.host
                  : field == "ssh-port"     ? (s.port ? std::to_string(s.port) : "")
                  : field == "ssh-user"     ? s.user
                  : field == "ssh-identity" ? s.identity
                                            : s.known_hosts;
  return v.empty() ? "default" : v;
}

void set_ssh(SshSettings& s, const std::string& node, const std::string& field, const std::string& value) {
  const bool reset = value == "default";
  if (!reset && value.find_first_of(" \t\n'\"") != std::string::npos && field != "ssh-identity" &&
      field != "ssh-known-hosts")
    throw usage_error("invalid " + node + "." + field + " '" + value + "': no blanks or quotes");
  if (field == "ssh-host") {
    s.host = reset ? "" : value;
  } else if (field == "ssh-port") {
    int port = reset ? 0 : parse_int(node + ".ssh-port", value);
    if (!reset && (port < 1 || port > 65535)) throw usage_error("invalid port " + value + ": use 1-65535, or 'default'");
    s.port = port;
  } else if (field == "ssh-user") {
    s.user = reset ? "" : value;
  } else {
    if (!reset && value.front() != '/')
      throw usage_error(node + "." + field + " must be an absolute path, not '" + value + "'");
    (field == "ssh-identity" ? s.identity : s.known_hosts) = reset ? "" : value;
  }
}

// Re-derives the nodes' interfaces after a network's mapping changed,
// keeping the MACs already known for interfaces that keep their name.
void rederive_interfaces(Cluster& c) {
  for (auto& node : c.nodes) {
    auto fresh = derive_interfaces(c.networks);
    for (auto& i : fresh)
      for (auto& old : node.interfaces)
        if (old.name == i.name && old.kind == i.kind) {
          i.mac = old.mac;
          i.switch_number = old.switch_number;
        }
    node.interfaces = std::move(fresh);
  }
}

void set_network(Cluster& c, Network& net, const std::string& field, const std::string& value) {
  const std::string what = net.name + "." + field;
  if (field == "subnet") {
    auto cidr = Cidr::parse(value);
    if (!cidr) throw usage_error("invalid subnet '" + value + "' for " + what + ": give e.g. 10.20.0.0/16");
    Cluster before = c;
    // The router at the top of the range (and DNS on it) moves with the subnet.
    const Ipv4 old_router{net.subnet.last().value - 1};
    const Ipv4 new_router{cidr->last().value - 1};
    net.subnet = *cidr;
    if (net.gateway == old_router) net.gateway = new_router;
    for (auto& d : net.dns)
      if (d == old_router) d = new_router;
    rederive_conventional(before, c);
  } else if (field == "gateway") {
    net.gateway = is_none(value) ? std::nullopt : std::optional<Ipv4>(parse_ip(what, value));
  } else if (field == "dns") {
    net.dns.clear();
    if (!is_none(value))
      for (auto& item : split_list(value)) net.dns.push_back(parse_ip(what, item));
  } else if (field == "bond") {
    if (auto p = host_name_problem(value)) throw usage_error("bond name '" + value + "' " + *p);
    net.bond = value;
    rederive_interfaces(c);
  } else if (field == "bridge") {
    if (!is_none(value))
      if (auto p = host_name_problem(value)) throw usage_error("bridge name '" + value + "' " + *p);
    net.bridge = is_none(value) ? "" : value;
    rederive_interfaces(c);
  } else if (field == "links") {
    auto links = split_list(value);
    if (links.size() != 2)
      throw usage_error("give two links for " + what + ", one per switch, e.g. eth0,eth3");
    for (auto& l : links)
      if (auto p = host_name_problem(l)) throw usage_error("link name '" + l + "' " + *p);
    net.links = links;
    rederive_interfaces(c);
  } else if (field == "bond-options") {
    if (value != "default" && value.find("mode=") == std::string::npos)
      throw usage_error("invalid " + what + " '" + value + "': give BONDING_OPTS with a mode, e.g. 'mode=1 miimon=100 primary=eth0', or 'default'");
    if (value.find_first_of("\"'\\$`\n") != std::string::npos)
      throw usage_error("invalid " + what + ": no quotes, backslashes, $ or ` in bonding options");
    net.bond_options = value == "default" ? "" : value;
  } else {
    throw usage_error("unknown key '" + what + "': a network takes subnet, gateway, dns, bond, bridge, links or bond-options");
  }
}

void set_cluster(Cluster& c, const std::string& field, const std::string& value) {
  if (field == "name") {
    if (auto p = cluster_name_problem(value)) throw usage_error("cluster name '" + value + "' " + *p);
    c.name = value;
  } else if (field == "domain") {
    if (auto p = domain_problem(value)) throw usage_error("domain '" + value + "' " + *p);
    c.domain = value;
  } else if (field == "number") {
    Cluster before = c;
    c.number = parse_int("cluster number", value);
    if (c.number < 1 || c.number > 255) throw usage_error("cluster number must be 1-255, not " + value);
    rederive_conventional(before, c);
  } else if (field == "fence-delay-node") {
    if (!c.node(value)) throw usage_error("no node '" + value + "' in cluster " + c.name + " to give the fence delay");
    c.fence_delay_node = value;
  } else if (field == "fence-delay") {
    c.fence_delay = parse_int("fence delay", value);
    if (c.fence_delay < 0 || c.fence_delay > 300) throw usage_error("fence delay must be 0-300 seconds, not " + value);
  } else if (field == "post-join-delay") {
    c.post_join_delay = parse_int("post-join delay", value);
    if (c.post_join_delay < 0 || c.post_join_delay > 600) throw usage_error("post-join delay must be 0-600 seconds, not " + value);
  } else {
    throw usage_error("unknown key 'cluster." + field +
                      "': the cluster takes name, domain, number, fence-delay-node, fence-delay or post-join-delay");
  }
}


std::pair<std::string, std::string> split_key(const std::string& key) {
  auto dot = key.find('.');
  if (dot == std::string::npos) return {key, ""};
  return {key.substr(0, dot), key.substr(dot + 1)};
}

// NODE.eth0.mac: the MAC of one NIC, which pins HWADDR in its ifcfg file;
// NODE.eth0.switch: the switch it is cabled to.
std::string nic_of_key(const std::string& field, const std::string& attribute) {
  const std::string suffix = "." + attribute;
  if (field.size() <= suffix.size() || field.compare(field.size() - suffix.size(), suffix.size(), suffix) != 0) return "";
  return field.substr(0, field.size() - suffix.size());
}
std::string nic_of_mac_key(const std::string& field) { return nic_of_key(field, "mac"); }
std::string nic_of_switch_key(const std::string& field) { return nic_of_key(field, "switch"); }

void set_switch(Node& node, const std::string& nic, const std::string& value) {
  for (auto& i : node.interfaces) {
    if (i.name != nic || i.kind != "nic") continue;
    if (value == "default") {
      i.switch_number = 0;
      return;
    }
    if (value.size() != 1 || value[0] < '1' || value[0] > '9')
      throw usage_error("invalid switch '" + value + "' for " + node.name + "." + nic +
                        ": give the number of the switch its cable goes to (1, 2, ...) or 'default'");
    i.switch_number = value[0] - '0';
    return;
  }
  throw usage_error("node " + node.name + " has no NIC " + nic + " in the plan (its NICs are the networks' links)");
}

void set_mac(Node& node, const std::string& nic, const std::string& value) {
  for (auto& i : node.interfaces) {
    if (i.name != nic || i.kind != "nic") continue;
    if (is_none(value)) {
      i.mac.clear();
      return;
    }
    auto mac = normal_mac(value);
    if (mac.empty()) throw usage_error("invalid MAC '" + value + "' for " + node.name + "." + nic + ": give six hex pairs, e.g. 52:54:00:12:34:56");
    i.mac = mac;
    return;
  }
  throw usage_error("node " + node.name + " has no NIC " + nic + " in the plan (its NICs are the networks' links)");
}

}  // namespace

Cluster add_device(Cluster c, const std::string& kind, const std::string& name, const std::string& address) {
  if (!is_device_kind(kind) || kind == "ipmi")
    throw usage_error("unknown device kind '" + kind + "': add a pdu, switch or ups (each node's IPMI BMC is already in the plan)");
  require_host_name("device", name);
  require_unused_name(c, name);
  Device d{name, kind, "", next_device_sequence(c, kind), {device_network(kind), {}}, default_fence_agent(kind), "", {}};
  auto* net = c.network(d.address.network);
  if (!net) throw failure("the plan has no " + d.address.network + " network for " + name);
  d.address.ip = address.empty() ? device_address(*net, kind, d.sequence) : parse_ip(name, address);
  c.devices.push_back(d);
  return c;
}

Cluster add_vm(Cluster c, const std::string& name, const std::string& address) {
  require_host_name("vm", name);
  require_unused_name(c, name);
  Vm v;
  v.name = name;
  v.sequence = next_vm_sequence(c);
  v.address.network = "ifn";
  auto* ifn = c.network("ifn");
  if (!ifn) throw failure("the plan has no ifn network for " + name);
  v.address.ip = address.empty() ? vm_address(*ifn, c.number, v.sequence) : parse_ip(name, address);
  c.vms.push_back(v);
  return c;
}

Cluster remove_host(Cluster c, const std::string& kind, const std::string& name) {
  if (kind == "vm") {
    auto it = std::find_if(c.vms.begin(), c.vms.end(), [&](auto& v) { return v.name == name; });
    if (it == c.vms.end()) throw failure("no vm '" + name + "' in cluster " + c.name + "; see `anvil ip-plan show`");
    c.vms.erase(it);
    return c;
  }
  if (kind != "device") throw usage_error("cannot remove a '" + kind + "': remove a device or a vm");
  auto it = std::find_if(c.devices.begin(), c.devices.end(), [&](auto& d) { return d.name == name; });
  if (it == c.devices.end())
    throw failure("no device '" + name + "' in cluster " + c.name + "; see `anvil ip-plan show`");
  if (it->kind == "ipmi")
    throw failure(name + " is the IPMI BMC of node " + it->node + " and cannot be removed; change its address with `anvil ip-plan set " + name + " ADDRESS`");
  for (auto& n : c.nodes)
    for (auto& m : n.fence)
      for (auto& s : m.steps)
        if (s.device == name)
          throw failure(name + " is in the fence method '" + m.name + "' of " + n.name + "; remove that first: anvil fence remove-method " +
                        n.name + " " + m.name);
  c.devices.erase(it);
  return c;
}

Cluster set_value(Cluster c, const std::string& key, const std::string& value) {
  if (is_storage_key(key)) return set_storage_value(std::move(c), key, value);
  auto [head, field] = split_key(key);
  if (head == "drbd") {
    auto [resource, attribute] = split_key(field);
    if (attribute.empty())
      set_drbd_setting(c.drbd_settings, field, value);
    else
      set_drbd_resource_value(c, resource, attribute, value);
  } else if (head == "cluster") {
    set_cluster(c, field, value);
  } else if (auto* net = c.network(head)) {
    set_network(c, *net, field.empty() ? "subnet" : field, value);
  } else if (auto* node = c.node(head)) {
    if (field == "ipmi") return set_value(c, head + "-ipmi", value);
    if (auto nic = nic_of_mac_key(field); !nic.empty()) {
      set_mac(*node, nic, value);
      return c;
    }
    if (auto nic = nic_of_switch_key(field); !nic.empty()) {
      set_switch(*node, nic, value);
      return c;
    }
    if (is_ssh_field(field)) {
      set_ssh(node->ssh, head, field, value);
      return c;
    }
    if (field == "libvirt-uri") {
      set_libvirt_uri(*node, value);
      return c;
    }
    if (is_fence_method_key(field)) return set_fence_method_key(std::move(c), head, field, value);
    auto* a = node->address_on(field);
    if (!a)
      throw usage_error("unknown key '" + key + "': a node takes bcn, sn, ifn, ipmi or ssh-host, ssh-port, ssh-user, "
                        "ssh-identity, ssh-known-hosts, e.g. " + head + ".bcn");
    a->ip = parse_ip(key, value);
  } else if (c.device(head) && (field.empty() || field == "address")) {
    for (auto& d : c.devices)
      if (d.name == head) d.address.ip = parse_ip(key, value);
  } else if (c.device(head) && (field == "agent" || field == "login")) {
    c = set_fence_device(std::move(c), head, field == "agent" ? std::optional(value) : std::nullopt,
                         field == "login" ? std::optional(is_none(value) ? std::string() : value) : std::nullopt, {});
  } else if (c.device(head) && field.rfind("option.", 0) == 0) {
    c = set_fence_device(std::move(c), head, std::nullopt, std::nullopt, {field.substr(7) + "=" + (is_none(value) ? "" : value)});
  } else if (c.vm(head) && (field.empty() || field == "address")) {
    for (auto& v : c.vms)
      if (v.name == head) v.address.ip = parse_ip(key, value);
  } else if (c.vm(head) && is_vm_field(field)) {
    for (auto& v : c.vms)
      if (v.name == head) set_vm_field(v, c, field, value);
  } else {
    throw usage_error("unknown key '" + key + "'; `anvil ip-plan set --list` shows the keys of this plan");
  }
  return c;
}

std::vector<std::string> settable_keys(const Cluster& c) {
  std::vector<std::string> keys = {"cluster.name",      "cluster.domain",      "cluster.number",
                                   "cluster.fence-delay-node", "cluster.fence-delay", "cluster.post-join-delay"};
  for (auto& n : c.networks)
    for (const char* f : {"subnet", "gateway", "dns", "bond", "bridge", "links", "bond-options"}) keys.push_back(n.name + "." + f);
  for (auto& n : c.nodes) {
    for (auto& a : n.addresses) keys.push_back(n.name + "." + a.network);
    keys.push_back(n.name + ".ipmi");
    for (const char* f : ssh_fields) keys.push_back(n.name + "." + f);
    keys.push_back(n.name + ".libvirt-uri");
    keys.push_back(n.name + ".fence-order");
    for (auto& i : n.interfaces)
      if (i.kind == "nic") {
        keys.push_back(n.name + "." + i.name + ".mac");
        keys.push_back(n.name + "." + i.name + ".switch");
      }
  }
  for (auto& d : c.devices)
    if (d.kind != "ipmi") keys.push_back(d.name);  // a BMC is NODE.ipmi (its device name works too)
  for (auto& d : c.devices) {
    if (d.agent.empty()) continue;
    keys.push_back(d.name + ".agent");
    keys.push_back(d.name + ".login");
    for (auto& [k, v] : d.options) keys.push_back(d.name + ".option." + k);
  }
  for (auto& n : c.nodes)
    for (auto& m : n.fence) keys.push_back(n.name + ".fence." + m.name);
  for (auto& v : c.vms) {
    keys.push_back(v.name);
    for (auto& k : vm_keys(v)) keys.push_back(k);
  }
  for (auto& k : drbd_keys(c)) keys.push_back(k);
  for (auto& k : storage_keys(c)) keys.push_back(k);
  return keys;
}

std::string current_value(const Cluster& c, const std::string& key) {
  if (is_storage_key(key)) return storage_value(c, key);
  auto [head, field] = split_key(key);
  auto join = [](const auto& items, auto str) {
    std::string out;
    for (auto& i : items) out += (out.empty() ? "" : ",") + str(i);
    return out;
  };
  if (head == "drbd") {
    auto [resource, attribute] = split_key(field);
    return attribute.empty() ? drbd_setting(c.drbd_settings, field) : drbd_resource_value(c, resource, attribute);
  }
  if (head == "cluster") {
    if (field == "name") return c.name;
    if (field == "domain") return c.domain;
    if (field == "number") return std::to_string(c.number);
    if (field == "fence-delay-node") return c.nodes.empty() ? "none" : c.fence_delay_target().name;
    if (field == "fence-delay") return std::to_string(c.fence_delay);
    if (field == "post-join-delay") return std::to_string(c.post_join_delay);
  } else if (auto* net = c.network(head)) {
    if (field == "subnet" || field.empty()) return net->subnet.str();
    if (field == "gateway") return net->gateway ? net->gateway->str() : "none";
    if (field == "dns") return net->dns.empty() ? "none" : join(net->dns, [](Ipv4 i) { return i.str(); });
    if (field == "bond") return net->bond;
    if (field == "bridge") return net->bridge.empty() ? "none" : net->bridge;
    if (field == "links") return join(net->links, [](const std::string& s) { return s; });
    if (field == "bond-options") return net->bond_options.empty() ? "default" : net->bond_options;
  } else if (auto* node = c.node(head)) {
    if (field == "ipmi") return current_value(c, head + "-ipmi");
    if (is_ssh_field(field)) return ssh_value(node->ssh, field);
    if (field == "libvirt-uri") return node->libvirt_uri.empty() ? "default" : node->libvirt_uri;
    if (field == "fence-order") return node->fence.empty() ? "none" : join(node->fence, [](const FenceMethod& m) { return m.name; });
    if (field.rfind("fence.", 0) == 0)
      for (auto& m : node->fence)
        if (m.name == field.substr(6))
          return join(m.steps, [](const FenceStep& s) { return s.port.empty() ? s.device : s.device + ":" + s.port; });
    if (auto nic = nic_of_mac_key(field); !nic.empty())
      for (auto& i : node->interfaces)
        if (i.name == nic && i.kind == "nic") return i.mac.empty() ? "none" : i.mac;
    if (auto nic = nic_of_switch_key(field); !nic.empty())
      for (auto& net : c.networks)
        for (auto& link : net.links)
          if (link == nic) return std::to_string(node->switch_of(net, link));
    if (auto* a = node->address_on(field)) return a->ip.str();
  } else if (auto* d = c.device(head)) {
    if (field == "agent") return d->agent.empty() ? "none" : d->agent;
    if (field == "login") return d->login.empty() ? "none" : d->login;
    if (field.rfind("option.", 0) == 0) {
      for (auto& [k, v] : d->options)
        if (k == field.substr(7)) return v;
      return "none";
    }
    return d->address.ip.str();
  } else if (auto* v = c.vm(head)) {
    if (is_vm_field(field)) return vm_field(*v, c, field);
    return v->address.ip.str();
  }
  throw usage_error("unknown key '" + key + "'; `anvil ip-plan set --list` shows the keys of this plan");
}

}  // namespace anvil::plan
