// Running `anvil storage init` and `anvil storage lv create|remove` on the
// nodes: each reads both nodes first and refuses, changing nothing, what
// would destroy data that is there; then runs its steps in order, each
// checked (its exit status) before the next, through executors the caller
// gives (recording them in the ledger, under the nodes' locks).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "plan/model.hpp"
#include "storage/init_plan.hpp"
#include "storage/node_storage.hpp"

namespace anvil::storage {

struct StepDone {
  std::string node;
  std::string command;  // or "edit /etc/fstab"
  std::string output;   // what it printed
};

// Every step per node, as they would run: what --dry-run prints.
std::vector<StepDone> planned_init(const plan::Cluster& c, const std::vector<std::string>& nodes);

// Refusals for init from the nodes' state; empty when it may run.
std::vector<std::string> init_blockers(const plan::Cluster& c, const std::vector<NodeStorage>& nodes);

// Runs the init steps on `nodes` (the first is where the once-only steps
// run). Throws a failure at the first step that fails, naming it and what
// was done before it; returns what each step printed.
std::vector<StepDone> run_init(const plan::Cluster& c, const std::vector<exec::Executor*>& nodes);

// A guest disk: "VG/LV" or "/dev/VG/LV" -> {vg, lv}; the VG must be a
// planned clustered VG.
std::pair<std::string, std::string> guest_lv(const plan::Cluster& c, const std::string& path);

// Why `lvcreate` of vg/lv must not run, from the first node's state.
std::vector<std::string> lv_create_blockers(const plan::Cluster& c, const std::string& vg, const std::string& lv, const NodeStorage& first);
std::string lv_create_command(const std::string& vg, const std::string& lv, const std::string& size);

// Why vg/lv must not be removed: it is not there, a node holds it open, or
// a guest of the plan uses it and `defined(guest)` says it is defined on a
// node.
std::vector<std::string> lv_remove_blockers(const plan::Cluster& c, const std::string& vg, const std::string& lv,
                                            const std::vector<NodeStorage>& nodes, const std::function<bool(const std::string&)>& defined);
std::string lv_remove_command(const std::string& vg, const std::string& lv);

}  // namespace anvil::storage
