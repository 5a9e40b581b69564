// The vm commands' work on the nodes: which transport reaches each node's
// libvirtd, where each guest is, and the recorded, locked operations on
// guests (define, start, shutdown, destroy, undefine) and the preflighted
// live migration. cmd/vm.cpp parses and prints; everything else is here.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "ledger/change_log.hpp"
#include "node/node_run.hpp"
#include "plan/model.hpp"
#include "vm/hypervisor.hpp"
#include "vm/preflight.hpp"

namespace anvil::vm {

enum class Transport { libvirt, virsh };
// Whether this build has the libvirt client library (the static one has not).
bool library_available();
// "auto" (the library when there is one, else virsh), "libvirt", "virsh";
// throws a usage error for others or for "libvirt" in a build without it.
Transport transport_named(const std::string& name);
std::string transport_name(Transport t);

// How the library (and the peer, for a migration) reaches the node's
// libvirtd: the plan's NODE.libvirt-uri, else qemu+ssh to the node as anvil
// reaches it over SSH (its user, host, port and key).
std::string libvirt_uri(const plan::Cluster& c, const plan::Node& n);

// The nodes of one cluster with their libvirtds, opened on first use.
class GuestNodes {
 public:
  GuestNodes(plan::Cluster cluster, std::vector<node::NodeRef> nodes, Transport t);
  ~GuestNodes();
  const plan::Cluster& cluster() const { return cluster_; }
  const std::vector<node::NodeRef>& nodes() const { return sessions_.nodes(); }
  std::size_t index_of(const std::string& node) const;  // throws a usage error for a node not in the cluster
  Hypervisor& hypervisor(std::size_t i);
  exec::Executor& executor(std::size_t i);
  // Takes node i's lock for a change (see node::NodeSessions::lock).
  void lock(std::size_t i, const std::string& holder, std::chrono::seconds wait);
  Transport transport() const { return transport_; }

 private:
  plan::Cluster cluster_;
  Transport transport_;
  node::NodeSessions sessions_;
  std::vector<std::unique_ptr<node::NodeSessions>> side_;  // second connections, for progress while virsh migrates
  std::vector<std::unique_ptr<exec::Executor>> executors_;
  std::vector<std::unique_ptr<Hypervisor>> hypervisors_;
};

// Each node's guests, read from all nodes at once; a node that cannot be
// read has its error instead.
struct NodeGuests {
  std::string node;
  std::vector<DomainInfo> domains;
  std::optional<Error> error;
};
std::vector<NodeGuests> list_guests(const plan::Cluster& c, const std::vector<node::NodeRef>& nodes, Transport t);

// Where a guest is defined (running or not) on the nodes.
struct Placement {
  std::size_t node = 0;
  DomainInfo domain;
};
std::vector<Placement> locate(GuestNodes& g, const std::string& name);

// What a run records and how: null log in a dry run (nothing changes).
struct OpSettings {
  ledger::ChangeLog* log = nullptr;
  std::string holder;  // for the nodes' locks
  std::chrono::seconds lock_wait{30};
};

struct OpResult {
  std::string guest;
  std::string node;
  std::string action;   // "define", "start", "shutdown", "destroy", "undefine"
  std::string outcome;  // "done", "already", "would", "timed-out"
  std::string message;  // one line for people
  std::int64_t took_ms = 0;
};

// Each throws anvil::Error, having changed nothing, when the operation must
// not or cannot be done (unknown guest, wrong state, node or libvirtd down).
// `node` empty: where the guest is (define: its preferred node).
OpResult define_guest(GuestNodes& g, const plan::Vm& guest, const std::string& node, const OpSettings& s);
OpResult start_guest(GuestNodes& g, const std::string& name, const std::string& node, const OpSettings& s);
// Asks the guest to shut down and waits up to `deadline` for it to be off;
// outcome "timed-out" when it is still running then.
OpResult shutdown_guest(GuestNodes& g, const std::string& name, const std::string& node, std::chrono::seconds deadline,
                        const OpSettings& s);
OpResult destroy_guest(GuestNodes& g, const std::string& name, const std::string& node, const OpSettings& s);
OpResult undefine_guest(GuestNodes& g, const std::string& name, const std::string& node, const OpSettings& s);

// One live migration's preflight and outcome.
struct Migration {
  std::string guest;
  std::string from, to;
  std::vector<Blocker> blockers;  // non-empty: refused, nothing moved
  std::string outcome;            // "migrated", "refused", "would", "failed"
  std::string error;              // when failed
  std::int64_t took_ms = 0;
};

using ProgressFn = std::function<void(const std::string& guest, const JobProgress&)>;

// Node facts for the preflight, read over SSH: DRBD, the IFN bridge, the
// guest's disk, MemAvailable; plus the node's guests from its libvirtd.
NodeFacts read_facts(GuestNodes& g, std::size_t i, const plan::Vm* guest);

// Preflight for `guests` (names) from `from` to `to` (empty: the peer of
// where each runs); then, unless a dry run or any is refused, migrates them
// one at a time, stopping at the first that fails. Returns one entry per
// guest; with any refusal none moves.
std::vector<Migration> migrate_guests(GuestNodes& g, const std::vector<std::string>& guests, const std::string& from,
                                      const std::string& to, const OpSettings& s, const ProgressFn& progress);

// The guests running on `node` (for migrate --all --from NODE).
std::vector<std::string> running_on(GuestNodes& g, const std::string& node);

}  // namespace anvil::vm
