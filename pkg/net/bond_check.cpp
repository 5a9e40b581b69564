#include "net/bond_check.hpp"

#include <algorithm>
#include <set>

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
    // A plan fact, whatever the kernel says: one switch failing would take
    // the whole network with it.
    if (net.links.size() >= 2) {
      std::set<int> switches;
      std::string links;
      for (auto& link : net.links) {
        switches.insert(n.switch_of(net, link));
        links += (links.empty() ? "" : ", ") + link;
      }
      if (switches.size() == 1) {
        auto sw = std::to_string(*switches.begin());
        out.push_back({Severity::critical, "net.bond-one-switch", subject,
                       "every link of " + net.bond + " (" + links + ") is on switch " + sw +
                           " per the plan: when that switch fails, the " + net.name + " of " + n.name + " is down",
                       "cable " + net.links.back() + " to the other switch and record it: anvil ip-plan set " + n.name + "." +
                           net.links.back() + ".switch N"});
      }
    }
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
                     "anvil net apply --restart " + n.name});
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

std::vector<Finding> check_link_failures(const plan::Node& n, const std::vector<BondStatus>& bonds,
                                         const std::map<ledger::LinkKey, ledger::LinkCount>& previous) {
  std::vector<Finding> out;
  for (auto& b : bonds)
    for (auto& s : b.slaves) {
      auto it = previous.find({b.name, s.name});
      if (it == previous.end() || s.link_failures <= it->second.count) continue;
      auto grew = s.link_failures - it->second.count;
      out.push_back({Severity::warning, "net.link-failures-grew", n.name + " " + b.name,
                     s.name + " of " + b.name + " lost its link " + std::to_string(grew) + " more time" + (grew == 1 ? "" : "s") +
                         " since the check of " + it->second.seen_at + " (" + std::to_string(it->second.count) + " -> " +
                         std::to_string(s.link_failures) + " link failures)",
                     "check the cable, the NIC and the switch port of " + s.name + " on " + n.name +
                         "; the switch's log tells when the port flapped"});
    }
  return out;
}

std::map<ledger::LinkKey, std::int64_t> link_failure_counts(const std::vector<BondStatus>& bonds) {
  std::map<ledger::LinkKey, std::int64_t> out;
  for (auto& b : bonds)
    for (auto& s : b.slaves) out[{b.name, s.name}] = s.link_failures;
  return out;
}

}  // namespace anvil::net
