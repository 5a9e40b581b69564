#include "net/bonding.hpp"

#include <sstream>

#include "core/error.hpp"

namespace anvil::net {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

int number(const std::string& value, const std::string& what, const std::string& bond) {
  try {
    std::size_t used = 0;
    int n = std::stoi(value, &used);
    if (used == value.size()) return n;
  } catch (const std::logic_error&) {
  }
  throw failure(bond + ": '" + what + "' is not a number: " + value);
}

}  // namespace

BondStatus parse_bonding(const std::string& name, const std::string& text) {
  BondStatus b;
  b.name = name;
  BondSlave* slave = nullptr;
  std::istringstream lines(text);
  int n = 0;
  bool saw_mode = false;
  for (std::string line; std::getline(lines, line);) {
    ++n;
    line = trim(line);
    if (line.empty()) continue;
    auto colon = line.find(':');
    if (colon == std::string::npos)
      throw failure(name + " line " + std::to_string(n) + " is not a bonding status line: " + line.substr(0, 80));
    auto key = trim(line.substr(0, colon));
    auto value = trim(line.substr(colon + 1));
    if (key == "Ethernet Channel Bonding Driver") {
      b.driver = value;
    } else if (key == "Slave Interface") {
      b.slaves.push_back({});
      slave = &b.slaves.back();
      slave->name = value;
    } else if (slave) {
      if (key == "MII Status") slave->mii_status = value;
      else if (key == "Speed") slave->speed = value;
      else if (key == "Duplex") slave->duplex = value;
      else if (key == "Link Failure Count") slave->link_failures = number(value, key, name);
      else if (key == "Permanent HW addr") slave->permanent_mac = value;
      // Slave queue ID, Aggregator ID, actor/partner details: not needed.
    } else if (key == "Bonding Mode") {
      b.mode = value;
      saw_mode = true;
    } else if (key == "Primary Slave") {
      b.primary = value.substr(0, value.find(' '));  // "eth0 (primary_reselect always)"
      if (b.primary == "None") b.primary.clear();
    } else if (key == "Currently Active Slave") {
      b.active_slave = value == "None" ? "" : value;
    } else if (key == "MII Status") {
      b.mii_status = value;
    } else if (key == "MII Polling Interval (ms)") {
      b.miimon = number(value, key, name);
    } else if (key == "Up Delay (ms)") {
      b.updelay = number(value, key, name);
    } else if (key == "Down Delay (ms)") {
      b.downdelay = number(value, key, name);
    }
  }
  if (!saw_mode || b.mii_status.empty())
    throw failure(name + " is not a /proc/net/bonding file (no 'Bonding Mode' and 'MII Status' lines)");
  return b;
}

}  // namespace anvil::net

