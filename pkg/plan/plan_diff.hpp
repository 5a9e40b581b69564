// What a change does to a plan, in the terms of `ip-plan set` keys: the
// dry-run output of every plan edit and the summary kept in history.
#pragma once

#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

struct KeyChange {
  std::string key;     // "an-node01.bcn", "pdu1", "cluster.domain"
  std::string before;  // empty when the key is new
  std::string after;   // empty when the key is gone
};

std::vector<KeyChange> plan_diff(const Cluster& before, const Cluster& after);

// "an-node01.bcn 10.20.0.1 -> 10.20.0.11", "+ pdu1 10.20.2.1", "- vm3 10.255.1.3"
std::string describe(const KeyChange& change);

}  // namespace anvil::plan
