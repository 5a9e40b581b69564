// Starting and stopping a node's cluster stack in order (EL6 init scripts):
// cman, clvmd, gfs2, rgmanager to start, the reverse to stop, each step
// waited for with a deadline; and the guard that keeps `stop` from taking
// down the node the cluster cannot do without.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cluster/status.hpp"
#include "exec/executor.hpp"
#include "plan/model.hpp"

namespace anvil::cluster {

struct Step {
  std::string name;     // "cman"
  std::string command;  // "/etc/init.d/cman start"
  std::chrono::seconds deadline;
};

std::vector<Step> start_steps();
// `migrate`: the VMs to move to the peer first (clusvcadm -M), by service name.
std::vector<Step> stop_steps(const std::vector<std::string>& migrate, const std::string& peer_fqdn);

struct StepResult {
  std::string step;
  std::string command;
  bool ok = false;
  std::string message;  // what it printed last, or why it failed
  std::chrono::milliseconds took{0};
};

// Runs the steps in order and stops at the first that fails; `on_step` is
// told of each before it runs (for a progress line).
std::vector<StepResult> run_steps(exec::Executor& node, const std::vector<Step>& steps,
                                  const std::function<void(const Step&)>& on_step = {});

// The VMs rgmanager runs on `node` (by clustat's owner).
std::vector<std::string> vms_on(const plan::Cluster& c, const std::string& node, const ClusterState& state);

// Why `node` must not be stopped now, or nothing: the peer must be a
// healthy member (as the peer sees it), with every DRBD resource UpToDate
// there, and no VM may be stopped rather than migrated.
std::optional<std::string> stop_refusal(const plan::Cluster& c, const std::string& node, const ClusterState& peer_view,
                                        const std::vector<std::pair<std::string, std::string>>& peer_disks,
                                        const std::vector<std::string>& vms_here, bool migrate_vms);

std::string fqdn(const plan::Cluster& c, const std::string& node);

}  // namespace anvil::cluster
