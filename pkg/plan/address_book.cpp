#include "plan/address_book.hpp"

namespace anvil::plan {

std::vector<Entry> address_book(const Cluster& c) {
  std::vector<Entry> out;
  for (auto& n : c.nodes) {
    for (const char* net_name : network_names) {
      auto* a = n.address_on(net_name);
      auto* net = c.network(net_name);
      if (!a) continue;
      out.push_back({n.name, "node", a->network, a->ip, net ? net->carrier() : "", n.name + "." + a->network});
    }
    // Addresses on networks beyond the three of the seed, should a plan grow them.
    for (auto& a : n.addresses)
      if (!c.network(a.network) || (a.network != "bcn" && a.network != "sn" && a.network != "ifn"))
        out.push_back({n.name, "node", a.network, a.ip, "", n.name + "." + a.network});
    for (auto& d : c.devices)
      if (d.kind == "ipmi" && d.node == n.name)
        out.push_back({d.name, "ipmi", d.address.network, d.address.ip, "", n.name + ".ipmi"});
  }
  for (auto& d : c.devices)
    if (d.kind != "ipmi" || !c.node(d.node)) out.push_back({d.name, d.kind, d.address.network, d.address.ip, "", d.name});
  for (auto& v : c.vms) out.push_back({v.name, "vm", v.address.network, v.address.ip, "", v.name});
  return out;
}

}  // namespace anvil::plan
