// Changes to a plan, as pure functions: each takes the plan and returns the
// changed copy, or throws anvil::Error saying why the change is refused.
// None of them checks the whole plan; the caller runs new_problems() after.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

// `address` empty: the next conventional address.
Cluster add_device(Cluster c, const std::string& kind, const std::string& name, const std::string& address);
Cluster add_vm(Cluster c, const std::string& name, const std::string& address);
Cluster remove_host(Cluster c, const std::string& kind, const std::string& name);

// `key` is one of settable_keys(); see there for the forms.
Cluster set_value(Cluster c, const std::string& key, const std::string& value);

// Every key `set` takes for this plan, e.g. "cluster.domain", "ifn.subnet",
// "an-node01.bcn", "an-node01.ipmi", "pdu1", "vm1"; used by completion.
std::vector<std::string> settable_keys(const Cluster& c);

// The value a key has now, as `set` would take it.
std::string current_value(const Cluster& c, const std::string& key);

}  // namespace anvil::plan
