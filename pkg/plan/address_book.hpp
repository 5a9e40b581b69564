// Every address of a plan as one flat list, in a stable order: nodes (BCN,
// SN, IFN), each node's BMC, other devices, then VMs. The table, CSV and
// /etc/hosts views and the checks all read this one list.
#pragma once

#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

struct Entry {
  std::string host;       // "an-node01", "an-node01-ipmi", "pdu1", "vm1"
  std::string kind;       // "node", "ipmi", "pdu", "switch", "ups" or "vm"
  std::string network;    // "bcn", "sn", "ifn"
  Ipv4 ip;
  std::string interface;  // the node interface that carries it ("vbr0"); empty for others
  std::string alias;      // its name in /etc/hosts: "an-node01.bcn", "an-node01.ipmi", "pdu1"
};

std::vector<Entry> address_book(const Cluster& c);

}  // namespace anvil::plan
