// `anvil check`: every check of a cluster in one pass, for cron. Each node
// is read once (bonds and addresses, DRBD, the cluster's view, memory) over
// one connection, both nodes at once; the fence devices are asked from each
// node's peer; the findings are those of `net check`, `drbd check`,
// `cluster check` and `fence check`, plus reachability and N+1 memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "check/finding.hpp"
#include "fence/probe.hpp"
#include "ledger/link_failures.hpp"
#include "node/targets.hpp"
#include "plan/model.hpp"

namespace anvil::health {

struct ClusterInput {
  plan::Cluster plan;
  std::vector<node::NodeRef> nodes;
  fence::Passwords passwords;
  std::map<std::string, std::map<ledger::LinkKey, ledger::LinkCount>> link_failures;  // per node, as last kept
};

struct ClusterResult {
  std::vector<check::Finding> findings;
  std::vector<check::Perf> perf;
  std::map<std::string, std::map<ledger::LinkKey, std::int64_t>> link_failures;  // per node, to keep
  std::vector<fence::Probe> fence_probes;                                          // to record as fence events
};

ClusterResult check_cluster(const ClusterInput& in, std::chrono::seconds fence_timeout);

// Can one node carry every guest if the other dies? The planned VMs' RAM
// against each node's memory, less what the host itself needs.
std::vector<check::Finding> n_plus_one(const plan::Cluster& c, const std::map<std::string, std::int64_t>& mem_kib);

// Where the guests run (`running`: per node that answered, its running
// guests): twice is CRITICAL, away from the preferred node or nowhere a
// WARNING.
std::vector<check::Finding> vm_placement(const plan::Cluster& c, const std::map<std::string, std::vector<std::string>>& running,
                                         std::size_t nodes);

inline constexpr std::int64_t host_reserve_kib = 2 * 1024 * 1024;  // 2 GiB for the host, dom0 style

}  // namespace anvil::health
