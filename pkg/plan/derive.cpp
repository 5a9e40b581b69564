#include "plan/derive.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/error.hpp"

namespace anvil::plan {
namespace {

Cidr parse_subnet(const std::string& network, const std::string& text) {
  auto cidr = Cidr::parse(text);
  if (!cidr)
    throw usage_error("invalid " + network + " subnet '" + text +
                      "': give a network address with its prefix, e.g. 10.20.0.0/16");
  return *cidr;
}

Ipv4 conventional(const Network& net, std::uint32_t block, std::uint32_t host, const std::string& what) {
  auto ip = net.subnet.at(block * 256 + host);
  if (!ip || !net.subnet.is_host(*ip))
    throw failure("the " + net.name + " network " + net.subnet.str() + " is too small for " + what +
                  " under the addressing convention; use a larger subnet or set the address by hand");
  return *ip;
}

Network make_network(const std::string& name, const std::string& subnet, std::string bond,
                     std::string bridge, std::vector<std::string> links) {
  Network n;
  n.name = name;
  n.subnet = parse_subnet(name, subnet);
  n.bond = std::move(bond);
  n.bridge = std::move(bridge);
  n.links = std::move(links);
  return n;
}

int sequence_after(const std::set<int>& used) {
  int z = 1;
  while (used.count(z)) ++z;
  return z;
}

}  // namespace

int node_number_from_name(const std::string& name, int position) {
  auto digits = std::find_if_not(name.rbegin(), name.rend(), [](unsigned char c) { return std::isdigit(c); });
  std::string tail(digits.base(), name.end());
  if (tail.empty() || tail.size() > 3) return position;
  return std::stoi(tail);
}

Ipv4 node_address(const Network& net, int x) { return conventional(net, 0, x, "node " + std::to_string(x)); }

Ipv4 ipmi_address(const Network& bcn, int x) {
  return conventional(bcn, 1, x, "the BMC of node " + std::to_string(x));
}

std::string device_network(const std::string& kind) {
  (void)kind;  // every device kind the seed names lives on the BCN
  return "bcn";
}

Ipv4 device_address(const Network& bcn, const std::string& kind, int z) {
  if (kind == "ipmi") return ipmi_address(bcn, z);
  // Multi-port fence devices (PDUs) on .2.z, switches and other gear on .3.z.
  std::uint32_t block = kind == "pdu" ? 2 : 3;
  return conventional(bcn, block, z, kind + " " + std::to_string(z));
}

Ipv4 vm_address(const Network& ifn, int y, int z) {
  return conventional(ifn, y, z, "VM " + std::to_string(z) + " of cluster " + std::to_string(y));
}

int next_device_sequence(const Cluster& c, const std::string& kind) {
  // PDUs share .2.z; switches and UPSes share .3.z, so they share a sequence.
  auto block_of = [](const std::string& k) { return k == "pdu" ? 2 : k == "ipmi" ? 1 : 3; };
  std::set<int> used;
  for (auto& d : c.devices)
    if (block_of(d.kind) == block_of(kind)) used.insert(d.sequence);
  return sequence_after(used);
}

int next_vm_sequence(const Cluster& c) {
  std::set<int> used;
  for (auto& v : c.vms) used.insert(v.sequence);
  return sequence_after(used);
}

std::vector<Interface> derive_interfaces(const std::vector<Network>& networks) {
  std::vector<Interface> out;
  for (auto& net : networks) {
    for (auto& link : net.links) out.push_back({link, "nic", net.name, net.bond, ""});
    out.push_back({net.bond, "bond", net.name, net.bridge, ""});
    if (!net.bridge.empty()) out.push_back({net.bridge, "bridge", net.name, "", ""});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) {
    if (a.kind != b.kind) return a.kind == "nic" || (a.kind == "bond" && b.kind == "bridge");
    return a.name < b.name;
  });
  return out;
}

Cluster make_cluster(const InitOptions& o) {
  Cluster c;
  c.name = o.name;
  c.number = o.number;
  c.domain = o.domain;
  c.profile = o.profile;
  c.networks.push_back(make_network("bcn", o.bcn, "bond0", "vbr0", {"eth0", "eth3"}));
  c.networks.push_back(make_network("sn", o.sn, "bond1", "", {"eth1", "eth4"}));
  c.networks.push_back(make_network("ifn", o.ifn, "bond2", "vbr2", {"eth2", "eth5"}));
  auto& ifn = *c.network("ifn");
  // The seed puts the IFN's router at the top of the range; settable.
  ifn.gateway = Ipv4{ifn.subnet.last().value - 1};
  ifn.dns = {*ifn.gateway};

  int position = 0;
  for (auto& name : o.nodes) {
    Node n;
    n.name = name;
    n.number = node_number_from_name(name, ++position);
    for (auto& net : c.networks) n.addresses.push_back({net.name, node_address(net, n.number)});
    n.interfaces = derive_interfaces(c.networks);
    // IPMI first: it also tells that the node is off, a PDU only that its outlet is.
    n.fence.push_back({"ipmi", {{name + "-ipmi", ""}}});
    c.nodes.push_back(n);
    c.devices.push_back({name + "-ipmi", "ipmi", name, n.number,
                         {"bcn", ipmi_address(*c.network("bcn"), n.number)}, "fence_ipmilan", "", {}});
  }
  return c;
}

void rederive_conventional(const Cluster& before, Cluster& after) {
  // Only an address that matched the old convention moves with it; when the
  // old network could not even hold the conventional address, it was set by hand.
  auto follow = [](Ipv4 current, auto old_rule, auto new_rule) -> Ipv4 {
    try {
      if (old_rule() != current) return current;
    } catch (const Error&) {
      return current;
    }
    return new_rule();
  };
  for (auto& node : after.nodes) {
    for (auto& a : node.addresses) {
      auto* old_net = before.network(a.network);
      auto* new_net = after.network(a.network);
      if (!old_net || !new_net) continue;
      int x = node.number;
      a.ip = follow(a.ip, [&] { return node_address(*old_net, x); }, [&] { return node_address(*new_net, x); });
    }
  }
  for (auto& d : after.devices) {
    auto* old_net = before.network(d.address.network);
    auto* new_net = after.network(d.address.network);
    if (!old_net || !new_net) continue;
    d.address.ip = follow(d.address.ip, [&] { return device_address(*old_net, d.kind, d.sequence); },
                          [&] { return device_address(*new_net, d.kind, d.sequence); });
  }
  for (auto& v : after.vms) {
    auto* old_net = before.network(v.address.network);
    auto* new_net = after.network(v.address.network);
    if (!old_net || !new_net) continue;
    v.address.ip = follow(v.address.ip, [&] { return vm_address(*old_net, before.number, v.sequence); },
                          [&] { return vm_address(*new_net, after.number, v.sequence); });
  }
}

}  // namespace anvil::plan
