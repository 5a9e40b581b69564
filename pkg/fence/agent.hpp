// Running a real fence agent (fence_ipmilan, fence_apc_snmp, ...) on a node:
// its options go on stdin as KEY=VALUE lines, as fenced hands them over, so
// the password never appears on a command line or in a process listing.
// The names are the ones EL6's agents take (ipaddr, login, passwd, port),
// which current fence-agents still accept.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "exec/executor.hpp"
#include "plan/model.hpp"

namespace anvil::fence {

struct AgentCall {
  std::string agent;
  std::vector<std::pair<std::string, std::string>> options;  // action first; passwd among them
  std::string stdin_text() const;
  // The same with the password as ********: for output, logs and the ledger.
  std::string redacted() const;
};

// `action`: status, reboot, off, on. `password` empty: none is passed.
AgentCall agent_call(const plan::Device& device, const plan::FenceStep& step, const std::string& action,
                     const std::string& password);

struct AgentResult {
  enum class Power { on, off, unknown };
  bool answered = false;   // the agent got an answer from the device
  bool succeeded = false;  // the action did what it should
  Power power = Power::unknown;
  bool timed_out = false;
  bool missing = false;    // no such agent on the node
  std::string message;     // the agent's last line that says why, or its verdict
  std::chrono::milliseconds took{0};
};

// Runs the agent through `node` with a deadline. Status: exit 0 is on, 2 is
// off (the agents' convention), anything else a failure.
AgentResult run_agent(exec::Executor& node, const AgentCall& call, std::chrono::seconds deadline);

const char* power_name(AgentResult::Power p);  // "on", "off", "unknown"

}  // namespace anvil::fence
