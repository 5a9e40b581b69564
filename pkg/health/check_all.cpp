#include "health/check_all.hpp"

#include <algorithm>
#include <sstream>

#include "cluster/check.hpp"
#include "cluster/node_state.hpp"
#include "drbd/check.hpp"
#include "drbd/node_state.hpp"
#include "net/address_check.hpp"
#include "net/bond_check.hpp"
#include "net/node_state.hpp"
#include "node/node_run.hpp"
#include "plan/vm_plan.hpp"
#include "storage/check.hpp"
#include "storage/from_plan.hpp"
#include "storage/node_read.hpp"

namespace anvil::health {
namespace {

using check::Finding;
using check::Severity;

// What one connection to a node reads.
struct NodeReading {
  std::optional<net::NodeNetState> net;
  std::optional<drbd::DrbdState> drbd;
  std::optional<cluster::ClusterState> cluster;
  std::optional<storage::NodeStorage> storage;  // only when the plan has clustered storage
  std::optional<std::vector<std::string>> running_vms;
  std::int64_t mem_kib = 0;
  std::vector<Finding> problems;  // a part that could not be read
};

std::int64_t mem_total_kib(exec::Executor& ex) {
  auto r = ex.run({"grep '^MemTotal:' /proc/meminfo", "", std::chrono::seconds(10), false});
  std::istringstream in(r.out);
  std::string label;
  std::int64_t kib = 0;
  in >> label >> kib;
  return kib;
}

NodeReading read_node(exec::Executor& ex, const std::string& name, bool with_storage) {
  NodeReading r;
  auto part = [&](const char* what, auto read) {
    try {
      read();
    } catch (const Error& e) {
      r.problems.push_back({Severity::unknown, std::string("check.") + what + "-unreadable", name,
                            std::string("cannot read ") + what + " on " + name + ": " + e.what(),
                            std::string(what) == "vm" ? "anvil vm list" : std::string("anvil ") + what + " status " + name});
    }
  };
  part("net", [&] { r.net = net::read_node_state(ex); });
  part("drbd", [&] { r.drbd = drbd::read_state(ex); });
  part("cluster", [&] { r.cluster = cluster::read_state(ex); });
  if (with_storage) part("storage", [&] { r.storage = storage::read_node_storage(ex); });
  part("vm", [&] { r.running_vms = drbd::running_vms(ex); });
  r.mem_kib = mem_total_kib(ex);
  return r;
}

std::string gib(std::int64_t kib) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(kib) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

std::vector<Finding> n_plus_one(const plan::Cluster& c, const std::map<std::string, std::int64_t>& mem_kib) {
  std::vector<Finding> out;
  std::int64_t need = 0;
  int sized = 0;
  for (auto& v : c.vms)
    if (v.ram_mib) {
      need += static_cast<std::int64_t>(*v.ram_mib) * 1024;
      ++sized;
    }
  if (sized == 0) return out;  // no guest has its RAM in the plan yet
  for (auto& [node, total] : mem_kib) {
    if (total <= 0) continue;
    auto usable = total - host_reserve_kib;
    if (need > usable)
      out.push_back({Severity::critical, "vm.n-plus-one", node,
                     node + " cannot carry every guest if its peer dies: they need " + gib(need) + ", it has " + gib(usable) +
                         " for guests (" + gib(total) + " less " + gib(host_reserve_kib) + " for the host)",
                     "give the guests less RAM, or the nodes more; `anvil ip-plan show` lists the guests"});
    else
      out.push_back({Severity::ok, "vm.n-plus-one", node,
                     node + " can carry every guest alone: " + gib(need) + " of " + gib(usable), ""});
  }
  return out;
}

std::vector<Finding> vm_placement(const plan::Cluster& c, const std::map<std::string, std::vector<std::string>>& running,
                                  std::size_t nodes) {
  std::vector<Finding> out;
  for (auto& v : c.vms) {
    std::vector<std::string> where;
    for (auto& [node, guests] : running)
      if (std::find(guests.begin(), guests.end(), v.name) != guests.end()) where.push_back(node);
    const auto& home = plan::home_of(c, v).name;
    if (where.size() > 1) {
      out.push_back({Severity::critical, "vm.running-twice", v.name,
                     v.name + " runs on " + where[0] + " and " + where[1] + " at once: two writers on one disk corrupt it",
                     "anvil vm destroy " + v.name + " --node " + (where[0] == home ? where[1] : where[0]) + " --yes"});
    } else if (where.size() == 1 && where[0] != home) {
      out.push_back({Severity::warning, "vm.away-from-home", v.name,
                     v.name + " runs on " + where[0] + ", not on " + home + " where the plan wants it (after a failover or a migration)",
                     "anvil vm migrate " + v.name + " --to " + home});
    } else if (where.empty() && running.size() == nodes && v.ram_mib) {
      // Only when every node answered: a guest on an unreadable node is not "down".
      out.push_back({Severity::warning, "vm.not-running", v.name, v.name + " runs on no node", "anvil vm start " + v.name});
    } else if (where.size() == 1) {
      out.push_back({Severity::ok, "vm.placement", v.name, v.name + " runs on " + home, ""});
    }
  }
  return out;
}

ClusterResult check_cluster(const ClusterInput& in, std::chrono::seconds fence_timeout) {
  ClusterResult out;
  node::NodeSessions sessions(in.nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto readings = node::on_nodes<NodeReading>(sessions, read_only, nullptr,
                                              [&](exec::Executor& ex, const node::NodeRef& ref) {
                                                return read_node(ex, ref.node.name, !in.plan.storage_vgs.empty());
                                              });
  std::vector<storage::NodeStorage> storage_read;
  std::map<std::string, std::vector<std::string>> running;
  std::map<std::string, std::int64_t> memory;
  bool cluster_judged = false;
  for (std::size_t i = 0; i < readings.size(); ++i) {
    const auto& ref = in.nodes[i];
    auto& r = readings[i];
    if (!r.ok()) {
      out.findings.push_back({Severity::critical, "node.unreachable", ref.node.name,
                              ref.node.name + " cannot be reached: " + r.error->what(), "anvil node ping " + ref.node.name});
      continue;
    }
    auto& reading = r.value->value;
    out.findings.insert(out.findings.end(), reading.problems.begin(), reading.problems.end());
    memory[ref.node.name] = reading.mem_kib;
    if (reading.storage) storage_read.push_back(*reading.storage);
    if (reading.running_vms) running[ref.node.name] = *reading.running_vms;
    if (reading.net) {
      for (auto& f : net::check_bonds(in.plan, ref.node, reading.net->bonds)) out.findings.push_back(f);
      for (auto& f : net::check_addresses(in.plan, ref.node, *reading.net)) out.findings.push_back(f);
      auto previous = in.link_failures.find(ref.node.name);
      if (previous != in.link_failures.end())
        for (auto& f : net::check_link_failures(ref.node, reading.net->bonds, previous->second)) out.findings.push_back(f);
      if (!reading.net->bonds.empty()) out.link_failures[ref.node.name] = net::link_failure_counts(reading.net->bonds);
    }
    if (reading.drbd && !in.plan.drbd.empty())
      for (auto& f : drbd::check_node(in.plan, ref.node.name, *reading.drbd)) out.findings.push_back(f);
    // The cluster as the first node that answers sees it: both see the same
    // cluster, and one view keeps the findings from being said twice.
    if (reading.cluster && !cluster_judged) {
      for (auto& f : cluster::check_cluster(in.plan, *reading.cluster)) out.findings.push_back(f);
      for (auto& p : cluster::cluster_perfdata(in.plan, *reading.cluster)) out.perf.push_back(p);
      cluster_judged = true;
    }
  }
  for (auto& f : n_plus_one(in.plan, memory)) out.findings.push_back(f);
  for (auto& f : vm_placement(in.plan, running, in.nodes.size())) out.findings.push_back(f);
  if (!in.plan.storage_vgs.empty()) {
    auto layout = storage::layout_of(in.plan);
    for (auto& f : storage::check_storage(layout, storage_read)) out.findings.push_back(f);
    for (auto& p : storage::storage_perfdata(layout, storage_read, {})) out.perf.push_back(p);
  }
  std::vector<std::string> targets;
  for (auto& n : in.plan.nodes) targets.push_back(n.name);
  out.fence_probes = fence::probe_status(in.plan, in.nodes, targets, false, in.passwords, fence_timeout);
  for (auto& f : fence::judge(in.plan, targets, out.fence_probes)) out.findings.push_back(f);
  for (auto& p : fence::probe_times(out.fence_probes)) out.perf.push_back(p);
  return out;
}

}  // namespace anvil::health
