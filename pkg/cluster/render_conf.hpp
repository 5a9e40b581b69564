// The el6 profile's /etc/cluster/cluster.conf (RHCS "stable 3": cman,
// fenced, rgmanager), from the plan. Pure: plan in, XML text out; written
// with pugixml, so every value is escaped as XML needs.
#pragma once

#include <string>

#include "plan/model.hpp"

namespace anvil::cluster {

inline constexpr const char* cluster_conf_path = "/etc/cluster/cluster.conf";

// Where each fence device's password script lives on the nodes: the agent
// runs it to get the password (passwd_script), so cluster.conf holds none.
std::string passwd_script_path(const std::string& device);

// `config_version` is the version the file carries (the plan's applied
// version plus one when the rendered content changes; see apply).
// Throws a failure naming the first problem when the plan cannot make a
// working cluster.conf (a node without a fence method, a method's device
// missing from the plan, no nodes).
std::string render_cluster_conf(const plan::Cluster& c, int config_version);

// The guest's rgmanager <vm> element, as render_cluster_conf writes it.
std::string render_vm_entry(const plan::Cluster& c, const plan::Vm& v);

}  // namespace anvil::cluster
