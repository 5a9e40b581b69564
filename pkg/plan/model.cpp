#include "plan/model.hpp"

#include <algorithm>

namespace anvil::plan {
namespace {

template <class Range>
auto find_named(Range& range, const std::string& name) -> decltype(&*range.begin()) {
  auto it = std::find_if(range.begin(), range.end(), [&](auto& x) { return x.name == name; });
  return it == range.end() ? nullptr : &*it;
}

}  // namespace

const Address* Node::address_on(const std::string& network) const {
  for (auto& a : addresses)
    if (a.network == network) return &a;
  return nullptr;
}

Address* Node::address_on(const std::string& network) {
  for (auto& a : addresses)
    if (a.network == network) return &a;
  return nullptr;
}

int Node::switch_of(const Network& net, const std::string& link) const {
  for (auto& i : interfaces)
    if (i.name == link && i.switch_number > 0) return i.switch_number;
  auto at = std::find(net.links.begin(), net.links.end(), link);
  return at == net.links.end() ? 0 : static_cast<int>(at - net.links.begin()) + 1;
}

const DrbdDisk* DrbdResource::disk_of(const std::string& node) const {
  for (auto& d : disks)
    if (d.node == node) return &d;
  return nullptr;
}

const DrbdResource* Cluster::drbd_resource(const std::string& name) const { return find_named(drbd, name); }

std::string default_fence_agent(const std::string& kind) {
  if (kind == "ipmi") return "fence_ipmilan";
  if (kind == "pdu") return "fence_apc_snmp";
  return "";
}

const Node& Cluster::fence_delay_target() const {
  if (auto* n = node(fence_delay_node)) return *n;
  return nodes.front();
}

const Network* Cluster::network(const std::string& name) const { return find_named(networks, name); }
Network* Cluster::network(const std::string& name) { return find_named(networks, name); }
const Node* Cluster::node(const std::string& name) const { return find_named(nodes, name); }
Node* Cluster::node(const std::string& name) { return find_named(nodes, name); }
const Device* Cluster::device(const std::string& name) const { return find_named(devices, name); }
const Vm* Cluster::vm(const std::string& name) const { return find_named(vms, name); }

}  // namespace anvil::plan
