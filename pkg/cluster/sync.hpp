// Bringing the nodes' /etc/cluster/cluster.conf in line with the plan:
// config_version only ever goes up, both nodes get the same file, the fence
// devices' password scripts go with it, and a running cman takes it with
// `cman_tool version -r`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "plan/model.hpp"

namespace anvil::cluster {

// config_version of a cluster.conf; throws when it is not one.
int config_version_of(const std::string& xml, const std::string& where);

struct NodeConf {
  std::string node;
  std::optional<std::string> content;  // nothing: no cluster.conf yet
  int version = 0;
};
NodeConf read_conf(exec::Executor& node);

// What to write: the render at the next version after the highest of the
// nodes' and the plan's, or nothing (nullopt) when every node already has
// the plan's content. Nodes whose versions differ are refused unless
// `winner` names the node whose file counts.
struct Target {
  int version = 0;
  std::string content;
};
std::optional<Target> next_conf(const plan::Cluster& c, const std::vector<NodeConf>& nodes, const std::optional<std::string>& winner);

// The render at `version`, for comparing a node's file with the plan.
std::string render_at(const plan::Cluster& c, int version);

// Writes the password scripts (0700, secret) and cluster.conf (0640).
// Throws before writing anything when a device has no password.
void write_conf(exec::Executor& node, const plan::Cluster& c, const Target& t,
                const std::map<std::string, std::string>& passwords);

// `cman_tool version -r` when cman runs on the node; what happened, in words.
std::string activate(exec::Executor& node, int version);

}  // namespace anvil::cluster
