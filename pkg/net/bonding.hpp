// /proc/net/bonding/bondN, as the kernels of EL5/EL6 and current ones
// print it (the bonding driver's bond_info_show_master/_slave).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace anvil::net {

struct BondSlave {
  std::string name;
  std::string mii_status;  // "up", "down", "going back", "going down"
  std::string speed;       // "1000 Mbps", "Unknown", or empty on kernels that do not say
  std::string duplex;
  int link_failures = 0;
  std::string permanent_mac;
};

struct BondStatus {
  std::string name;            // "bond0"
  std::string driver;          // "v3.6.0 (September 26, 2009)"
  std::string mode;            // "fault-tolerance (active-backup)"
  std::string primary;         // "eth0", or empty
  std::string active_slave;    // "eth0", or empty for "None"
  std::string mii_status;      // the bond's own: "up" or "down"
  int miimon = 0, updelay = 0, downdelay = 0;
  std::vector<BondSlave> slaves;

  bool active_backup() const { return mode.find("active-backup") != std::string::npos; }
};

// `name` names the bond (the file's name). Throws anvil::Error (failed)
// with the line when the text is not a bonding status file.
BondStatus parse_bonding(const std::string& name, const std::string& text);


}  // namespace anvil::net

