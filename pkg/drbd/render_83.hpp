// The el6 profile's DRBD configuration, DRBD 8.3 syntax: /etc/drbd.conf
// including /etc/drbd.d/global_common.conf (the settings every resource
// shares) and one /etc/drbd.d/RES.res per resource, replicated over the
// nodes' SN addresses. Both nodes get the same files. Pure: plan in, files out.
#pragma once

#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::drbd {

struct ConfigFile {
  std::string path;  // "/etc/drbd.d/r0.res"
  std::string content;
};

inline constexpr const char* drbd_dir = "/etc/drbd.d";

// Throws a failure naming the first problem when the plan's DRBD part
// would not make a working configuration (see plan::validate: a disk or
// port used twice, a node without a disk, a node without an SN address).
std::vector<ConfigFile> render_drbd83(const plan::Cluster& c);

// The name DRBD matches against `uname -n` on each node: NAME.DOMAIN.
std::string drbd_host_name(const plan::Cluster& c, const plan::Node& n);

}  // namespace anvil::drbd
