// What a node's network is right now: bonds, addresses and bridge ports,
// read in one command, or from a capture of that command's output.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "net/bonding.hpp"
#include "net/ip_addr.hpp"

namespace anvil::exec {
class Executor;
}

namespace anvil::net {

struct NodeNetState {
  std::vector<BondStatus> bonds;
  std::vector<InterfaceAddress> addresses;
  bool has_addresses = false;  // the capture had an `ip -o addr` section
  std::map<std::string, std::vector<std::string>> bridge_ports;  // "vbr0" -> {"bond0"}
  bool has_bridges = false;
};

// Sections behind head(1)-style headers:
//   ==> /proc/net/bonding/bond0 <==     a bonding status file
//   ==> ip -o addr <==                  `ip -o addr` output
//   ==> /sys/class/net/vbr0/brif <==    one port per line
// A capture without headers is one bonding file named `bond_name`.
NodeNetState parse_node_state(const std::string& text, const std::string& bond_name = "bond?");

// The command that prints exactly that, on a node.
std::string node_state_script();

NodeNetState read_node_state(exec::Executor& node);

}  // namespace anvil::net
