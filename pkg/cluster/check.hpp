// Judging the cluster layer (cman's quorum and members, rgmanager's
// services and VMs) as one node sees it, and the plan's fencing, against
// the plan.
#pragma once

#include <vector>

#include "check/finding.hpp"
#include "cluster/status.hpp"
#include "plan/model.hpp"

namespace anvil::cluster {

// Every applicable non-OK finding, or one cluster.ok. A planned node is
// matched by its FQDN (NAME.DOMAIN) or its short name; subjects are the
// cluster's name, a node's (short) name, or a group's "service:NAME" or
// "vm:NAME".
//   From the plan alone:
//   CRITICAL cluster.no-fence-method (per node), cluster.fence-delay (fence
//            delay 0: no node wins a fence race)
//   From the state:
//   CRITICAL cluster.cman-down (nothing read: no quorum, no members; the
//            state checks below are skipped), cluster.not-quorate,
//            cluster.two-node-wrong (cman_tool status: no 2node flag, or
//            expected votes not 1; two-node plans only),
//            cluster.member-missing (per node: X, d, ?, offline or not listed),
//            cluster.service-failed (a service or VM in state failed)
//   WARNING  cluster.rgmanager-down (clustat -x read: no rgmanager at all,
//            subject the cluster; or a member without it, subject the node),
//            cluster.service-stopped (a planned storage service not started,
//            or not defined), cluster.service-recovering (recovering,
//            recoverable), cluster.service-frozen, cluster.vm-not-running (a
//            planned VM not started, or not defined), cluster.vm-outside-domain
//            (started on a node other than its preferred one, the first node
//            when the plan names none), cluster.vm-unknown (a vm: the plan
//            does not have)
// rgmanager's checks are skipped while the cluster is not quorate (rgmanager
// stops everything then) and the service checks when rgmanager is down.
std::vector<check::Finding> check_cluster(const plan::Cluster& c, const ClusterState& state);

// members (;;;0;planned nodes), and what is known of: total_votes,
// expected_votes, quorum (cman_tool status), services_started, vms_running
// (clustat -x with rgmanager).
std::vector<check::Perf> cluster_perfdata(const plan::Cluster& c, const ClusterState& state);

}  // namespace anvil::cluster
