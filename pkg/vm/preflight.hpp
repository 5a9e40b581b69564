// Before a live migration moves anything: every reason it must not, each
// explained. Pure: what the nodes said in, blockers out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drbd/status.hpp"
#include "plan/model.hpp"
#include "vm/hypervisor.hpp"

namespace anvil::vm {

// What one node said for the preflight; a part that could not be read is
// empty and its reason in `unreadable`.
struct NodeFacts {
  std::string node;
  std::optional<drbd::DrbdState> drbd;
  bool has_bridge = false;  // the IFN bridge (vbr2) exists there
  bool has_disk = false;    // the guest's LV is a block device there
  std::int64_t mem_available_kib = 0;  // /proc/meminfo's MemAvailable
  std::vector<DomainInfo> domains;     // what its libvirtd has
  std::vector<std::string> unreadable;
};

// What a guest needs beyond its RAM on the target: QEMU's own memory.
inline constexpr std::int64_t qemu_overhead_kib = 128 * 1024;

struct Blocker {
  std::string id;       // stable: "vm.not-running", "drbd.not-uptodate", "vm.no-bridge", ...
  std::string message;  // one line, with what to do
};

// Why `guest` must not live-migrate from `source` to `target` now (empty:
// it may). `job` is the guest's current job on the source.
std::vector<Blocker> migration_blockers(const plan::Cluster& c, const plan::Vm& guest, const NodeFacts& source,
                                        const NodeFacts& target, const JobProgress& job);

// The node a guest runs on (or is defined on, when it runs nowhere), by
// what the nodes' libvirtds say; empty when none has it.
const DomainInfo* domain_in(const NodeFacts& facts, const std::string& name);

}  // namespace anvil::vm
