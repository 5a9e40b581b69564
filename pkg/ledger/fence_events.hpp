// Fence events: every check of a fence device and every fencing, with its
// outcome, so that `anvil fence history` can tell when fencing last worked.
// No secret is ever part of an event.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/sqlite.hpp"

namespace anvil::ledger {

struct FenceEvent {
  std::int64_t id = 0;
  std::string cluster;
  std::string at;    // UTC, ISO 8601
  std::string kind;  // "check" or "fence"
  std::string node;  // the node the device fences
  std::string method;
  std::string device;
  std::string from_node;  // where the agent ran
  std::string action;     // status, reboot, off, on
  std::string outcome;    // "ok: power on", "failed: ..."
  std::int64_t took_ms = 0;
  std::optional<std::int64_t> run_id;
};

void record_fence_event(Db& db, const FenceEvent& e);
std::vector<FenceEvent> list_fence_events(Db& db, const std::string& cluster, int limit);

}  // namespace anvil::ledger
