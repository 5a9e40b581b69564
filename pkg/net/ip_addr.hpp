// `ip -o addr` output (EL6's iproute and current ones), IPv4 and IPv6.
#pragma once

#include <string>
#include <vector>

namespace anvil::net {

struct InterfaceAddress {
  std::string interface;  // "vbr0"
  std::string family;     // "inet" or "inet6"
  std::string address;    // "10.20.0.1"
  int prefix = 0;         // 16
};

// Throws anvil::Error (failed) naming the line that is not `ip -o addr`.
std::vector<InterfaceAddress> parse_ip_addr(const std::string& text);

}  // namespace anvil::net
