#include "fence/agent.hpp"

#include <sstream>

#include "exec/quote.hpp"

namespace anvil::fence {
namespace {

std::string last_meaningful_line(const std::string& text) {
  std::istringstream in(text);
  std::string last;
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // The agents' Python tracebacks end in the line that says why.
    last = line;
  }
  while (!last.empty() && (last.back() == '\r' || last.back() == ' ')) last.pop_back();
  return last;
}

}  // namespace

std::string AgentCall::stdin_text() const {
  std::string out;
  for (auto& [k, v] : options) out += k + "=" + v + "\n";
  return out;
}

std::string AgentCall::redacted() const {
  std::string out;
  for (auto& [k, v] : options) out += (out.empty() ? "" : " ") + k + "=" + (k == "passwd" ? std::string("********") : v);
  return agent + " (on stdin: " + out + ")";
}

AgentCall agent_call(const plan::Device& device, const plan::FenceStep& step, const std::string& action,
                     const std::string& password) {
  AgentCall call;
  call.agent = device.agent;
  call.options.emplace_back("action", action);
  call.options.emplace_back("ipaddr", device.address.ip.str());
  if (!device.login.empty()) call.options.emplace_back("login", device.login);
  if (!password.empty()) call.options.emplace_back("passwd", password);
  if (!step.port.empty()) call.options.emplace_back("port", step.port);
  for (auto& o : device.options) call.options.push_back(o);
  return call;
}

AgentResult run_agent(exec::Executor& node, const AgentCall& call, std::chrono::seconds deadline) {
  AgentResult r;
  const auto started = std::chrono::steady_clock::now();
  // The agent by name, as fenced runs it: from the node's PATH (EL6: /sbin,
  // /usr/sbin). `timeout` is anvil's own deadline's backstop on the node.
  auto result = node.run({"PATH=$PATH:/sbin:/usr/sbin; command -v " + exec::shell_quote(call.agent) +
                              " >/dev/null || exit 127; exec " + exec::shell_quote(call.agent),
                          call.stdin_text(), deadline, call.options.front().second != "status"});
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const bool status = call.options.front().second == "status";
  if (result.timed_out) {
    r.timed_out = true;
    r.message = "no answer within " + std::to_string(deadline.count()) + " s";
    return r;
  }
  if (result.exit_status == 127) {
    r.missing = true;
    r.message = call.agent + " is not installed on " + node.node();
    return r;
  }
  auto said = last_meaningful_line(result.err.empty() ? result.out : result.err);
  if (status && (result.exit_status == 0 || result.exit_status == 2)) {
    r.answered = r.succeeded = true;
    r.power = result.exit_status == 0 ? AgentResult::Power::on : AgentResult::Power::off;
    r.message = last_meaningful_line(result.out);
    return r;
  }
  if (!status && result.exit_status == 0) {
    r.answered = r.succeeded = true;
    r.message = last_meaningful_line(result.out);
    if (r.message.empty()) r.message = "Success";
    return r;
  }
  r.message = said.empty() ? result.describe() : said;
  return r;
}

const char* power_name(AgentResult::Power p) {
  switch (p) {
    case AgentResult::Power::on: return "on";
    case AgentResult::Power::off: return "off";
    case AgentResult::Power::unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace anvil::fence
