// `ip -o link` output, as EL6's iproute and current ones print it.
#pragma once

#include <string>
#include <vector>

namespace anvil::net {

struct Link {
  int index = 0;
  std::string name;  // "eth0" (without "@parent")
  std::string state; // "UP", "DOWN", "UNKNOWN"
  std::string type;  // "ether", "loopback", ...
  std::string mac;   // lower case; empty when the link has none
  std::vector<std::string> flags;  // BROADCAST, UP, LOWER_UP, ...
};

// Throws anvil::Error (failed) naming the line that is not `ip -o link`.
std::vector<Link> parse_ip_link(const std::string& text);

}  // namespace anvil::net
