#include "plan/hosts.hpp"

#include "plan/address_book.hpp"

namespace anvil::plan {

std::string render_hosts(const Cluster& c) {
  std::string out = "# anvil: cluster " + c.name + " (generated from the IP plan; edit the plan, not this block)\n";
  std::string last_group;
  for (auto& e : address_book(c)) {
    // One paragraph per node (with its BMC), one for the other gear, one for the VMs.
    std::string group = e.kind == "node" || e.kind == "ipmi" ? e.alias.substr(0, e.alias.find('.'))
                        : e.kind == "vm"                     ? "vms"
                                                             : "devices";
    if (group != last_group) {
      out += "\n# " + (group == "vms" ? std::string("virtual machines") : group == "devices" ? std::string("fence devices, switches and UPSes") : group) + "\n";
      last_group = group;
    }
    std::string names = e.alias;
    if (e.kind == "node" && e.network == "bcn") names = e.host + " " + e.host + "." + c.domain + " " + e.alias;
    if (e.kind == "ipmi") names += " " + e.host;
    if (e.kind != "node" && e.kind != "ipmi") names += " " + e.host + "." + c.domain;
    std::string ip = e.ip.str();
    out += ip + std::string(ip.size() < 16 ? 16 - ip.size() : 1, ' ') + names + "\n";
  }
  return out;
}

}  // namespace anvil::plan
