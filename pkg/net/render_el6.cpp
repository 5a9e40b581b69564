#include "net/render_el6.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace anvil::net {
namespace {

std::string netmask(const plan::Cidr& subnet) { return plan::Ipv4{subnet.mask()}.str(); }

// initscripts read these files with the shell: every value is quoted, and
// the plan's values never hold a double quote (names are checked on entry).
std::string line(const std::string& key, const std::string& value) { return key + "=\"" + value + "\"\n"; }

std::string header(const plan::Cluster& c, const plan::Node& n, const std::string& what) {
  return "# " + what + "\n# Written by anvil for " + n.name + " of cluster " + c.name +
         "; change the plan (anvil ip-plan), not this file.\n";
}

std::string common() { return line("NM_CONTROLLED", "no") + line("BOOTPROTO", "none") + line("ONBOOT", "yes"); }

std::string address_lines(const plan::Network& net, const plan::Address& a) {
  std::string out = line("IPADDR", a.ip.str()) + line("NETMASK", netmask(net.subnet));
  if (net.gateway) out += line("GATEWAY", net.gateway->str()) + line("DEFROUTE", "yes");
  int i = 0;
  for (auto& d : net.dns) out += line("DNS" + std::to_string(++i), d.str());
  return out;
}

const plan::Interface* interface_named(const plan::Node& n, const std::string& name) {
  for (auto& i : n.interfaces)
    if (i.name == name) return &i;
  return nullptr;
}

}  // namespace

std::vector<RenderedFile> render_el6(const plan::Cluster& c, const plan::Node& n) {
  std::vector<RenderedFile> nics, bonds, bridges;
  for (const char* name : plan::network_names) {
    auto* net = c.network(name);
    if (!net) continue;
    auto* address = n.address_on(net->name);
    if (!address) throw failure("node " + n.name + " has no " + net->name + " address; set one with `anvil ip-plan set`");
    std::string upper = net->name;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    int link_number = 0;
    for (auto& link : net->links) {
      ++link_number;
      std::string content = header(c, n, upper + " link " + std::to_string(link_number) + " of " + net->bond +
                                             " (switch " + std::to_string(link_number) + ")") +
                            line("DEVICE", link);
      if (auto* i = interface_named(n, link); i && !i->mac.empty()) content += line("HWADDR", i->mac);
      content += common() + line("MASTER", net->bond) + line("SLAVE", "yes");
      nics.push_back({"ifcfg-" + link, content});
    }
    std::string bond = header(c, n, upper + " bond: " + [&] {
      std::string links;
      for (auto& l : net->links) links += (links.empty() ? "" : " + ") + l;
      return links;
    }() + (net->bridge.empty() ? ", holds the " + upper + " address" : ", port of " + net->bridge)) +
                       line("DEVICE", net->bond) + common() + line("BONDING_OPTS", net->bonding_opts());
    if (net->bridge.empty())
      bond += address_lines(*net, *address);
    else
      bond += line("BRIDGE", net->bridge);
    bonds.push_back({"ifcfg-" + net->bond, bond});
    if (!net->bridge.empty())
      bridges.push_back({"ifcfg-" + net->bridge, header(c, n, upper + " bridge, over " + net->bond) +
                                                     line("DEVICE", net->bridge) + line("TYPE", "Bridge") + common() +
                                                     address_lines(*net, *address) + line("DELAY", "0")});
  }
  std::sort(nics.begin(), nics.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::vector<RenderedFile> all = std::move(nics);
  all.insert(all.end(), bonds.begin(), bonds.end());
  all.insert(all.end(), bridges.begin(), bridges.end());
  return all;
}

bool is_kept_el6_file(const std::string& name) {
  if (name == "ifcfg-lo") return true;
  // Backups and package leftovers: initscripts skips them, so may anvil.
  for (const char* suffix : {"~", ".bak", ".old", ".orig", ".rpmnew", ".rpmorig", ".rpmsave"}) {
    std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

}  // namespace anvil::net
