#include "net/bond_check.hpp"

#include <algorithm>

namespace anvil::net {
namespace {

using check::Finding;
using check::Severity;

std::string primary_of(const plan::Network& net) {
  auto opts = net.bonding_opts();
  auto at = opts.find("primary=");
  if (at == std::string::npos) return net.links.empty() ? "" : net.links.front();
  auto value = opts.substr(at + 8);
  return value.substr(0, value.find(' '));
}

}  // namespace

std::vector<Finding> check_bonds(const plan::Cluster& c, const plan::Node& n, const std::vector<BondStatus>& bonds) {
  std::vector<Finding> out;
  for (auto& net : c.networks) {
    const std::string subject = n.name + " " + net.bond;
    auto it = std::find_if(bonds.begin(), bonds.end(), [&](auto& b) { return b.name == net.bond; });
    if (it == bonds.end()) {
      out.push_back({Severity::critical, "net.bond-missing", subject,
                     net.bond + " (" + net.name + ") does not exist on " + n.name + ": the " + net.name + " has no bond",
                     "anvil net diff " + n.name + " && anvil net apply " + n.name});
      continue;
    }
    auto& b = *it;
    std::size_t before = out.size();
    if (b.mii_status != "up") {
      out.push_back({Severity::critical, "net.bond-down", subject,
                     net.bond + " is " + b.mii_status + ": no link of the " + net.name + " is up",
                     "check both switches and cables of " + net.bond + " on " + n.name + "; `anvil net status " + n.name + "`"});
    }
    if (!b.active_backup())
      out.push_back({Severity::warning, "net.bond-mode", subject,
                     net.bond + " runs in mode '" + b.mode + "', not active-backup (mode=1), the only mode supported in these clusters",
                     "anvil net apply " + n.name + "   # then restart networking on " + n.name});
    for (auto& link : net.links) {
      auto s = std::find_if(b.slaves.begin(), b.slaves.end(), [&](auto& x) { return x.name == link; });
      if (s == b.slaves.end())
        out.push_back({Severity::warning, "net.slave-missing", subject,
                       link + " is not a slave of " + net.bond + ": the bond has no second path",
                       "ifenslave " + net.bond + " " + link + "   # on " + n.name + "; check ifcfg-" + link});
      else if (s->mii_status != "up" && b.mii_status == "up")
        out.push_back({Severity::warning, "net.bond-degraded", subject,
                       net.bond + " is degraded: slave " + link + " is " + s->mii_status + " (" +
                           std::to_string(s->link_failures) + " link failures)",
                       "check the cable and switch port of " + link + " on " + n.name});
    }
    auto primary = primary_of(net);
    if (b.mii_status == "up" && !primary.empty() && !b.active_slave.empty() && b.active_slave != primary) {
      auto p = std::find_if(b.slaves.begin(), b.slaves.end(), [&](auto& x) { return x.name == primary; });
      bool primary_up = p != b.slaves.end() && p->mii_status == "up";
      out.push_back({Severity::warning, "net.not-on-primary", subject,
                     net.bond + " runs on " + b.active_slave + ", not its primary " + primary +
                         (primary_up ? " (which is up again)" : " (which is down)"),
                     primary_up ? "echo " + primary + " > /sys/class/net/" + net.bond + "/bonding/active_slave   # on " + n.name
                                : "check the cable and switch port of " + primary + " on " + n.name});
    }
    if (out.size() == before)
      out.push_back({Severity::ok, "net.bond-ok", subject,
                     net.bond + " up on " + b.active_slave + ", " + std::to_string(b.slaves.size()) + " slaves up", ""});
  }
  return out;
}

}  // namespace anvil::net
