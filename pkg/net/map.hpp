// `anvil net map`: the NICs a node really has, next to the roles the plan
// gives them, so the admin can record which MAC is which link.
#pragma once

#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "plan/model.hpp"

namespace anvil::net {

struct MapRow {
  std::string interface;    // as the node names it
  std::string mac;          // on the node
  std::string state;        // UP, DOWN, ...
  std::string role;         // "bcn link 1 (bond0, switch 1)", or empty when the plan has no such NIC
  std::string planned_mac;  // what the plan pins, or empty
};

// Reads `ip -o link` on the node (Ethernet links only) and pairs it with
// the plan; NICs the plan has but the node lacks come last, without a MAC.
std::vector<MapRow> map_node(exec::Executor& node, const plan::Cluster& c, const plan::Node& n);

}  // namespace anvil::net
