// The el6 profile's network configuration: initscripts ifcfg-* files, as
// the seed builds them. Pure: plan in, files out.
#pragma once

#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::net {

inline constexpr const char* el6_scripts_dir = "/etc/sysconfig/network-scripts";

struct RenderedFile {
  std::string name;     // "ifcfg-eth0"
  std::string content;
};

// Every ifcfg file of one node, NICs first, then bonds, then bridges:
// slaves with MASTER/SLAVE (and HWADDR once the MAC is known), each bond
// with BONDING_OPTS (and BRIDGE= where a bridge carries the address), the
// bridges with the addresses; the SN's bond holds its address itself.
// Gateway and DNS only where the plan gives them (the IFN by default).
std::vector<RenderedFile> render_el6(const plan::Cluster& cluster, const plan::Node& node);

// ifcfg files anvil never removes even though the plan does not render them:
// ifcfg-lo, and backups initscripts ignores (ifcfg-eth0.bak, ~, .rpmsave...).
bool is_kept_el6_file(const std::string& name);

}  // namespace anvil::net
