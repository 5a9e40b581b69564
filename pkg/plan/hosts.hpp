// The plan as an /etc/hosts block, in the seed's style: a node's own name
// (and FQDN) resolves to its BCN address, the cluster's network.
#pragma once

#include <string>

#include "plan/model.hpp"

namespace anvil::plan {

std::string render_hosts(const Cluster& c);

}  // namespace anvil::plan
