#include "net/ip_addr.hpp"

#include <sstream>

#include "core/error.hpp"

namespace anvil::net {

std::vector<InterfaceAddress> parse_ip_addr(const std::string& text) {
  std::vector<InterfaceAddress> out;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // "2: vbr0    inet 10.20.0.1/16 brd 10.20.255.255 scope global vbr0\       valid_lft ..."
    std::istringstream words(line);
    std::string index, name, family, cidr;
    words >> index >> name >> family >> cidr;
    auto slash = cidr.find('/');
    bool ok = !index.empty() && index.back() == ':' && (family == "inet" || family == "inet6") && slash != std::string::npos;
    int prefix = 0;
    if (ok) {
      try {
        std::size_t used = 0;
        prefix = std::stoi(cidr.substr(slash + 1), &used);
        ok = used == cidr.size() - slash - 1;
      } catch (const std::logic_error&) {
        ok = false;
      }
    }
    if (!ok) throw failure("line " + std::to_string(number) + " is not `ip -o addr` output: " + line.substr(0, 80));
    out.push_back({name.substr(0, name.find('@')), family, cidr.substr(0, slash), prefix});
  }
  return out;
}

}  // namespace anvil::net
