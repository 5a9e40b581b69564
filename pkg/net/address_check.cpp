#include "net/address_check.hpp"

#include <algorithm>

namespace anvil::net {
namespace {

using check::Finding;
using check::Severity;

}  // namespace

std::vector<Finding> check_addresses(const plan::Cluster& c, const plan::Node& n, const NodeNetState& state) {
  std::vector<Finding> out;
  for (auto& net : c.networks) {
    auto* planned = n.address_on(net.name);
    if (!planned) continue;
    const std::string want = planned->ip.str() + "/" + std::to_string(net.subnet.prefix);
    const std::string& carrier = net.carrier();
    const std::string subject = n.name + " " + carrier;
    const std::string fix = "anvil net apply --restart " + n.name + "   # or right now: ip addr add " + want +
                            " dev " + carrier + "   # on " + n.name;
    if (state.has_addresses) {
      auto same_ip = [&](const InterfaceAddress& a) { return a.family == "inet" && a.address == planned->ip.str(); };
      auto exact = std::find_if(state.addresses.begin(), state.addresses.end(), [&](auto& a) {
        return same_ip(a) && a.interface == carrier && a.prefix == net.subnet.prefix;
      });
      auto elsewhere = std::find_if(state.addresses.begin(), state.addresses.end(), same_ip);
      auto on_carrier = std::find_if(state.addresses.begin(), state.addresses.end(),
                                     [&](auto& a) { return a.family == "inet" && a.interface == carrier; });
      if (exact != state.addresses.end())
        out.push_back({Severity::ok, "net.address-ok", subject, want + " on " + carrier + " (" + net.name + ")", ""});
      else if (elsewhere != state.addresses.end())
        out.push_back({Severity::critical, "net.address-misplaced", subject,
                       "the " + net.name + " address " + planned->ip.str() + " is on " + elsewhere->interface + " (/" +
                           std::to_string(elsewhere->prefix) + "), not " + want + " on " + carrier,
                       fix});
      else if (on_carrier != state.addresses.end())
        out.push_back({Severity::critical, "net.address-wrong", subject,
                       carrier + " has " + on_carrier->address + "/" + std::to_string(on_carrier->prefix) +
                           ", not the planned " + net.name + " address " + want,
                       fix});
      else
        out.push_back({Severity::critical, "net.address-missing", subject,
                       "the " + net.name + " address " + want + " is not on " + n.name, fix});
    }
    if (state.has_bridges && !net.bridge.empty()) {
      auto bridge = state.bridge_ports.find(net.bridge);
      if (bridge == state.bridge_ports.end())
        out.push_back({Severity::critical, "net.bridge-missing", n.name + " " + net.bridge,
                       "bridge " + net.bridge + " (" + net.name + ") does not exist on " + n.name,
                       "anvil net apply --restart " + n.name});
      else if (std::find(bridge->second.begin(), bridge->second.end(), net.bond) == bridge->second.end())
        out.push_back({Severity::critical, "net.bridge-port-missing", n.name + " " + net.bridge,
                       net.bond + " is not a port of " + net.bridge + ": the " + net.name + " is cut off from it",
                       "brctl addif " + net.bridge + " " + net.bond + "   # on " + n.name + "; check ifcfg-" + net.bond});
    }
  }
  return out;
}

}  // namespace anvil::net
