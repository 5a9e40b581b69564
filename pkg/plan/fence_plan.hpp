// Fencing in the plan: the devices' agents and options, each node's fence
// methods in order, and the fence delay. Pure, like mutate.hpp: each takes
// the plan and returns the changed copy, or throws saying why not.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

// A new switched PDU (kind pdu) with its agent; `address` empty: the next
// conventional one (10.20.2.z). `options`: KEY=VALUE.
Cluster add_fence_device(Cluster c, const std::string& name, const std::string& agent, const std::string& address,
                         const std::string& login, const std::vector<std::string>& options);
// Changes an existing device's agent, login or options (KEY= removes one).
Cluster set_fence_device(Cluster c, const std::string& name, const std::optional<std::string>& agent,
                         const std::optional<std::string>& login, const std::vector<std::string>& options);

// A method for `node` of one or more devices, each with its outlet (ports
// pair with devices in order; a PDU needs one, a BMC none), appended last.
Cluster add_fence_method(Cluster c, const std::string& node, const std::string& method, const std::vector<std::string>& devices,
                         const std::vector<std::string>& ports);
Cluster remove_fence_method(Cluster c, const std::string& node, const std::string& method);

// NODE.fence-order (the methods' names in order) and NODE.fence.METHOD
// (DEVICE[:OUTLET],...): the keys `ip-plan set` takes for a node's fencing.
bool is_fence_method_key(const std::string& field);
Cluster set_fence_method_key(Cluster c, const std::string& node, const std::string& field, const std::string& value);

// The agents anvil knows how to talk to (their stdin options).
bool is_known_fence_agent(const std::string& agent);

}  // namespace anvil::plan
