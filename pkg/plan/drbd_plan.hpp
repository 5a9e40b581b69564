// DRBD in the plan: adding and removing resources, and the settings they
// share (`anvil ip-plan set drbd.rate 40M`), with the values DRBD 8.3 takes.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

// The shared settings' keys, without the "drbd." prefix: protocol,
// dual-primary, fencing, fence-peer, after-sb-0pri, after-sb-1pri,
// after-sb-2pri, rate.
const std::vector<std::string>& drbd_setting_keys();
std::string drbd_setting(const DrbdSettings& s, const std::string& key);
// Throws a usage error for an unknown key or a value DRBD 8.3 does not take.
void set_drbd_setting(DrbdSettings& s, const std::string& key, const std::string& value);
// The settings that differ from the seed's, as the ledger keeps them.
std::vector<std::pair<std::string, std::string>> drbd_setting_rows(const DrbdSettings& s);

// `disks`: NODE=DISK for every node. `port`/`minor` empty: the next free
// ones (from 7788 and 0).
Cluster add_drbd_resource(Cluster c, const std::string& name, const std::vector<std::string>& disks,
                          std::optional<int> port, std::optional<int> minor);
Cluster remove_drbd_resource(Cluster c, const std::string& name);

// Per-resource keys: drbd.RES.port, drbd.RES.minor, drbd.RES.NODE (its disk).
void set_drbd_resource_value(Cluster& c, const std::string& resource, const std::string& field, const std::string& value);
std::string drbd_resource_value(const Cluster& c, const std::string& resource, const std::string& field);
std::vector<std::string> drbd_keys(const Cluster& c);  // every drbd.* key of this plan

}  // namespace anvil::plan
