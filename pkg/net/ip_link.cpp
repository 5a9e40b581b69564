#include "net/ip_link.hpp"

#include <cctype>
#include <sstream>

#include "core/error.hpp"
#include "plan/names.hpp"

namespace anvil::net {

std::vector<Link> parse_ip_link(const std::string& text) {
  std::vector<Link> links;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto bad = [&](const std::string& why) {
      return failure("line " + std::to_string(number) + " is not `ip -o link` output (" + why + "): " + line.substr(0, 80));
    };
    // "2: eth0: <FLAGS> mtu 1500 ... state UP ...\    link/ether MAC brd ..."
    auto colon = line.find(": ");
    if (colon == std::string::npos) throw bad("no index");
    Link l;
    try {
      std::size_t used = 0;
      l.index = std::stoi(line.substr(0, colon), &used);
      if (used != colon) throw bad("no index");
    } catch (const std::logic_error&) {
      throw bad("no index");
    }
    auto name_end = line.find(": ", colon + 2);
    if (name_end == std::string::npos) throw bad("no name");
    l.name = line.substr(colon + 2, name_end - colon - 2);
    l.name = l.name.substr(0, l.name.find('@'));
    auto open = line.find('<', name_end), close = line.find('>', name_end);
    if (open == std::string::npos || close == std::string::npos || close < open) throw bad("no flags");
    std::stringstream flags(line.substr(open + 1, close - open - 1));
    for (std::string f; std::getline(flags, f, ',');) l.flags.push_back(f);
    std::istringstream words(line.substr(close + 1));
    for (std::string w, prev; words >> w; prev = w) {
      if (prev == "state") l.state = w;
      if (w.rfind("link/", 0) == 0) {
        l.type = w.substr(5);
        std::string mac;
        if (words >> mac) {
          l.mac = plan::normal_mac(mac);
          w = mac;
        }
      }
    }
    if (l.type.empty()) throw bad("no link/ type");
    links.push_back(std::move(l));
  }
  return links;
}

}  // namespace anvil::net
